"""A progress display on stderr for long operations (quiet when stderr is not a terminal)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

LABELS = {"plan": "Reading posts", "apply": "Saving", "verify": "Verifying", "undo": "Restoring"}


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Callable[[str, int, int], None]]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ghostkit.cli.output import QUIET

    console = Console(stderr=True)
    if not enabled or QUIET["on"] or not console.is_terminal:
        yield lambda _phase, _done, _total: None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        tasks: dict[str, object] = {}

        def update(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(LABELS.get(phase, phase), total=total or None)
            bar.update(tasks[phase], completed=done, total=total or None)  # type: ignore[arg-type]

        yield update
