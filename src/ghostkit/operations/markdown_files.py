"""Posts as Markdown files with front matter: pull them from a site, push them back
(pushing is a run of the engine, `ghostkit.operations.push`).

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

A pushed post holds its Markdown converted to the Lexical Ghost's editor writes (headings,
lists and quotes as rich text, images as image cards: `content.markdown_lexical`), so it
opens in the editor as written there; a body left as pulled is not sent again.
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
- a post written in Ghost's editor never has its content replaced by the file's Markdown
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
from typing import Any

import yaml

from ghostkit.clients._sync.admin import GhostAdmin
from ghostkit.content.lexical_markdown import to_markdown
from ghostkit.core.errors import ConfigurationError
from ghostkit.core.files import PRIVATE, contained, kind_of, make_folder, within, write_file
from ghostkit.operations.front_matter import (
    FIELDS,
    SYNC,
    check_front,
    default_slug,
    file_name,
    shown,
    split,
)

IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?P<rest>[^)]*)\)")
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


def local_images(
    post_file: PostFile, folder: Path, *, source: Path | None = None
) -> dict[str, Path]:
    """The files on this machine that the body's images and `feature_image` name, by
    reference, each a file inside `folder` (see the module's rules); a ConfigurationError
    naming `source` (the Markdown file) and the reference for the first that is not."""
    found: dict[str, Path] = {}
    references = [m["src"] for m in IMAGE.finditer(post_file.body)]
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


def file_mode(status: str | None) -> int | None:
    """A file holding a post that is not public (a draft, scheduled, or sent by email
    only) is the owner's alone; a published post's file keeps its mode (or gets the
    umask's)."""
    return None if status == "published" else PRIVATE


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
