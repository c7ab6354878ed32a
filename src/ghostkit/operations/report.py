"""A plan as one HTML page a person can review before a run: the counts and the run's
options at the top, then each item that would change, every field it writes before and
after side by side, bodies rendered (`ghostkit.content.render`), what changed marked.

The page stands alone: inline CSS, no script, nothing fetched when it opens (a policy in
the page forbids it), everything from the site escaped. It holds drafts, so it is
written 0600, whole or not at all, to the path given and nowhere else.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any

from ghostkit.content import render
from ghostkit.core.errors import ConfigurationError
from ghostkit.core.files import PRIVATE, kind_of, make_folder, write_file
from ghostkit.operations.change import BODY, RELATIONS, relation_names
from ghostkit.operations.plan import ItemPlan, Plan
from ghostkit.operations.transforms import FORMATS

POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'"
"""What the page may load or run: its own inline styles, nothing else."""


def write_report(plan: Plan, path: Path, *, title: str, options: Mapping[str, Any]) -> None:
    """Write the plan's review page to `path` (0600; a missing folder is created 0700)."""
    if kind_of(path) == "folder":
        raise ConfigurationError(
            f"cannot write the report to {path}: it is a folder",
            hint="give a file name such as plan.html",
        )
    make_folder(path.parent, private=True)
    write_file(path, report_html(plan, title=title, options=options), mode=PRIVATE)


def report_html(plan: Plan, *, title: str, options: Mapping[str, Any]) -> str:
    """The page, as a string."""
    items = "".join(_item(item) for item in plan.changes)
    if not plan.changes:
        items = '<p class="none">Nothing to change: every item is as the change wants it.</p>'
    return _PAGE.format(
        policy=escape(POLICY),
        title=escape(title),
        totals=_totals(plan),
        options=_options(options),
        toc=_toc(plan.changes),
        items=items,
        style=_STYLE,
    )


def anchor(item: ItemPlan) -> str:
    """The id of an item's section (`#posts-<id>`)."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", f"{item.resource}-{item.id}")


def _totals(plan: Plan) -> str:
    rows = [("items read", plan.seen), ("would change", len(plan.changes))]
    rows += [("unchanged", plan.unchanged), *plan.counts.items()]
    return "".join(
        f'<div class="count" data-count="{escape(name)}"><b>{value}</b>'
        f"<span>{escape(name)}</span></div>"
        for name, value in rows
    )


def _options(options: Mapping[str, Any]) -> str:
    if not options:
        return "<p>(none)</p>"
    rows = "".join(
        f'<tr><th scope="row">{escape(str(name))}</th><td>{escape(_shown(value))}</td></tr>'
        for name, value in options.items()
    )
    return f'<table class="options">{rows}</table>'


def _toc(items: list[ItemPlan]) -> str:
    if not items:
        return ""
    entries = "".join(
        f'<li><a href="#{anchor(item)}">{escape(item.title or item.slug or item.id)}</a> '
        f"<small>{escape(_counts_text(item.counts))}</small></li>"
        for item in items
    )
    return f'<nav><h2>Items that would change</h2><ol class="toc">{entries}</ol></nav>'


def _counts_text(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{value} {name}" for name, value in counts.items() if value)


def _item(item: ItemPlan) -> str:
    fields = "".join(
        _field(name, item.before.get(name), value) for name, value in item.patch.items()
    )
    counts = _counts_text(item.counts)
    return (
        f'<section class="item" id="{anchor(item)}">'
        f'<h2 class="item-title">{escape(item.title or "(untitled)")}</h2>'
        f'<p class="meta">{escape(item.resource)} · <code>{escape(item.slug)}</code> · '
        f"id <code>{escape(item.id)}</code>"
        + (f' · <span class="item-counts">{escape(counts)}</span>' if counts else "")
        + f"</p>{fields}</section>"
    )


def _field(name: str, before: Any, after: Any) -> str:
    extra = ""
    if name in BODY:
        gone = _links_gone(name, before, after)
        left, right = render.body_html(name, before, gone), render.body_html(name, after)
        if gone:
            listed = "".join(f"<li><del>{escape(url)}</del></li>" for url in sorted(gone))
            extra = f'<div class="gone"><b>Links removed</b><ul>{listed}</ul></div>'
    elif name in RELATIONS and isinstance(after, list):
        left, right = _relations(before or [], after)
    else:
        left, right = _words(_shown(before), _shown(after))
    return (
        f'<div class="field" data-field="{escape(name)}"><h3>{escape(_label(name))}</h3>'
        f'<div class="columns"><div class="before"><h4>Before</h4>{left}</div>'
        f'<div class="after"><h4>After</h4>{right}</div></div>{extra}</div>'
    )


def _label(name: str) -> str:
    return f"body ({name})" if name in BODY else name.replace("_", " ")


def _links_gone(fmt: str, before: Any, after: Any) -> set[str]:
    """The link addresses of `before` that `after` no longer has."""
    return _urls(fmt, before) - _urls(fmt, after)


def _urls(fmt: str, text: Any) -> set[str]:
    if not isinstance(text, str) or not text:
        return set()
    module = FORMATS[fmt]
    try:
        return {str(link.url) for link in module.list_links(module.parse(text)) if link.url}
    except (ValueError, TypeError, KeyError, AttributeError):
        return set()


def _relations(before: list[Any], after: list[Any]) -> tuple[str, str]:
    """Tags, authors or tiers as chips; the ones only one side has are marked."""
    old, new = relation_names(before), relation_names(after)

    def chips(names: list[str], other: list[str], tag: str) -> str:
        shown = "".join(
            f'<span class="chip">{f"<{tag}>{escape(n)}</{tag}>" if n not in other else escape(n)}'
            "</span>"
            for n in names
        )
        return f'<p class="chips">{shown or "(none)"}</p>'

    return chips(old, new, "del"), chips(new, old, "ins")


def _words(before: str, after: str) -> tuple[str, str]:
    """Two values with the words that differ marked (`del` before, `ins` after)."""
    old, new = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    left: list[str] = []
    right: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        was, now = escape("".join(old[i1:i2])), escape("".join(new[j1:j2]))
        if tag == "equal":
            left.append(was)
            right.append(now)
            continue
        if was:
            left.append(f"<del>{was}</del>")
        if now:
            right.append(f"<ins>{now}</ins>")
    return _value(left), _value(right)


def _value(parts: list[str]) -> str:
    return f'<p class="value">{"".join(parts) or "(empty)"}</p>'


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, indent=1 if isinstance(value, dict) else None)


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<div class="totals">{totals}</div>
<h2>Run options</h2>
{options}
</header>
{toc}
<main>{items}</main>
</body>
</html>
"""

_STYLE = """
:root { --line: #d8dce3; --muted: #5b6472; --del: #ffe3e3; --ins: #dcf5e2; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px; font: 15px/1.55 system-ui, -apple-system, "Segoe UI",
  Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color: #1d2330; background: #f5f6f8; }
h1 { margin: 0 0 16px; font-size: 26px; }
h2 { font-size: 18px; margin: 24px 0 10px; }
nav h2 { margin-top: 0; }
header, nav, .item { background: #fff; border: 1px solid var(--line); border-radius: 8px;
  padding: 18px 22px; margin: 0 auto 18px; max-width: 1400px; }
.totals { display: flex; flex-wrap: wrap; gap: 10px; }
.count { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 110px; }
.count b { display: block; font-size: 22px; }
.count span { color: var(--muted); font-size: 13px; }
table.options { border-collapse: collapse; font-size: 14px; }
table.options th { text-align: left; padding: 3px 18px 3px 0; color: var(--muted);
  font-weight: 600; vertical-align: top; }
table.options td { font-family: ui-monospace, "DejaVu Sans Mono", monospace;
  white-space: pre-wrap; word-break: break-word; }
.toc { margin: 0; padding-left: 22px; columns: 2 360px; }
.toc small { color: var(--muted); }
.item-title { margin: 0 0 4px; font-size: 20px; }
.meta { margin: 0 0 12px; color: var(--muted); font-size: 13px; }
.item-counts { color: #8a3b00; font-weight: 600; }
.field h3 { font-size: 13px; text-transform: uppercase; letter-spacing: .06em;
  color: var(--muted); margin: 14px 0 6px; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
.before, .after { border: 1px solid var(--line); border-radius: 6px; padding: 4px 14px 10px;
  min-width: 0; overflow-wrap: anywhere; }
.before { border-top: 4px solid #e06c6c; }
.after { border-top: 4px solid #3fa65a; }
h4 { margin: 6px 0; font-size: 12px; color: var(--muted); text-transform: uppercase; }
a { color: #1a56c4; }
a.removed, .link.removed { background: var(--del); color: #a11; text-decoration: line-through;
  text-decoration-thickness: 2px; border-radius: 3px; padding: 0 2px; }
del { background: var(--del); color: #a11; }
ins { background: var(--ins); color: #135c27; text-decoration: none; }
.gone { margin-top: 8px; font-size: 13px; color: #a11; }
.gone ul { margin: 4px 0 0; padding-left: 20px; }
.chip { display: inline-block; border: 1px solid var(--line); border-radius: 12px;
  padding: 0 10px; margin: 2px 4px 2px 0; }
.value { white-space: pre-wrap; }
.card { border: 1px dashed var(--line); border-radius: 6px; padding: 6px 10px; margin: 8px 0; }
.card .kind { font-size: 12px; color: var(--muted); text-transform: uppercase; }
.image { display: block; border: 1px dashed var(--line); border-radius: 6px;
  padding: 6px 10px; margin: 8px 0; color: var(--muted); font-size: 13px; }
.image code { display: block; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.9em; }
pre { white-space: pre-wrap; background: #f3f4f6; padding: 8px; border-radius: 4px; }
.empty, .none { color: var(--muted); font-style: italic; }
@media (max-width: 800px) { .columns { grid-template-columns: 1fr; } }
"""
