"""The `ghostkit` command line: a thin shell over the library."""
