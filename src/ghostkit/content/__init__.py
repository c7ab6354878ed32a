"""Ghost's content formats (Lexical, mobiledoc, and the HTML and Markdown inside their cards):
finding links and transforming documents without touching anything else. Each module is
imported where it is used (`ghostkit.content.builder` writes Lexical documents)."""
