"""How the CLI shows errors: one line, a hint, an exit code; a traceback only with --debug."""

from __future__ import annotations

import sys
import traceback

import typer

from ghostkit.cli import exits
from ghostkit.core.errors import GhostError
from ghostkit.core.redact import redact_text


class CommandFailedError(GhostError):
    """A failure a command found itself (after the server answered), with the exit code
    that says what kind of failure it is."""

    def __init__(self, message: str, *, hint: str | None = None, exit_status: int) -> None:
        super().__init__(message, hint=hint)
        self.exit_status = exit_status


def report_error(error: BaseException, *, debug: bool) -> int:
    if isinstance(error, typer.Abort):
        print("Aborted.", file=sys.stderr)
        return exits.FAILURE
    if isinstance(error, typer.Exit):
        return int(error.exit_code)
    show, code = getattr(error, "show", None), getattr(error, "exit_code", None)
    if callable(show) and isinstance(code, int):  # a usage error: the parser's own message
        show()
        return code
    if isinstance(error, KeyboardInterrupt):
        print("Interrupted.", file=sys.stderr)
        return 130
    if debug:
        traceback.print_exception(error)
    if isinstance(error, GhostError):
        print(f"error: {redact_text(error.message)}", file=sys.stderr)
        if error.hint:
            print(f"hint: {redact_text(error.hint)}", file=sys.stderr)
        if isinstance(error, CommandFailedError):
            return error.exit_status
        return exits.exit_code(error)
    print(f"error: {type(error).__name__}: {redact_text(str(error))}", file=sys.stderr)
    if not debug:
        print("hint: run again with --debug for the traceback", file=sys.stderr)
    return exits.FAILURE
