"""`ghostkit posts` and `ghostkit pages`: the generic commands plus publishing and content."""

from __future__ import annotations

import sys
from datetime import timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ghostkit.cli.context import SITE
from ghostkit.cli.output import JSON
from ghostkit.cli.post_bulk import add_bulk_commands
from ghostkit.cli.resource_input import key_metavar, read_key, resolve_id
from ghostkit.cli.resources import resource_app
from ghostkit.resources.spec import ResourceSpec

if TYPE_CHECKING:
    from ghostkit.operations.push import PushFiles
    from ghostkit.operations.summary import Summary


def content_body(
    html: str | None, markdown: Path | None, lexical: Path | None
) -> tuple[dict[str, str], dict[str, Any]]:
    """The body fields and options of `add` for content given as HTML, Markdown or Lexical:
    HTML and Markdown are made Lexical (rich text and cards) by the client, local images
    uploaded from the Markdown file's folder (for HTML, the current folder)."""
    from ghostkit.core.errors import ConfigurationError

    given = [x for x in (html, markdown, lexical) if x is not None]
    if len(given) > 1:
        raise ConfigurationError("give only one of --html, --markdown and --lexical")
    if html is not None:
        return {"html": html}, {"images_from": Path.cwd()}
    if markdown is not None:
        return {"markdown": _read(markdown)}, {"images_from": markdown.parent}
    if lexical is not None:
        from ghostkit.content import lexical as lexical_format

        text = _read(lexical)
        try:
            lexical_format.parse(text)
        except ValueError as exc:
            raise ConfigurationError(f"{lexical} is not a Lexical document: {exc}") from exc
        return {"lexical": text}, {}
    return {}, {}


def _read(path: Path) -> str:
    from ghostkit.core.errors import ConfigurationError

    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigurationError(f"no file at {path}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigurationError(f"{path} is not UTF-8 text") from exc


def content_app(spec: ResourceSpec) -> typer.Typer:
    app = resource_app(spec)
    noun = spec.name[:-1]

    def items(ctx: typer.Context, site: str | None) -> tuple[Any, Any]:
        from ghostkit.cli.resources import one_site_admin

        admin = one_site_admin(ctx, site)
        return admin, getattr(admin, spec.name)

    @app.command("new")
    def new(
        ctx: typer.Context,
        title: str = typer.Option(..., "--title", "-t"),
        html: str = typer.Option(
            None, "--html", help="The content as HTML; <img src> paths are from this folder."
        ),
        markdown: Path = typer.Option(
            None, "--markdown", help="A Markdown file; its local images are uploaded."
        ),
        lexical: Path = typer.Option(None, "--lexical", help="A Lexical JSON file."),
        status: str = typer.Option("draft", "--status", help="draft or published."),
        tag: list[str] = typer.Option(
            [], "--tag", help="A tag, by name or slug (the site's own if it has it); repeatable."
        ),
        site: str = SITE,
        as_json: bool = JSON,
    ) -> None:
        from ghostkit.cli.output import one
        from ghostkit.core.errors import UsageError
        from ghostkit.operations import tag_names

        if not title.strip():
            raise UsageError("--title is empty", hint=f"give the {noun} a title")
        if any(not name.strip() for name in tag):
            raise UsageError("a --tag is empty", hint="give each --tag a tag name")
        if status not in ("draft", "published"):
            raise UsageError(
                f"--status {status!r} is not draft or published",
                hint=f"to publish later, write a draft, then: ghostkit {spec.name} schedule ID "
                "--at 'tomorrow 09:00'",
            )
        body, options = content_body(html, markdown, lexical)
        admin, resource = items(ctx, site)
        with admin:
            site_tags = [t.to_dict() for t in admin.tags.iter(fields="id,slug,name")] if tag else []
            tags = tag_names.for_post(tag, site_tags)
            item = resource.add({"title": title, "status": status, **body, "tags": tags}, **options)
        one(item.to_dict(), as_json)

    new.__doc__ = (
        f"Write a new {noun} from HTML, a Markdown file or a Lexical file.\n\n"
        "Markdown and HTML become the editor's own rich text and cards (headings, lists, "
        "images); images named by a path relative to the Markdown file are uploaded.\n\n"
        f"Example: ghostkit {spec.name} new --title Hello --markdown hello.md"
    )

    key = typer.Argument(..., metavar=key_metavar(spec), help="An id, or a slug.")

    @app.command("publish")
    def publish(
        ctx: typer.Context,
        item_id: str = key,
        newsletter: str = typer.Option(
            None, "--newsletter", help="Also email it: a newsletter slug."
        ),
        segment: str = typer.Option(
            None, "--segment", help="Who gets the email (NQL), e.g. status:free."
        ),
        site: str = SITE,
    ) -> None:
        from ghostkit.core.errors import ConfigurationError, UsageError

        how = read_key(spec, item_id)  # refused before anything is sent
        if segment and not newsletter:
            raise ConfigurationError(
                "--segment needs --newsletter", hint="name the newsletter that sends the email"
            )
        admin, resource = items(ctx, site)
        with admin:
            current = resource.read(**how)
            if current.status == "published":
                if newsletter:
                    raise UsageError(
                        f"{current.slug} is published already: Ghost emails a {noun} only "
                        "when it is first published",
                        hint=f"unpublish it, then publish it with --newsletter (Ghost emails "
                        f"a {noun} once at most)",
                    )
                typer.echo(f"{current.slug} is published already ({current.url}).")
                return
            item = resource.publish(current.id, newsletter=newsletter, email_segment=segment)
        typer.echo(f"Published {item.slug} ({item.url}).")

    publish.__doc__ = f"Publish a {noun} now.\n\nExample: ghostkit {spec.name} publish ID"

    @app.command("unpublish")
    def unpublish(ctx: typer.Context, item_id: str = key, site: str = SITE) -> None:
        how = read_key(spec, item_id)  # refused before anything is sent
        admin, resource = items(ctx, site)
        with admin:
            current = resource.read(**how)
            if current.status == "draft":
                typer.echo(f"{current.slug} is a draft already.")
                return
            item = resource.unpublish(current.id)
        typer.echo(f"{item.slug} is a draft again.")

    unpublish.__doc__ = (
        f"Turn a {noun} back into a draft.\n\nExample: ghostkit {spec.name} unpublish ID"
    )

    @app.command("schedule")
    def schedule(
        ctx: typer.Context,
        item_id: str = key,
        at: str = typer.Option(
            ...,
            "--at",
            help="'tomorrow 09:00', 'in 3 hours', "
            "'2030-05-01 09:00' (the site's timezone) or an ISO time.",
        ),
        newsletter: str = typer.Option(None, "--newsletter"),
        segment: str = typer.Option(None, "--segment"),
        yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask."),
        site: str = SITE,
    ) -> None:
        from datetime import datetime
        from zoneinfo import ZoneInfo

        from ghostkit.cli.when import parse_when
        from ghostkit.core.errors import ConfigurationError

        read_key(spec, item_id)  # refused before anything is sent
        admin, resource = items(ctx, site)
        with admin:
            item_id = resolve_id(spec, resource, item_id)
            zone_name = str(admin.settings.get("timezone").get("timezone") or "UTC")
            zone = ZoneInfo(zone_name)
            when = parse_when(at, zone)
            local = when.astimezone(zone)
            if when <= datetime.now(timezone.utc):
                raise ConfigurationError(
                    f"{local:%Y-%m-%d %H:%M} {zone_name} is in the past",
                    hint=f"give a time to come, or publish it now: ghostkit {spec.name} publish ID",
                )
            typer.echo(
                f"Publishing at {local:%Y-%m-%d %H:%M} {zone_name} "
                f"({when.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC)."
            )
            if not yes and sys.stdin.isatty():
                typer.confirm("Schedule it?", abort=True)
            item = resource.schedule(item_id, when, newsletter=newsletter, email_segment=segment)
        typer.echo(f"{item.slug} is scheduled for {item.published_at}.")

    schedule.__doc__ = (
        f"Publish a {noun} later.\n\nExample: ghostkit {spec.name} schedule ID "
        "--at 'tomorrow 09:00'"
    )

    @app.command("copy")
    def copy(
        ctx: typer.Context,
        item_id: str = key,
        site: str = SITE,
        as_json: bool = JSON,
    ) -> None:
        from ghostkit.cli.output import one

        read_key(spec, item_id)  # refused before anything is sent
        admin, resource = items(ctx, site)
        with admin:
            item = resource.copy(resolve_id(spec, resource, item_id))
        one(item.to_dict(), as_json)

    copy.__doc__ = f"A draft copy of a {noun}.\n\nExample: ghostkit {spec.name} copy ID"
    add_bulk_commands(app, spec)
    if spec.name == "posts":
        app.command("push")(push)
        app.command("pull")(pull)
    return app


def push(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, metavar="FILE.md..."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Say what would happen only."),
    force: bool = typer.Option(
        False, "--force", help="Overwrite posts saved on the site since they were pulled."
    ),
    replace_content: bool = typer.Option(
        False,
        "--replace-content",
        help="Let an edited body replace a post written in Ghost's editor (its cards are lost).",
    ),
    site: str = SITE,
) -> None:
    """Create or update posts from Markdown files with front matter (title, slug, tags,
    status, feature_image, excerpt), matched by slug (or by the id a pulled file
    records); local images inside each file's folder are uploaded. Every file is checked
    before anything is sent: a field of the wrong type, bad YAML, a slug Ghost would not
    keep, or an image outside the file's folder (a link out of it included) or missing is
    an error naming the file and the field or image (exit 3).

    A file from `posts pull` remembers the post's version: a post saved on the site since
    is left alone (exit 6), and a post written in Ghost's editor keeps its content unless
    the body was edited and --replace-content is given (exit 1 otherwise).

    A push is journaled like any bulk edit: `ghostkit runs undo RUN` deletes the posts it
    created and puts back what it changed. See docs/posts.md.

    Example: ghostkit posts push drafts/*.md
    """
    import asyncio
    import signal

    from ghostkit.cli.backup import stop_between_items
    from ghostkit.cli.context import async_admin_client, chosen_profile
    from ghostkit.cli.plans import engine_for
    from ghostkit.cli.progress import progress_bar
    from ghostkit.operations.markdown_files import PostFile
    from ghostkit.operations.push import NOT_RESUMED, PushFiles
    from ghostkit.operations.push import push as push_files

    read = [(path, PostFile.read(path)) for path in files]  # every file checked first
    change = PushFiles(read, force=force, replace_content=replace_content)
    admin = async_admin_client(ctx, site)
    engine = engine_for(admin, change, change.selection(), site=chosen_profile(ctx, site))

    async def main() -> Summary | None:
        async with admin:
            with progress_bar(len(files) > 3) as progress:
                return await push_files(engine, dry_run=dry_run, progress=progress)

    previous = signal.getsignal(signal.SIGINT)
    stop_between_items(engine)
    try:
        summary = asyncio.run(main())
    except KeyboardInterrupt:
        if engine.run_id is None:
            typer.echo("Interrupted before anything was pushed.", err=True)
        else:
            typer.echo(f"error: interrupted: push run {engine.run_id} stopped part-way", err=True)
            typer.echo(f"hint: {NOT_RESUMED.replace('RUN', engine.run_id)}", err=True)
        raise typer.Exit(130) from None
    finally:
        signal.signal(signal.SIGINT, previous)
    _show_push(change, summary, dry_run)


def _show_push(change: PushFiles, summary: Summary | None, dry_run: bool) -> None:
    """One line per file (and why, for a file left as it is), what was done, the run and
    how to take it back, the exit code."""
    from ghostkit.cli.exits import CONFLICT, FAILURE
    from ghostkit.operations.push import ACTIONS

    actions: list[str] = []
    for file in change.files:
        action = file.outcome.action if file.outcome else "unchanged"
        actions.append(action)
        typer.echo(f"{action:<9} {file.path}")
        if file.outcome and file.outcome.reason:
            typer.echo(f"  {file.path}: {file.outcome.reason}", err=True)
    problems = ((summary.verify if summary else None) or {}).get("problems") or {}
    for item, problem in problems.items():
        typer.echo(f"  not as pushed: {item}: {problem}", err=True)
    counted = [f"{actions.count(a)} {a}" for a in dict.fromkeys(ACTIONS) if a in actions]
    line = ("Nothing sent (dry run): " if dry_run else "") + ", ".join(counted) + "."
    if summary is not None:
        run_id = summary.run_id
        line = f"{line[:-1]} (run {run_id}; take it back with: ghostkit runs undo {run_id})."
    typer.echo(line)
    if "conflict" in actions:
        raise typer.Exit(CONFLICT)
    if {"refused", "failed"} & set(actions) or problems:
        raise typer.Exit(FAILURE)


def pull(
    ctx: typer.Context,
    folder: Path = typer.Argument(..., file_okay=False, metavar="DIR"),
    filter_: str = typer.Option(None, "--filter", help="NQL filter."),
    force: bool = typer.Option(False, "--force", help="Overwrite files with local changes."),
    site: str = SITE,
) -> None:
    """Write posts to DIR as SLUG.md, Markdown with front matter that records the post's
    version for `posts push`. A file with changes not pushed yet is kept (exit 6).
    Nothing is written outside DIR: a slug that is not safe as a file name gets a plain
    name (and a note). DIR is created 0700 if missing; drafts are written 0600.

    Example: ghostkit posts pull --filter tag:news notes/
    """
    from ghostkit.cli.context import admin_client
    from ghostkit.cli.exits import CONFLICT
    from ghostkit.cli.progress import progress_bar
    from ghostkit.operations.markdown_files import pull as pull_posts

    written = kept = 0
    with admin_client(ctx, site) as admin, progress_bar() as progress:
        for pulled in pull_posts(admin, folder, filter=filter_, force=force):
            if pulled.written:
                written += 1
                if pulled.note:
                    typer.echo(f"note: {pulled.note}", err=True)
            else:
                kept += 1
                typer.echo(f"kept {pulled.path}: {pulled.reason}", err=True)
            progress("Pulling", written + kept, 0)
    typer.echo(f"Wrote {written} posts to {folder}." + (f" Kept {kept} files." if kept else ""))
    if kept:
        raise typer.Exit(CONFLICT)
