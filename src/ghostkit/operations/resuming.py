"""Finishing a run that stopped: plan again, skip every item already done, and settle
first what the journal leaves unknown.

An item whose edit was sent but not recorded (its answer never came) is read first. If
it holds what the run sent, the save was the run's own: it is recorded as done. If
someone else changed it since, it is recorded as changed by someone else, and undo
leaves it and says so. An add whose answer never came is recorded as the run's own
when the item it would have made is found by its slug. A run of another site or of
another kind is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ghostkit.operations import landed
from ghostkit.operations.journal import Journal, JournalError

if TYPE_CHECKING:
    from ghostkit.operations.engine import Engine
    from ghostkit.operations.pool import Progress
    from ghostkit.operations.summary import Summary


async def resume(engine: Engine, run_id: str, progress: Progress | None = None) -> Summary:
    """Finish run `run_id` with `engine` (made from the run's journal header)."""
    with engine.holding_site():
        journal = Journal.open(engine.runs_dir, run_id)
        state = journal.state()
        state.check_site(profile=engine.site, site_url=engine.admin.site_url)
        if state.header.kind and state.header.kind != engine.kind:
            raise JournalError(
                f"run {run_id} is a {state.header.kind} run, not a {engine.kind} run",
                hint=f"finish it with `ghostkit runs resume {run_id}`",
            )
        recovered = []
        for entry in state.unfinished():
            if entry.before is not None and await landed.settle(engine, journal, entry.before):
                recovered.append(entry.before)
        finished = {entry.id for entry in journal.state().done()}
        earlier = [e.before for e in state.done() if e.before is not None]
        return await engine.apply(
            None,
            progress,
            run_id=run_id,
            skip=finished,
            recovered=recovered,
            reverify=earlier,
            lost=[entry.id for entry in state.lost_creations()],
        )
