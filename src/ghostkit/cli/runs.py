"""`ghostkit runs`: the journal of every bulk edit, and undo.

`--site` means the same in every runs command: `list` shows that site's runs only, and
`show` and `undo` refuse a run made on another site (a run is undone on its own site).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ghostkit.cli.context import SITE

if TYPE_CHECKING:
    from ghostkit.operations.journal import Journal, PostEntry, RunState

COMMANDS = {
    "links-strip": "links strip",
    "links-rewrite": "links rewrite",
    "replace": "replace",
    "tags-merge": "tags merge",
    "tags-rename": "tags rename",
    "tags-delete-unused": "tags delete-unused",
    "post-tags": "posts|pages tags",
    "post-authors": "posts|pages authors",
    "set-fields": "posts|pages set",
    "images-rehost": "images rehost",
    "restore": "restore",
    "push": "posts push",
}
"""The command that makes each kind of run: the kinds of `BUILT_IN` and `NOT_RESUMED` in
ghostkit.operations.api (a test keeps them the same; the CLI does not import the engine
to start)."""
NOT_RESUMED = ("push",)
"""The kinds of run finished by running them again rather than by `runs resume`."""
MADE_BY = ", ".join(COMMANDS.values())
RESUMED = ", ".join(c for k, c in COMMANDS.items() if k not in NOT_RESUMED)

app = typer.Typer(
    help="Past bulk runs: list, inspect, resume, undo. Every command that changes many "
    f"items at once makes a run, journaled before each write: {MADE_BY}.\n\n"
    "Example: ghostkit runs list && ghostkit runs undo RUN --yes",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _runs_dir() -> Path:
    from ghostkit.operations.api import default_runs_dir

    return default_runs_dir()


def _profile_url(name: str) -> str | None:
    """The URL saved for profile `name`, if there is one (without reaching the site)."""
    from ghostkit.cli.context import paths
    from ghostkit.config import ProfileStore
    from ghostkit.core.errors import GhostError

    try:
        profile = ProfileStore(paths().config_file).find(name)
    except GhostError:
        return None
    return profile.url if profile else None


def _of_site(state: RunState, name: str) -> bool:
    """Whether the run was made on the site of profile `name`: by the profile it used,
    or by its URL."""
    from ghostkit.operations.journal import public_url

    if state.site == name:
        return True
    url = _profile_url(name)
    return bool(url and state.site_url and public_url(url) == state.site_url)


def _check_site(ctx: typer.Context, state: RunState, site: str | None) -> str | None:
    """The site asked for with --site (here or before the command), refused unless the
    run was made there (a run that recorded no site cannot be told apart)."""
    from ghostkit.cli.context import site_name

    name = site_name(ctx, site)
    if not name or name == "all":
        return None
    if _of_site(state, name) or (state.site is None and state.site_url is None):
        return name
    raise state.mismatch(repr(name))


def _status(entry: PostEntry) -> str:
    if entry.undone:
        return "undone"
    if entry.foreign:
        return "changed elsewhere" if not entry.done else "done, edited since"
    if entry.done:
        return "done"
    if entry.failed:
        return "failed"
    return "started"


@app.command("list")
def list_runs(
    ctx: typer.Context,
    site: str = SITE,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Every run, oldest first (with --site, that site's runs only). A journal that
    cannot be read is listed as damaged, with why.

    Example: ghostkit runs list --site blog
    """
    from ghostkit.cli.context import site_name
    from ghostkit.operations.journal import list_runs as read_runs

    name = site_name(ctx, site)
    rows: list[dict[str, Any]] = []
    for state in read_runs(_runs_dir()):
        if name and name != "all" and not state.damaged and not _of_site(state, name):
            continue
        rows.append(
            {
                "id": state.id,
                "site": state.site,
                "url": state.site_url,
                "operation": state.header.kind,
                "changed": len(state.done()),
                "failed": sum(1 for e in state.posts.values() if e.failed and not e.done),
                "undone": sum(1 for e in state.posts.values() if e.undone),
                "changed_elsewhere": sum(1 for e in state.posts.values() if e.foreign),
                "finished": bool(state.summaries),
                "damaged": state.damaged,
            }
        )
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        typer.echo(f"No runs on site {name}." if name and name != "all" else "No runs yet.")
        return
    for row in rows:
        if row["damaged"]:
            typer.echo(f"{row['id']}  damaged: {row['damaged']}")
            continue
        status = "finished" if row["finished"] else "interrupted"
        elsewhere = (
            f", {row['changed_elsewhere']} changed by someone else"
            if row["changed_elsewhere"]
            else ""
        )
        typer.echo(
            f"{row['id']}  {row['operation'] or '?':<12} site {row['site'] or row['url']}: "
            f"{row['changed']} changed, {row['failed']} failed, {row['undone']} undone"
            f"{elsewhere} ({status})"
        )


@app.command("show")
def show(
    ctx: typer.Context,
    run: str = typer.Argument(..., help="The run id."),
    site: str = SITE,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """What a run did: each item it edited (the fields written, why one was left), the
    items it created, the tags it deleted (and whether an undo recreated them), and the
    images a re-host uploaded (each source and its address on the site).

    Example: ghostkit runs show 20261124-231500-ab12
    """
    from ghostkit.operations.journal import Journal

    journal = Journal.open(_runs_dir(), run)
    state = journal.state()
    _check_site(ctx, state, site)
    posts = []
    for entry in state.posts.values():
        if entry.creating:
            continue  # an add the run sent, listed with its creations
        posts.append(
            {
                "id": entry.id,
                "resource": entry.resource,
                "slug": entry.slug,
                "status": _status(entry),
                "reason": entry.foreign or entry.failed or entry.undo_skipped,
                "fields": sorted(entry.before.fields) if entry.before else [],
                "counts": entry.done.counts if entry.done else {},
            }
        )
    creations, deletions, uploads = _creations(state), _deletions(journal), _uploads(journal)
    document = {
        "run": state.header.to_json(),
        "posts": posts,
        "creations": creations,
        "deletions": deletions,
        "uploads": uploads,
        "summaries": state.summaries,
    }
    if as_json:
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    header = state.header
    made_by = f" ({COMMANDS.get(header.kind or '', header.kind or 'a change of its own')})"
    typer.echo(f"Run {state.id}{made_by} on {state.where()}: {json.dumps(header.change)}")
    typer.echo(f"  selection: {', '.join(header.resources)}, filter {header.filter or '(none)'}")
    for post in posts:
        if any(post["id"] == made["id"] for made in creations):
            continue
        extra = f" ({post['reason']})" if post["reason"] else ""
        fields = f" [{', '.join(post['fields'])}]" if post["fields"] else ""
        typer.echo(f"  {post['status']:<8} {post['slug'] or post['id']}{fields}{extra}")
    for made in creations:
        extra = f" ({made['reason']})" if made["reason"] else ""
        typer.echo(f"  {made['status']:<8} {made['resource']} {made['slug']}{extra}")
    for gone in deletions:
        again = f", now {gone['recreated_as']}" if gone["recreated_as"] else ""
        typer.echo(
            f"  {gone['status']:<8} {gone['resource']} {gone['slug']} ({gone['name']}{again})"
        )
    for upload in uploads:
        typer.echo(f"  uploaded {upload['source']} -> {upload['url']}")


def _creations(state: RunState) -> list[dict[str, Any]]:
    """What the run added: each item made (deleted again by an undo, or left by it), and
    each add that failed or whose answer never came."""
    made = []
    for entry in state.posts.values():
        if entry.created is not None and entry.creating is None:
            status = "undone" if entry.undone else "created"
            reason = entry.foreign or entry.undo_skipped
            made.append({"id": entry.id, "status": status, "reason": reason})
        elif entry.creating is not None and entry.created is None:
            status = "failed" if entry.failed else "lost"
            reason = (
                entry.failed or "sent, its answer never recorded (a resume finds it by its slug)"
            )
            made.append({"id": None, "status": status, "reason": reason})
        else:
            continue
        record = entry.created or entry.creating
        assert record is not None
        made[-1] |= {"resource": record.resource, "slug": record.slug}
    return made


def _deletions(journal: Journal) -> list[dict[str, Any]]:
    """The items the run deleted, each as it was recorded before its DELETE: deleted,
    recreated by an undo (with its new id), or sent without its outcome recorded (a
    resume or an undo settles it)."""
    from ghostkit.operations.deletions import Deletions

    found = Deletions.of(journal)
    gone = []
    for item_id, deleting in found.deleting.items():
        again = found.recreated.get(item_id)
        status = "recreated" if again else "deleted" if item_id in found.deleted else "sent"
        gone.append(
            {
                "id": item_id,
                "resource": deleting.resource,
                "slug": deleting.slug,
                "name": deleting.item.get("name"),
                "status": status,
                "recreated_as": again,
            }
        )
    return gone


def _uploads(journal: Journal) -> list[dict[str, Any]]:
    """The images a re-host uploaded: each source and where the site serves it."""
    from ghostkit.operations.image_uploads import uploads_in

    return [
        {"source": u.source, "url": u.url, "size": u.size, "content_type": u.content_type}
        for u in uploads_in(journal.records())
    ]


@app.command("undo")
def undo(
    ctx: typer.Context,
    run: str = typer.Argument(..., help="The run id (see `ghostkit runs list`)."),
    site: str = SITE,
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask."),
    concurrency: int = typer.Option(4, "--concurrency", "-c", min=1, max=16),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Take back what a run did, except items edited since (they are listed)."""
    import asyncio

    from ghostkit.cli.context import async_admin_client
    from ghostkit.cli.progress import progress_bar
    from ghostkit.operations.journal import Journal
    from ghostkit.operations.undo import undo as undo_run

    state = Journal.open(_runs_dir(), run).state()
    profile = _check_site(ctx, state, site) or state.site
    admin = async_admin_client(ctx, profile)
    state.check_site(profile=profile, site_url=admin.site_url)
    from ghostkit.cli.confirm import confirm

    if not confirm(f"Take back {len(state.done())} items changed by run {run}?", yes=yes):
        raise typer.Abort()

    async def main() -> dict[str, object]:
        async with admin:
            with progress_bar(not as_json) as progress:
                return await undo_run(
                    admin,
                    _runs_dir(),
                    run,
                    concurrency=concurrency,
                    progress=progress,
                    profile=profile,
                )

    result = asyncio.run(main())
    if as_json:
        typer.echo(json.dumps(result))
        return
    typer.echo(f"Took back {result['restored']} items.")
    skipped = result["skipped"]
    assert isinstance(skipped, dict)
    for post_id, reason in skipped.items():
        typer.echo(f"  left {post_id}: {reason}")
    uploads = result.get("uploads")
    if isinstance(uploads, list) and uploads:
        typer.echo(f"The run uploaded {len(uploads)} images; {result['uploads_note']}:")
        for upload in uploads:
            typer.echo(f"  {upload['url']} (was {upload['source']})")


undo.__doc__ = f"""Take back what a run did (a run of {MADE_BY}), except the items
edited since the run, which are listed and left as they are.

Every document and field the run wrote is put back (Lexical byte for byte); the tags it
deleted are recreated, with every field they held, and re-attached where they were; what
it created (a restore's items, the tag a merge or --create added) is deleted again. The
images a re-host uploaded are listed: Ghost's Admin API cannot delete them. The run's own
site is used; --site naming another site is refused.

Example: ghostkit runs undo 20261124-231500-ab12 --yes
"""
