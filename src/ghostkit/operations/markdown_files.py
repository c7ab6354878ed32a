"""Posts as Markdown files with front matter: push them to a site, pull them back.

    ---
    title: Hello
    slug: hello
    tags: [news, release]
    status: draft
    feature_image: images/cover.jpg
    excerpt: A short summary.
    ghost: {id: ..., updated_at: '2026-11-25T10:15:00.000Z', body_digest: ..., front_digest: ...}
    ---
    The body, in Markdown.

A pushed post keeps its Markdown exactly, as one Markdown card (how Ghost's editor stores
Markdown), so pulling it gives the same file back, and pushing that again changes nothing.
Local images the Markdown (or `feature_image`) refers to by a relative path are uploaded
and their URLs rewritten: only files inside the Markdown file's folder (or a folder inside
it), resolved with symbolic links followed, so a file written elsewhere (pulled from a
site, say) cannot make a push upload `../../.ssh/id_rsa`. A URL, a path from the site's
root (`/content/images/...`) and `__GHOST_URL__` are left as they are. Every image is
checked when the file is read, before anything is sent (`local_images`).

The front matter is checked field by field before anything is sent (`front_matter`).

`pull` adds the `ghost` entry: the post's id and `updated_at` and digests of what was
pulled. With it, `push` finds the post by id (so the slug can change) and can tell what
changed where:

- a post saved on the site since the pull is left alone (`--force` overwrites it), and
  one deleted there is not created again (`--force` does);
- a body left as pulled is not sent, so the site's content stays exactly as it is;
- a post written in Ghost's editor never has its content replaced by a Markdown card
  (its cards would be lost) unless `replace_content` says so; front matter still updates.

`pull` never overwrites a file with local changes (`--force` does). A file without the
`ghost` entry (written by hand) is taken as the truth for its post, except that an
editor-written post's content is still protected.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from ghostkit.clients._sync.admin import GhostAdmin
from ghostkit.content import lexical
from ghostkit.content.lexical_markdown import is_markdown_only, to_markdown
from ghostkit.core.errors import ConfigurationError, NotFoundError, UpdateCollisionError
from ghostkit.core.files import PRIVATE, contained, kind_of, make_folder, within, write_file
from ghostkit.models.content import Post
from ghostkit.operations.front_matter import (
    FIELDS,
    SYNC,
    check_front,
    default_slug,
    file_name,
    shown,
    split,
)

_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?P<rest>[^)]*)\)")
_NOT_LOCAL = re.compile(r"^[a-z][a-z0-9+.-]*:|^/|^__GHOST_URL__", re.IGNORECASE)
"""A URL (any scheme), a path from the site's root, or Ghost's own placeholder."""


def digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class PostFile:
    front: dict[str, Any]
    body: str

    @classmethod
    def read(cls, path: Path, *, check_slug: bool = True, check_images: bool = True) -> PostFile:
        """The file at `path`, its front matter checked field by field (see `check_front`),
        and, when its body is to be sent (changed since the pull, or written by hand), the
        local images it names (see `local_images`).

        A UTF-8 byte order mark is skipped. `check_slug=False` and `check_images=False`
        take the file as it is (to compare a pulled file with the site's version, never to
        send it).
        """
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ConfigurationError(
                f"{path} is not UTF-8 text", hint="save it as UTF-8 and try again"
            ) from exc
        except OSError as exc:
            raise ConfigurationError(
                f"cannot read {path}: {exc.strerror or exc}", hint="check the path"
            ) from exc
        front, text = split(path, text)
        front = check_front(path, front, check_slug=check_slug)
        if "slug" not in front:
            front["slug"] = default_slug(path.stem)
            if not front["slug"]:
                raise ConfigurationError(
                    f"{path}: no slug can be made from the file name",
                    hint="add one to the front matter, e.g. slug: my-post",
                )
        front.setdefault("title", path.stem.replace("-", " ").capitalize())
        post_file = cls(front, text)
        if check_images and post_file.body_changed:
            local_images(post_file, path.parent, source=path)
        return post_file

    @property
    def sync(self) -> dict[str, Any] | None:
        """What `pull` recorded, or None for a file written by hand."""
        value = self.front.get(SYNC)
        return value if isinstance(value, dict) and value.get("updated_at") else None

    @property
    def body_changed(self) -> bool:
        """Whether the body differs from what was pulled (always, for a hand-written file)."""
        return self.sync is None or self.sync.get("body_digest") != digest(self.body)

    @property
    def front_changed(self) -> bool:
        """Whether the front matter differs from what was pulled."""
        return self.sync is None or self.sync.get("front_digest") != digest(self._head())

    def synced(self, updated_at: str | None, post_id: str | None = None) -> PostFile:
        """This file with a fresh record of what the site holds (see the module's rules)."""
        known_id = post_id or (self.sync or {}).get("id")
        record = {
            **({"id": known_id} if known_id else {}),
            "updated_at": updated_at,
            "body_digest": digest(self.body),
            "front_digest": digest(self._head()),
        }
        return PostFile({**self.front, SYNC: record}, self.body)

    def _head(self, extra: dict[str, Any] | None = None) -> str:
        names = (*FIELDS, "id")
        front = {k: self.front[k] for k in names if self.front.get(k) not in (None, "", [])}
        merged = {**front, **(extra or {})}
        return yaml.safe_dump(merged, sort_keys=False, allow_unicode=True, width=1000)

    def render(self) -> str:
        head = self._head({SYNC: self.sync} if self.sync else None)
        return f"---\n{head}---\n{self.body}"


def post_fields(post_file: PostFile) -> dict[str, Any]:
    front = post_file.front  # checked by PostFile.read: text is text, tags a list of names
    fields: dict[str, Any] = {
        "title": front["title"],
        "slug": front["slug"],
        "lexical": lexical.markdown_document(post_file.body),
        "tags": [{"name": t} for t in front.get("tags") or []],
        "status": front.get("status") or "draft",
        "feature_image": front.get("feature_image"),
        "custom_excerpt": front.get("excerpt"),
    }
    return fields


def local_images(
    post_file: PostFile, folder: Path, *, source: Path | None = None
) -> dict[str, Path]:
    """The files on this machine that the body's images and `feature_image` name, by
    reference, each a file inside `folder` (see the module's rules); a ConfigurationError
    naming `source` (the Markdown file) and the reference for the first that is not."""
    found: dict[str, Path] = {}
    references = [m["src"] for m in _IMAGE.finditer(post_file.body)]
    if post_file.front.get("feature_image"):
        references.append(str(post_file.front["feature_image"]))
    for src in references:
        if src not in found and not _NOT_LOCAL.match(src):
            found[src] = _local_image(folder, src, source)
    return found


def _local_image(folder: Path, src: str, source: Path | None) -> Path:
    named = repr(src) if len(repr(src)) <= 80 else "'..." + repr(src)[-76:]  # the file's end
    where = f"{source}: the image {named}" if source else f"the image {named}"
    relative = "image paths are relative to the Markdown file's folder"
    try:
        path = within(folder, src)
        kind = kind_of(path) if path is not None else None
    except ConfigurationError as error:
        reason = error.message.rpartition(": ")[2]
        raise ConfigurationError(
            f"{where} cannot be used: {reason}", hint=f"{relative}: check the path"
        ) from None
    if path is None and src.strip("./") == "":
        kind = "folder"  # the folder itself
    elif path is None:
        raise ConfigurationError(
            f"{where} is outside the folder {folder}: only images inside it are uploaded",
            hint="copy the image into that folder (or a folder inside it), or give its URL",
        )
    if kind is None:
        raise ConfigurationError(
            f"{where} does not exist (looked in {folder})", hint=f"{relative}: check the path"
        )
    if kind == "folder" or path is None or not path.is_file():
        raise ConfigurationError(f"{where} is not a file", hint=f"{relative}: name an image file")
    return path


def upload_local_images(
    admin: GhostAdmin, post_file: PostFile, folder: Path, *, source: Path | None = None
) -> PostFile:
    """Upload the images the file refers to by a local path inside `folder` (every one is
    checked before the first is sent, see `local_images`); return the file with their
    URLs. `source` is the Markdown file, named in errors."""
    files = local_images(post_file, folder, source=source)
    uploaded: dict[str, str] = {}

    def remote(src: str) -> str:
        if src not in files:
            return src
        if src not in uploaded:
            uploaded[src] = str(admin.images.upload(files[src], purpose="image").url)
        return uploaded[src]

    body = _IMAGE.sub(lambda m: f"![{m['alt']}]({remote(m['src'])}{m['rest']})", post_file.body)
    front = dict(post_file.front)
    if front.get("feature_image"):
        front["feature_image"] = remote(str(front["feature_image"]))
    return PostFile(front, body)


Action = Literal["created", "updated", "unchanged", "conflict", "refused"]


@dataclass(frozen=True)
class Pushed:
    action: Action
    reason: str | None = None


def push(
    admin: GhostAdmin,
    path: Path,
    *,
    dry_run: bool = False,
    force: bool = False,
    replace_content: bool = False,
    post_file: PostFile | None = None,
) -> Pushed:
    """Create or update the post a file describes (see the module's rules).

    The post is matched by the id the file holds (an `id` field, or the one `pull`
    recorded), else by slug; `post_file` is the file already read, if it was.
    """
    post_file = post_file or PostFile.read(path)
    given_id = post_file.front.get("id")
    post_id = given_id or (post_file.sync or {}).get("id")
    try:
        if post_id:
            current = admin.posts.read(post_id, formats="lexical", include="tags")
        else:
            current = admin.posts.read(
                slug=post_file.front["slug"], formats="lexical", include="tags"
            )
    except NotFoundError:
        if given_id:
            return Pushed(
                "refused", f"no post on the site has the id {given_id}: remove the id to create it"
            )
        if post_file.sync and not force:
            return Pushed(
                "conflict",
                "deleted on the site since it was pulled: push --force to create it again",
            )
        if not dry_run:
            post_file = upload_local_images(admin, post_file, path.parent, source=path)
            created = admin.posts.add(post_fields(post_file))
            _write_back(path, post_file, created)
        return Pushed("created")
    sync = post_file.sync
    if sync and not force and current.updated_at != sync["updated_at"]:
        return Pushed(
            "conflict",
            "saved on the site since it was pulled: pull it again, or push --force to "
            "overwrite the site's version",
        )
    keep_content = not post_file.body_changed
    if not keep_content and not replace_content and not is_markdown_only(current.lexical):
        return Pushed(
            "refused",
            "written in Ghost's editor: pushing this body would replace its content with one "
            "Markdown card, and cards without a Markdown form would be lost; edit it in "
            "Ghost, or push --replace-content",
        )
    if not dry_run and not keep_content:
        post_file = upload_local_images(admin, post_file, path.parent, source=path)
    fields = post_fields(post_file)
    if keep_content:
        del fields["lexical"]
    if _same(current.to_dict(), fields):
        return Pushed("unchanged")
    if dry_run:
        return Pushed("updated")
    try:
        saved = admin.posts.edit(str(current.id), {**fields, "updated_at": current.updated_at})
    except UpdateCollisionError:
        return Pushed("conflict", "saved on the site while this push ran: push it again")
    _write_back(path, post_file, saved)
    return Pushed("updated")


def _write_back(path: Path, post_file: PostFile, saved: Post) -> None:
    """Refresh a pulled file's record after a push, so the next push compares with it."""
    if post_file.sync:
        text = post_file.synced(saved.updated_at, str(saved.id)).render()
        write_file(path, text, mode=file_mode(saved.status))


def file_mode(status: str | None) -> int | None:
    """A file holding a post that is not public (a draft, scheduled, or sent by email
    only) is the owner's alone; a published post's file keeps its mode (or gets the
    umask's)."""
    return None if status == "published" else PRIVATE


def _same(current: dict[str, Any], fields: dict[str, Any]) -> bool:
    names = [t.get("name") for t in current.get("tags") or []]
    return (
        ("lexical" not in fields or current.get("lexical") == fields["lexical"])
        and current.get("title") == fields["title"]
        and current.get("slug") == fields["slug"]
        and current.get("status") == fields["status"]
        and names == [t["name"] for t in fields["tags"]]
        and (current.get("feature_image") or None) == (fields["feature_image"] or None)
        and (current.get("custom_excerpt") or None) == (fields["custom_excerpt"] or None)
    )


@dataclass(frozen=True)
class Pulled:
    path: Path
    written: bool
    reason: str | None = None
    """Why the file was kept as it is."""
    note: str | None = None
    """Something to tell about a file written (such as a name other than SLUG.md)."""


def pull(
    admin: GhostAdmin, folder: Path, *, filter: str | None = None, force: bool = False
) -> Iterator[Pulled]:
    """Write every matching post to `folder` as SLUG.md, except over local changes.

    Every file lands inside `folder`: a slug that is not safe as a file name (Ghost keeps
    a draft's slug as sent, `../../x` included) gets a plain name (`file_name`), and a
    path that would still lead outside (a symbolic link) is not written. A folder pull
    creates is 0700, and the file of a post that is not published 0600 (`file_mode`).
    """
    make_folder(folder, private=True)
    for post in admin.posts.iter(filter=filter, formats="lexical", include="tags"):
        front = {
            "title": post.title,
            "slug": post.slug,
            "tags": [t.name for t in post.tags or []],
            "status": post.status,
            "feature_image": post.feature_image,
            "excerpt": post.custom_excerpt,
        }
        slug = str(post.slug or post.id)
        name = file_name(slug)
        note = None
        if name != f"{slug}.md":
            note = f"the slug {shown(slug)} is not safe as a file name: written as {name}"
        try:
            path = contained(folder, name)
        except ConfigurationError as error:
            yield Pulled(folder / name, False, error.message)
            continue
        if kind_of(path) == "folder":
            yield Pulled(path, False, "a folder of that name is in the way")
            continue
        document = PostFile(front, to_markdown(post.lexical or ""))
        text = document.synced(post.updated_at, str(post.id)).render()
        reason = None if force else _local_changes(path, text)
        if reason is None:
            write_file(path, text, mode=file_mode(post.status))
        yield Pulled(path, reason is None, reason, note if reason is None else None)


def _local_changes(path: Path, text: str) -> str | None:
    """Why writing `text` to `path` would lose work, or None when it would not."""
    if not path.exists() or path.read_text(encoding="utf-8", errors="replace") == text:
        return None
    try:
        existing = PostFile.read(path, check_slug=False, check_images=False)
    except ConfigurationError as error:
        return f"the file exists and cannot be read ({error.message}); pull --force replaces it"
    if existing.sync is None:
        return "the file exists and was not pulled from the site (pull --force replaces it)"
    if existing.body_changed or existing.front_changed:
        return "the file has changes not pushed yet: push it first, or pull --force"
    return None
