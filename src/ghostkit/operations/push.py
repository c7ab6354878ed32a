"""Pushing Markdown files to a site (`ghostkit posts push`) as a run of the engine.

Each file is read and checked before anything is sent (`PostFile.read`). The run reads the
posts the files name, by the id a file records, else by its slug (`PushFiles.selection`),
and plans each to the fields its file changes, by the rules of
`ghostkit.operations.markdown_files`: a body left as pulled is not sent, an edited body
never replaces a post written in Ghost's editor without `replace_content`, and a post
saved on the site since the pull is left alone without `force`. A file that names no post
is a new post (`additions`). The local images of what is really sent are uploaded once
the plan is made, before the first post is written (`upload_images`). After each save the
pulled file's record is refreshed (`saved`), so that the next push compares with it.

The run is journaled like any other, and `ghostkit runs undo RUN` takes it back: the posts
it created are deleted and the fields it changed put back. It is not resumed from its
journal (the files are rewritten as the run goes): pushing the same files again finishes
it, since a post already pushed plans to nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from ghostkit.content import lexical
from ghostkit.content.lexical_markdown import is_markdown_only, to_markdown
from ghostkit.content.markdown_lexical import markdown_to_lexical, markdown_to_lexical_str
from ghostkit.core.errors import ConfigurationError, UsageError
from ghostkit.core.files import write_file
from ghostkit.operations import tag_names
from ghostkit.operations.change import Change, Item, Patch, Selection, effective
from ghostkit.operations.creations import Creation
from ghostkit.operations.markdown_files import IMAGE, PostFile, file_mode, local_images
from ghostkit.operations.tag_names import Tag
from ghostkit.operations.writes import EDITED_MEANWHILE

if TYPE_CHECKING:
    from ghostkit.clients._async.admin import AsyncGhostAdmin
    from ghostkit.operations.engine import Engine
    from ghostkit.operations.plan import ItemPlan, Plan
    from ghostkit.operations.pool import Progress
    from ghostkit.operations.summary import Summary

Action = Literal["created", "updated", "unchanged", "conflict", "refused", "failed"]
ACTIONS: tuple[Action, ...] = ("created", "updated", "unchanged", "conflict", "refused", "failed")

SAVED_MEANWHILE = "saved on the site while this push ran: push it again"
SAVED_SINCE_PULL = (
    "saved on the site since it was pulled: pull it again, or push --force to "
    "overwrite the site's version"
)
DELETED_SINCE_PULL = "deleted on the site since it was pulled: push --force to create it again"
EDITOR_CONTENT = (
    "written in Ghost's editor: pushing this body would replace its content with what "
    "the Markdown holds, and cards without a Markdown form would be lost; edit it in "
    "Ghost, or push --replace-content"
)
NOT_RESUMED = (
    "push the same files again: the posts it pushed plan to nothing, the rest are pushed; "
    "`ghostkit runs undo RUN` takes back what it did"
)
"""What `ghostkit runs resume` says of a push run, which is not resumed from its journal."""


@dataclass(frozen=True)
class Pushed:
    action: Action
    reason: str | None = None


@dataclass
class PushedFile:
    """One file of the push: what it sends (its images' URLs once uploaded), the post it
    updates (`post_id`) or the slug it creates, and what became of it."""

    path: Path
    read: PostFile
    sent: PostFile
    post_id: str | None = None
    creates: str | None = None
    outcome: Pushed | None = None

    @property
    def named_id(self) -> str | None:
        """The post id the file names: its `id` field, or the one `pull` recorded."""
        given = self.read.front.get("id") or (self.read.sync or {}).get("id")
        return str(given) if given else None


def post_fields(post_file: PostFile, site_tags: Sequence[Tag] = ()) -> dict[str, Any]:
    """The fields a post file sends; its tags are the site's own where `site_tags` has
    them (see `tag_names.for_post`)."""
    front = post_file.front  # checked by PostFile.read: text is text, tags a list of names
    return {
        "title": front["title"],
        "slug": front["slug"],
        "lexical": markdown_to_lexical_str(post_file.body),
        "tags": tag_names.for_post(front.get("tags") or [], site_tags),
        "status": front.get("status") or "draft",
        "feature_image": front.get("feature_image"),
        "custom_excerpt": front.get("excerpt"),
    }


def markdown_holds(document: str | None) -> bool:
    """Whether Markdown holds the whole of a post's content, so that a push replacing it
    loses nothing: one Markdown card (as earlier pushes wrote it), or a document that its
    Markdown converts back to exactly (as a push writes it). Anything else was written in
    Ghost's editor."""
    try:
        if is_markdown_only(document):
            return True
        parsed = lexical.parse(str(document))
        return markdown_to_lexical(to_markdown(str(document))) == parsed
    except (ValueError, KeyError, TypeError):
        return False


class PushFiles(Change):
    """Markdown files pushed to a site: each post a file names planned to the fields the
    file changes, and a post added for each file that names none. `files` holds what
    became of each file, in the order given."""

    kind: ClassVar[str] = "push"
    reads: ClassVar[tuple[str, ...]] = (
        "slug",
        "title",
        "lexical",
        "tags",
        "status",
        "feature_image",
        "custom_excerpt",
    )
    resources: ClassVar[tuple[str, ...]] = ("posts",)
    replans: ClassVar[bool] = False
    """A push sets values: a post saved by someone else while it runs is left alone."""

    def __init__(
        self,
        files: Sequence[tuple[Path, PostFile]],
        *,
        force: bool = False,
        replace_content: bool = False,
    ) -> None:
        self.files = [PushedFile(path, read, read) for path, read in files]
        named: dict[str, Path] = {}
        for file in self.files:
            key = file.named_id or f"slug {file.read.front['slug']}"
            if key in named:
                raise ConfigurationError(
                    f"{named[key]} and {file.path} name the same post ({key})",
                    hint="push one of them, or give each its own slug",
                )
            named[key] = file.path
        self.force = force
        self.replace_content = replace_content
        self.site_tags: list[Tag] = []

    async def read_site_tags(self, admin: AsyncGhostAdmin) -> None:
        """The site's tags, which the files' tag names are sent as; read before the plan,
        so that a name two tags share (in other letter cases) is refused before anything."""
        if not any(file.read.front.get("tags") for file in self.files):
            return
        self.site_tags = [t.to_dict() async for t in admin.tags.iter(fields="id,slug,name")]
        for file in self.files:
            try:
                tag_names.for_post(file.read.front.get("tags") or [], self.site_tags)
            except UsageError as exc:
                raise UsageError(f"{file.path}: {exc.message}", hint=exc.hint) from None

    def _fields(self, post_file: PostFile) -> dict[str, Any]:
        return post_fields(post_file, self.site_tags)

    def describe(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "files": [str(file.path.resolve()) for file in self.files],
            "force": self.force,
            "replace_content": self.replace_content,
        }

    def selection(self) -> Selection:
        """The posts the files name: by id where a file records one, else by slug (both
        checked when the file was read, so they are safe in a filter)."""
        ids = sorted({i for file in self.files if (i := file.named_id)})
        slugs = sorted({file.read.front["slug"] for file in self.files if not file.named_id})
        parts = [f"id:[{','.join(ids)}]"] if ids else []
        parts += [f"slug:[{','.join(slugs)}]"] if slugs else []
        return Selection(("posts",), ",".join(parts))

    def _file_of(self, item: Item) -> PushedFile | None:
        post_id = str(item.get("id"))
        for file in self.files:
            if file.named_id == post_id or file.post_id == post_id:
                return file
        slug = item.get("slug")
        for file in self.files:
            if not file.named_id and file.post_id is None and file.read.front["slug"] == slug:
                return file
        return None

    def plan(self, item: Item) -> dict[str, Any] | None:
        file = self._file_of(item)
        if file is None:
            return None
        first = file.post_id is None  # planned again after a failed save: decided already
        file.post_id = str(item.get("id"))
        sync = file.read.sync
        if sync and not self.force and item.get("updated_at") != sync["updated_at"]:
            return self._decide(file, first, Pushed("conflict", SAVED_SINCE_PULL))
        keep_content = not file.read.body_changed
        editor = not markdown_holds(item.get("lexical"))
        if not keep_content and not self.replace_content and editor:
            return self._decide(file, first, Pushed("refused", EDITOR_CONTENT))
        fields = self._fields(file.sent)
        if keep_content:
            del fields["lexical"]
        changed = effective(item, Patch(fields))
        self._decide(file, first, Pushed("updated" if changed else "unchanged"))
        return fields

    @staticmethod
    def _decide(file: PushedFile, first: bool, outcome: Pushed) -> None:
        if first:
            file.outcome = outcome

    def additions(self, resource: str) -> list[dict[str, Any]]:
        """A new post for each file that names none on the site, unless the file names
        an id (then it is refused) or was pulled from a post deleted since (without
        `force`)."""
        bodies = []
        for file in self.files:
            if file.post_id is not None or resource != "posts":
                continue
            given = file.read.front.get("id")
            if given:
                reason = f"no post on the site has the id {given}: remove the id to create it"
                file.outcome = Pushed("refused", reason)
            elif file.read.sync and not self.force:
                file.outcome = Pushed("conflict", DELETED_SINCE_PULL)
            else:
                file.creates = str(file.read.front["slug"])
                file.outcome = Pushed("created")
                bodies.append(self._fields(file.sent))
        return bodies

    async def upload_images(self, admin: AsyncGhostAdmin, plan: Plan) -> None:
        """Upload the local images of what the plan sends and point it at their URLs:
        a body that is sent, and a feature image that is."""
        works: list[ItemPlan | Creation] = [*plan.changes, *plan.creations]
        for work in works:
            file = self._target_of(work)
            fields = work.patch if not isinstance(work, Creation) else work.body
            if file is None or not ("lexical" in fields or "feature_image" in fields):
                continue
            file.sent = await upload_local_images(admin, file.read, file.path.parent, file.path)
            sent = self._fields(file.sent)
            for name in ("lexical", "feature_image"):
                if name in fields:
                    fields[name] = sent[name]

    def _target_of(self, work: ItemPlan | Creation) -> PushedFile | None:
        if isinstance(work, Creation):
            return next((f for f in self.files if f.creates == work.slug), None)
        return next((f for f in self.files if f.post_id == work.id), None)

    def saved(self, work: ItemPlan | Creation, saved: Mapping[str, Any]) -> None:
        """A save or an add landed: refresh the record of the pulled file it came from."""
        file = self._target_of(work)
        if file is None or not file.read.sync:
            return
        record = file.sent.synced(saved.get("updated_at"), str(saved.get("id")))
        try:
            write_file(file.path, record.render(), mode=file_mode(saved.get("status")))
        except OSError as exc:
            reason = f"pushed, but its record could not be refreshed: {exc.strerror or exc}"
            file.outcome = Pushed(file.outcome.action if file.outcome else "updated", reason)

    def settle(self, summary: Summary) -> None:
        """What became of each file, once the run has ended: a failed save or add is a
        conflict (someone saved the post meanwhile) or a failure."""
        for file in self.files:
            key = file.post_id if file.creates is None else f"posts:{file.creates}"
            reason = summary.failures.get(key or "")
            if reason == EDITED_MEANWHILE:
                file.outcome = Pushed("conflict", SAVED_MEANWHILE)
            elif reason is not None:
                file.outcome = Pushed("failed", reason)


async def push(
    engine: Engine, *, dry_run: bool = False, progress: Progress | None = None
) -> Summary | None:
    """Run the engine's `PushFiles`: plan every file, then (unless `dry_run`, or nothing
    is to be sent) upload the images of what is sent and write, journaled, holding the
    site's lock from the plan to the end. The summary of the run, if there was one."""
    change = engine.change
    if not isinstance(change, PushFiles):
        raise TypeError("push runs a PushFiles change")
    await change.read_site_tags(engine.admin)
    if dry_run:
        await engine.plan(progress)
        return None
    with engine.holding_site():
        plan = await engine.plan(progress)
        if not plan.changes and not plan.creations:
            return None
        await change.upload_images(engine.admin, plan)
        summary = await engine.apply(plan, progress)
    change.settle(summary)
    return summary


@dataclass
class PushRun:
    """What `push_files` did: each file and what became of it, and the run (None when
    nothing was sent, or for a dry run)."""

    files: list[PushedFile]
    summary: Summary | None

    def actions(self) -> list[Action | None]:
        return [file.outcome.action if file.outcome else None for file in self.files]


def push_files(
    paths: Sequence[Path],
    profile: str | None = None,
    *,
    dry_run: bool = False,
    force: bool = False,
    replace_content: bool = False,
    runs_dir: Path | None = None,
) -> PushRun:
    """`ghostkit posts push`, for scripts: every file read and checked first, then pushed
    as one run to the saved `profile` (GHOST_URL and GHOST_ADMIN_API_KEY without one);
    `ghostkit.operations.undo(run.summary.run_id)` takes it back."""
    import asyncio

    from ghostkit.clients._async.admin import AsyncGhostAdmin
    from ghostkit.operations.api import default_runs_dir
    from ghostkit.operations.engine import Engine

    read = [(path, PostFile.read(path)) for path in paths]
    change = PushFiles(read, force=force, replace_content=replace_content)

    async def main() -> Summary | None:
        admin = AsyncGhostAdmin.from_profile(profile) if profile else AsyncGhostAdmin.from_env()
        async with admin:
            engine = Engine(
                admin,
                change,
                runs_dir=runs_dir or default_runs_dir(),
                selection=change.selection(),
                site=profile,
            )
            return await push(engine, dry_run=dry_run)

    return PushRun(change.files, asyncio.run(main()))


async def upload_local_images(
    admin: AsyncGhostAdmin, post_file: PostFile, folder: Path, source: Path | None = None
) -> PostFile:
    """Upload the images the file refers to by a local path inside `folder` (every one is
    checked before the first is sent, see `local_images`); return the file with their
    URLs. `source` is the Markdown file, named in errors."""
    files = local_images(post_file, folder, source=source)
    uploaded: dict[str, str] = {}
    for src, path in files.items():
        uploaded[src] = str((await admin.images.upload(path, purpose="image")).url)

    def remote(src: str) -> str:
        return uploaded.get(src, src)

    body = IMAGE.sub(lambda m: f"![{m['alt']}]({remote(m['src'])}{m['rest']})", post_file.body)
    front = dict(post_file.front)
    if front.get("feature_image"):
        front["feature_image"] = remote(str(front["feature_image"]))
    return PostFile(front, body)
