"""Posts as Markdown files with front matter: push them to a site, pull them back.

    ---
    title: Hello
    slug: hello
    tags: [news, release]
    status: draft
    feature_image: images/cover.jpg
    excerpt: A short summary.
    ---
    The body, in Markdown.

A pushed post keeps its Markdown exactly, as one Markdown card (how Ghost's editor stores
Markdown), so pulling it gives the same file back, and pushing that again changes nothing.
Local images the Markdown refers to are uploaded and their URLs rewritten. Posts written in
Ghost's editor are pulled through a plain conversion of their text, headings, lists, quotes,
links, images and code; cards without a Markdown form are kept as their HTML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ghostkit.clients._sync.admin import GhostAdmin
from ghostkit.content import lexical
from ghostkit.core.errors import ConfigurationError, NotFoundError

FIELDS = ("title", "slug", "tags", "status", "feature_image", "excerpt")
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?P<rest>[^)]*)\)")


@dataclass(frozen=True)
class PostFile:
    front: dict[str, Any]
    body: str

    @classmethod
    def read(cls, path: Path) -> PostFile:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ConfigurationError(f"{path} is not UTF-8 text") from exc
        front: dict[str, Any] = {}
        if text.startswith("---\n"):
            head, sep, rest = text[4:].partition("\n---\n")
            if not sep:
                raise ConfigurationError(f"{path}: the front matter has no closing ---")
            loaded = yaml.safe_load(head) or {}
            if not isinstance(loaded, dict):
                raise ConfigurationError(f"{path}: the front matter is not a mapping")
            front, text = loaded, rest
        front.setdefault("slug", path.stem)
        front.setdefault("title", path.stem.replace("-", " ").capitalize())
        return cls(front, text)

    def render(self) -> str:
        front = {k: self.front[k] for k in FIELDS if self.front.get(k) not in (None, "", [])}
        head = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
        return f"---\n{head}---\n{self.body}"


def post_fields(post_file: PostFile) -> dict[str, Any]:
    front = post_file.front
    fields: dict[str, Any] = {
        "title": str(front["title"]),
        "slug": str(front["slug"]),
        "lexical": lexical.markdown_document(post_file.body),
        "tags": [{"name": str(t)} for t in front.get("tags") or []],
        "status": str(front.get("status") or "draft"),
        "feature_image": front.get("feature_image"),
        "custom_excerpt": front.get("excerpt"),
    }
    return fields


def upload_local_images(admin: GhostAdmin, post_file: PostFile, folder: Path) -> PostFile:
    """Upload images the file refers to by a local path; return the file with their URLs."""
    uploaded: dict[str, str] = {}

    def remote(src: str) -> str:
        if re.match(r"^[a-z]+:|^/|^__GHOST_URL__", src):
            return src
        path = (folder / src).resolve()
        if not path.is_file():
            raise ConfigurationError(f"the image {src} does not exist (looked in {folder})")
        if src not in uploaded:
            uploaded[src] = str(admin.images.upload(path, purpose="image").url)
        return uploaded[src]

    body = _IMAGE.sub(lambda m: f"![{m['alt']}]({remote(m['src'])}{m['rest']})", post_file.body)
    front = dict(post_file.front)
    if front.get("feature_image"):
        front["feature_image"] = remote(str(front["feature_image"]))
    return PostFile(front, body)


def push(admin: GhostAdmin, path: Path, *, dry_run: bool = False) -> str:
    """Create or update the post a file describes; return what happened."""
    post_file = PostFile.read(path)
    if not dry_run:
        post_file = upload_local_images(admin, post_file, path.parent)
    fields = post_fields(post_file)
    try:
        current = admin.posts.read(slug=fields["slug"], formats="lexical", include="tags")
    except NotFoundError:
        if not dry_run:
            admin.posts.add(fields)
        return "created"
    if _same(current.to_dict(), fields):
        return "unchanged"
    if not dry_run:
        admin.posts.update(str(current.id), lambda _latest: fields, read={"formats": "lexical"})
    return "updated"


def _same(current: dict[str, Any], fields: dict[str, Any]) -> bool:
    names = [t.get("name") for t in current.get("tags") or []]
    return (
        current.get("lexical") == fields["lexical"]
        and current.get("title") == fields["title"]
        and current.get("status") == fields["status"]
        and names == [t["name"] for t in fields["tags"]]
        and (current.get("feature_image") or None) == (fields["feature_image"] or None)
        and (current.get("custom_excerpt") or None) == (fields["custom_excerpt"] or None)
    )


def pull(admin: GhostAdmin, folder: Path, *, filter: str | None = None) -> Iterator[Path]:
    """Write every matching post to `folder` as SLUG.md; yield each path written."""
    folder.mkdir(parents=True, exist_ok=True)
    for post in admin.posts.iter(filter=filter, formats="lexical", include="tags"):
        front = {
            "title": post.title,
            "slug": post.slug,
            "tags": [t.name for t in post.tags or []],
            "status": post.status,
            "feature_image": post.feature_image,
            "excerpt": post.custom_excerpt,
        }
        body = to_markdown(post.lexical or "")
        path = folder / f"{post.slug}.md"
        path.write_text(PostFile(front, body).render(), encoding="utf-8")
        yield path


def to_markdown(text: str) -> str:
    """A Lexical document as Markdown (exact for a document that is one Markdown card)."""
    if not text:
        return ""
    root = lexical.parse(text)["root"]
    blocks = root.get("children") or []
    if len(blocks) == 1 and blocks[0].get("type") == "markdown":
        return str(blocks[0].get("markdown", ""))
    return "\n\n".join(_block(b) for b in blocks) + "\n"


def _inline(node: dict[str, Any]) -> str:
    kind = node.get("type")
    if kind in lexical.TEXT_TYPES:
        value = str(node.get("text", ""))
        fmt = int(node.get("format") or 0)
        if fmt & 16:
            return f"`{value}`"
        if fmt & 1:
            value = f"**{value}**"
        if fmt & 2:
            value = f"*{value}*"
        return value
    if kind == "linebreak":
        return "  \n"
    if kind in lexical.LINK_TYPES:
        inner = "".join(_inline(c) for c in node.get("children") or [])
        return f"[{inner}]({node.get('url')})"
    return "".join(_inline(c) for c in node.get("children") or [])


def _block(node: dict[str, Any]) -> str:
    kind = node.get("type")
    inner = "".join(_inline(c) for c in node.get("children") or [])
    if kind in ("heading", "extended-heading"):
        return "#" * int(str(node.get("tag", "h2"))[1:] or 2) + " " + inner
    if kind in ("quote", "extended-quote", "aside"):
        return "> " + inner
    if kind == "list":
        bullet = "1." if node.get("listType") == "number" else "-"
        return "\n".join(f"{bullet} " + _inline(item) for item in node.get("children") or [])
    if kind == "markdown":
        return str(node.get("markdown", "")).rstrip("\n")
    if kind == "image":
        return f"![{node.get('alt') or ''}]({node.get('src')})"
    if kind == "codeblock":
        return f"```{node.get('language') or ''}\n{node.get('code', '')}\n```"
    if kind == "horizontalrule":
        return "---"
    if kind == "html":
        return str(node.get("html", ""))
    if "children" in node:
        return inner
    return f"<!-- {kind} card: {json.dumps(node, ensure_ascii=False)[:200]} -->"
