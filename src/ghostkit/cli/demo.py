"""`ghostkit demo`: the whole link-removal job on a local Ghost, start to finish."""

from __future__ import annotations

import typer

DEMO_TAG = "ghostkit-demo"


def demo(
    posts: int = typer.Option(12, "--posts", min=1, max=500, help="Sample posts to create."),
) -> None:
    """Boot the local Ghost, seed sample posts full of links, preview the removal of every
    link, do it, verify it through Ghost's rendered HTML, and say how to undo it.

    Example: ghostkit demo --posts 20
    """
    import asyncio

    from ghostkit import AsyncGhostAdmin
    from ghostkit.cli.bulk import drive
    from ghostkit.cli.local import _progress
    from ghostkit.cli.plans import print_plan, print_summary
    from ghostkit.content.selection import LinkSelector
    from ghostkit.local import Instance
    from ghostkit.operations import Engine, Plan, Selection
    from ghostkit.operations.api import default_runs_dir
    from ghostkit.operations.transforms import StripLinks
    from ghostkit.samples import sample_post

    instance = Instance("local")
    with _progress() as report:
        up = instance.up(progress=report)  # type: ignore[arg-type]
    typer.echo(f"1. Ghost is running at {up.status.url}/ (profile 'local').")

    running: dict[str, Engine] = {}

    async def main() -> None:
        async with AsyncGhostAdmin.from_profile("local", paths=instance.paths) as admin:
            await admin.posts.bulk_delete(f"tag:{DEMO_TAG}")
            gate = asyncio.Semaphore(4)

            async def add(n: int) -> None:
                async with gate:
                    await admin.posts.add(
                        {**sample_post(n), "status": "published", "tags": [{"name": DEMO_TAG}]}
                    )

            await asyncio.gather(*(add(n) for n in range(posts)))
            typer.echo(
                f"2. Created {posts} sample posts tagged '{DEMO_TAG}', with links "
                "inline, in lists, quotes, headings, images, HTML, Markdown and cards."
            )
            engine = Engine(
                admin,
                StripLinks(LinkSelector()),
                runs_dir=default_runs_dir(),
                selection=Selection(filter=f"tag:{DEMO_TAG}"),
                site="local",
            )
            running["engine"] = engine

            def show(plan: Plan) -> bool:
                typer.echo("3. The plan (ghostkit links strip --dry-run):")
                print_plan(plan, diffs=False)
                typer.echo("   For example:")
                typer.echo(plan.changes[0].diff())
                return True

            outcome = await engine.run(confirm=show)
            typer.echo(
                "4. The run (ghostkit links strip --yes), verified as Ghost renders each post:"
            )
            if outcome.summary is not None:
                print_summary(outcome.summary.as_dict())

    drive(main, lambda: running.get("engine"))
    typer.echo(
        f"Look at the posts in {up.status.admin_url} (login in the 'local' profile), "
        "then try: ghostkit links list --filter tag:ghostkit-demo"
    )
