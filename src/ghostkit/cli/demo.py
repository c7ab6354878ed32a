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
    from ghostkit.cli.links import drive
    from ghostkit.cli.local import _progress
    from ghostkit.cli.plans import print_plan, print_summary
    from ghostkit.content.selection import LinkSelector
    from ghostkit.local import Instance
    from ghostkit.operations.api import default_runs_dir
    from ghostkit.operations.runner import Operation
    from ghostkit.operations.transforms import StripLinks
    from ghostkit.samples import sample_post

    instance = Instance("local")
    with _progress() as report:
        up = instance.up(progress=report)  # type: ignore[arg-type]
    typer.echo(f"1. Ghost is running at {up.status.url}/ (profile 'local').")

    running: dict[str, Operation] = {}

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
            operation = Operation(
                admin,
                StripLinks(LinkSelector()),
                runs_dir=default_runs_dir(),
                filter=f"tag:{DEMO_TAG}",
                site="local",
            )
            running["operation"] = operation
            with operation.holding_site():
                plan = await operation.plan()
                typer.echo("3. The plan (ghostkit links strip --dry-run):")
                print_plan(plan, diffs=False)
                if plan.changes:
                    typer.echo("   For example:")
                    typer.echo(plan.changes[0].diff())
                summary = await operation.apply(plan)
                summary.verify = await operation.verify(summary.run_id)
            typer.echo(
                "4. The run (ghostkit links strip --yes), verified as Ghost renders each post:"
            )
            print_summary(summary.as_dict())

    drive(main, lambda: running.get("operation"))
    typer.echo(
        f"Look at the posts in {up.status.admin_url} (login in the 'local' profile), "
        "then try: ghostkit links list --filter tag:ghostkit-demo"
    )
