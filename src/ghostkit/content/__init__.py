"""Ghost's content formats (Lexical, mobiledoc, and the HTML and Markdown inside their cards):
finding links and transforming documents without touching anything else."""

from ghostkit.content import builder

__all__ = ["builder"]
