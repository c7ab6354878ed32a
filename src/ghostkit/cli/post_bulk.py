"""`ghostkit posts tags|authors|set` (and the same for pages): tags, authors and metadata
of every post a filter selects, as one run of the engine: previewed, journaled,
verified, undone with `ghostkit runs undo RUN`."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import typer

from ghostkit.cli.bulk import CONCURRENCY, DRY_RUN, JSON, REPORT, YES
from ghostkit.cli.context import SITE
from ghostkit.resources.spec import ResourceSpec

EVERY = typer.Option(False, "--all", help="Every one (no filter).")
FILTER = typer.Option(None, "--filter", help="NQL filter, e.g. 'tag:news+status:published'.")
UNDO = "Journaled like every bulk edit: `ghostkit runs undo RUN` puts each back as it was."


def add_bulk_commands(app: typer.Typer, spec: ResourceSpec) -> None:
    """Add `tags`, `authors` and `set` to the posts (or pages) app of `spec`."""
    name = spec.name
    tags = typer.Typer(
        help=f"Add or remove tags on many {name} at once.\n\n"
        f"Example: ghostkit {name} tags add news --filter 'featured:true' --dry-run",
        no_args_is_help=True,
        rich_markup_mode=None,
    )
    authors = typer.Typer(
        help=f"Add, set or remove authors of many {name} at once.\n\n"
        f"Example: ghostkit {name} authors add site --filter 'tag:news' --dry-run",
        no_args_is_help=True,
        rich_markup_mode=None,
    )
    app.add_typer(tags, name="tags")
    app.add_typer(authors, name="authors")

    def run(
        ctx: typer.Context,
        site: str | None,
        make: Callable[[Any], Coroutine[Any, Any, Any]],
        filter_: str | None,
        every: bool,
        **options: Any,
    ) -> None:
        """Check the selection, make the change with a client of its own (the lookups),
        then run it like every bulk edit."""
        import asyncio

        from ghostkit.cli.bulk import check_filter, run_and_report, site_label
        from ghostkit.cli.context import async_admin_client

        check_filter(filter_)
        if (filter_ is None) == (not every):
            from ghostkit.core.errors import UsageError

            raise UsageError(
                f"say which {name}: --filter NQL, or --all for every one",
                hint=f"such as --filter 'tag:news'; --dry-run shows which {name} would change",
            )

        async def prepared() -> Any:
            async with async_admin_client(ctx, site) as admin:
                return await make(admin)

        change = asyncio.run(prepared())
        run_and_report(
            async_admin_client(ctx, site),
            change,
            (name,),
            filter_,
            site=site_label(ctx, site),
            **options,
        )

    @tags.command("add")
    def tags_add(
        ctx: typer.Context,
        words: list[str] = typer.Argument(..., metavar="TAG...", help="Tag names or slugs."),
        first: bool = typer.Option(
            False, "--first", help="Put them first (the first is the primary tag)."
        ),
        create: bool = typer.Option(
            False, "--create", help="Make tags the site lacks (undo deletes them)."
        ),
        filter_: str = FILTER,
        every: bool = EVERY,
        dry_run: bool = DRY_RUN,
        yes: bool = YES,
        concurrency: int = CONCURRENCY,
        report: Path = REPORT,
        as_json: bool = JSON,
        site: str = SITE,
    ) -> None:
        from ghostkit.operations.post_relations import EditTags, find_tags

        async def make(admin: Any) -> EditTags:
            return EditTags("add", await find_tags(admin, words, create=create), first=first)

        run(
            ctx,
            site,
            make,
            filter_,
            every,
            dry_run=dry_run,
            yes=yes,
            concurrency=concurrency,
            as_json=as_json,
            report=report,
        )

    tags_add.__doc__ = (
        f"Add tags to every selected {spec.name[:-1]}, after the tags it has (--first: in front,\n"
        "the first becoming the primary tag). A tag is named by its name or slug; one the\n"
        "site lacks is refused unless --create makes it (once, before the first edit; undo\n"
        f"deletes it again). {UNDO}\n\n"
        "Examples:\n"
        f"  ghostkit {name} tags add news --filter 'featured:true' --dry-run\n"
        f"  ghostkit {name} tags add 'Big Story' --first --create --all --dry-run"
    )

    @tags.command("remove")
    def tags_remove(
        ctx: typer.Context,
        words: list[str] = typer.Argument(..., metavar="TAG...", help="Tag names or slugs."),
        filter_: str = FILTER,
        every: bool = EVERY,
        dry_run: bool = DRY_RUN,
        yes: bool = YES,
        concurrency: int = CONCURRENCY,
        report: Path = REPORT,
        as_json: bool = JSON,
        site: str = SITE,
    ) -> None:
        from ghostkit.operations.post_relations import EditTags, find_tags

        async def make(admin: Any) -> EditTags:
            return EditTags("remove", await find_tags(admin, words, create=False))

        run(
            ctx,
            site,
            make,
            filter_,
            every,
            dry_run=dry_run,
            yes=yes,
            concurrency=concurrency,
            as_json=as_json,
            report=report,
        )

    tags_remove.__doc__ = (
        f"Remove tags from every selected {spec.name[:-1]}; its other tags keep their order.\n"
        f"{UNDO}\n\n"
        f"Example: ghostkit {name} tags remove news --all --dry-run"
    )

    def authors_command(action: str, doc: str) -> None:
        def command(
            ctx: typer.Context,
            words: list[str] = typer.Argument(
                ..., metavar="AUTHOR...", help="Staff emails or slugs."
            ),
            filter_: str = FILTER,
            every: bool = EVERY,
            dry_run: bool = DRY_RUN,
            yes: bool = YES,
            concurrency: int = CONCURRENCY,
            report: Path = REPORT,
            as_json: bool = JSON,
            site: str = SITE,
        ) -> None:
            from ghostkit.operations import post_relations as relations

            async def make(admin: Any) -> relations.EditAuthors:
                await relations.check_may_edit_authors(admin)
                found = await relations.find_authors(admin, words)
                if action == "remove":
                    await relations.check_removal(admin, (name,), filter_, found)
                return relations.EditAuthors(action, found)

            run(
                ctx,
                site,
                make,
                filter_,
                every,
                dry_run=dry_run,
                yes=yes,
                concurrency=concurrency,
                as_json=as_json,
                report=report,
            )

        command.__doc__ = doc
        authors.command(action)(command)

    noun = spec.name[:-1]
    authors_command(
        "add",
        f"Add staff users (by email or slug) as authors of every selected {noun}, after the\n"
        f"authors it has. {UNDO}\n\n"
        f"Example: ghostkit {name} authors add site --filter 'tag:news' --dry-run",
    )
    authors_command(
        "set",
        f"Make these staff users, in this order, the authors of every selected {noun} (the\n"
        f"first is the primary author). {UNDO}\n\n"
        f"Example: ghostkit {name} authors set site --all --dry-run",
    )
    authors_command(
        "remove",
        f"Remove authors from every selected {noun}. Ghost refuses a {noun} without authors:\n"
        f"a removal that would leave one so is refused before anything is sent, naming them.\n"
        f"{UNDO}\n\n"
        f"Example: ghostkit {name} authors remove site --filter 'tag:guest-posts' --dry-run",
    )

    @app.command("set")
    def set_fields(
        ctx: typer.Context,
        assignments: list[str] = typer.Argument(..., metavar="FIELD=VALUE..."),
        tiers: str = typer.Option(
            None, "--tiers", help="For visibility=tiers: tier slugs or names, comma-separated."
        ),
        filter_: str = FILTER,
        every: bool = EVERY,
        dry_run: bool = DRY_RUN,
        yes: bool = YES,
        concurrency: int = CONCURRENCY,
        report: Path = REPORT,
        as_json: bool = JSON,
        site: str = SITE,
    ) -> None:
        from ghostkit.operations import post_fields

        post_fields.parse_assignments(assignments, tiers=[{"id": "-"}] if tiers else None)

        async def make(admin: Any) -> post_fields.SetFields:
            found = await find_tiers(admin, tiers) if tiers else None
            values = post_fields.parse_assignments(assignments, tiers=found)
            if values.get("status") == "published" and name == "posts":
                await post_fields.check_publishing(admin.posts, filter_)
            return post_fields.SetFields(values, tier_names=tuple(t["slug"] for t in found or ()))

        run(
            ctx,
            site,
            make,
            filter_,
            every,
            dry_run=dry_run,
            yes=yes,
            concurrency=concurrency,
            as_json=as_json,
            report=report,
        )

    set_fields.__doc__ = (
        f"Set fields of every selected {noun}: visibility (public, members, paid, tiers with\n"
        "--tiers), status (draft or published), featured (true or false), template\n"
        "(custom-NAME), canonical_url, feature_image, og_image, twitter_image, meta_title,\n"
        "meta_description, og_title, og_description, twitter_title, twitter_description,\n"
        "custom_excerpt, feature_image_alt, feature_image_caption. An empty VALUE clears a\n"
        "text or URL field.\n\n"
        "featured, visibility and unpublishing go through Ghost's bulk endpoint, one request\n"
        f"per 50 {name}, each pinned to the version read (a {noun} saved meanwhile is read\n"
        "again and sent again, keeping that edit); the other fields are edited one by one.\n"
        "Publishing never\n"
        "sends an email: ghostkit sends no newsletter, scheduled posts keep their status, and\n"
        "a post Ghost would email by itself is refused before anything is sent.\n"
        f"{UNDO}\n\n"
        "Examples:\n"
        f"  ghostkit {name} set featured=true --filter 'tag:news' --dry-run\n"
        f"  ghostkit {name} set visibility=paid --filter 'tag:premium' --dry-run\n"
        f"  ghostkit {name} set visibility=tiers --tiers default-product --all --dry-run\n"
        f"  ghostkit {name} set meta_description='From our archive' template= --all --dry-run"
    )


async def find_tiers(admin: Any, words: str) -> list[dict[str, Any]]:
    """The site's tiers that a comma-separated list names, by slug or name."""
    from ghostkit.core.errors import UsageError

    known = [t.to_dict() async for t in admin.tiers.iter()]
    found = []
    for word in (w.strip() for w in words.split(",")):
        tier = next(
            (t for t in known if word.lower() in (t["slug"], str(t.get("name")).lower())), None
        )
        if tier is None:
            raise UsageError(
                f"the site has no tier {word!r}", hint="see `ghostkit tiers list` for their slugs"
            )
        found.append({"id": tier["id"], "slug": tier["slug"]})
    return found
