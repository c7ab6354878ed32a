from ghostkit.cli.main import run

run()
