"""`lint`: a read-only report on a site's content, for content CI.

Each rule (`ghostkit.operations.lint_rules.RULES`, listed in docs/lint.md) checks one post
or page at a time; the rules that look across the site (links to drafts or to missing
posts, duplicate titles) share an index of every post and page, read once. Posts and
pages are read 100 per request with only the fields the chosen rules need. Nothing is
written.

    from ghostkit.operations import lint

    report = lint("blog", resources=("posts", "pages"), skip=("no-tags",))
    for finding in report.findings:
        print(finding.severity, finding.rule, finding.slug, finding.message)
    raise SystemExit(1 if report.failed else 0)
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ghostkit.clients._async.admin import AsyncGhostAdmin
from ghostkit.core.errors import UsageError
from ghostkit.operations.change import RELATIONS, Item, Selection
from ghostkit.operations.lint_content import Body
from ghostkit.operations.lint_rules import BY_ID, RULES, SEVERITIES, Rule, Severity, Subject
from ghostkit.operations.site_index import SiteIndex, read_site_index

ALWAYS_READ = ("id", "slug", "title", "status")
FORMATS = ("lexical", "mobiledoc")
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Finding:
    """One problem of one post or page."""

    rule: str
    severity: Severity
    resource: str
    slug: str
    message: str
    where: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "post": self.slug,
            "resource": self.resource,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "where": self.where,
        }


@dataclass
class LintReport:
    """What a lint found: the rules it ran (with the severity each had), how many items
    of each resource it checked, and the findings in the order the items were read."""

    rules: tuple[Rule, ...]
    checked: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    @property
    def failed(self) -> bool:
        """Whether a rule with the severity "error" found something."""
        return self.count("error") > 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "rules": [
                {"id": r.id, "severity": r.severity, "description": r.description}
                for r in self.rules
            ],
            "checked": dict(self.checked),
            "errors": self.count("error"),
            "warnings": self.count("warning"),
            "findings": [finding.as_dict() for finding in self.findings],
        }


def choose_rules(
    only: Iterable[str] = (),
    skip: Iterable[str] = (),
    errors: Iterable[str] = (),
    warnings: Iterable[str] = (),
) -> tuple[Rule, ...]:
    """The rules to run: `only` these (all when none is given; an id written `!ID` is
    skipped instead), less those in `skip`, with the severity of those in `errors` and
    `warnings` changed. An unknown id is a `UsageError` naming the known ones."""
    only, skip = list(only), list(skip)
    skip += [name[1:] for name in only if name.startswith("!")]
    only = [name for name in only if not name.startswith("!")]
    errors, warnings = list(errors), list(warnings)
    unknown = [name for name in (*only, *skip, *errors, *warnings) if name not in BY_ID]
    if unknown:
        raise UsageError(
            f"no lint rule is called {unknown[0]!r}",
            hint="the rules are " + ", ".join(BY_ID) + " (`ghostkit lint --list-rules`)",
        )
    both = sorted(set(errors) & set(warnings))
    if both:
        raise UsageError(f"rule {both[0]} is given both --error and --warn", hint="pick one")
    severity: dict[str, Severity] = dict.fromkeys(errors, "error")
    severity |= dict.fromkeys(warnings, "warning")
    chosen = [
        replace(rule, severity=severity.get(rule.id, rule.severity))
        for rule in RULES
        if (not only or rule.id in only) and rule.id not in skip
    ]
    if not chosen:
        raise UsageError("every rule is skipped: there is nothing to check")
    assert all(rule.severity in SEVERITIES for rule in chosen)
    return tuple(chosen)


def read_params(rules: Sequence[Rule]) -> dict[str, str]:
    """What to ask Ghost for to run `rules`: their fields, formats and relations only."""
    reads = list(dict.fromkeys(name for rule in rules for name in rule.reads))
    params = {
        "fields": ",".join(
            dict.fromkeys(
                (*ALWAYS_READ, *(r for r in reads if r not in FORMATS and r not in RELATIONS))
            )
        )
    }
    formats = [name for name in FORMATS if name in reads]
    if formats:
        params["formats"] = ",".join(formats)
    include = [name for name in reads if name in RELATIONS]
    if include:
        params["include"] = ",".join(include)
    return params


async def lint_site(
    admin: AsyncGhostAdmin,
    selection: Selection | None = None,
    rules: Sequence[Rule] = RULES,
    progress: Progress | None = None,
) -> LintReport:
    """Run `rules` over every item of `selection` (posts, by default) of `admin`'s site."""
    selection = selection or Selection()
    report = LintReport(tuple(rules))
    index = (
        await read_site_index(admin)
        if any(rule.needs_index for rule in rules)
        else SiteIndex(admin.site_url, [])
    )
    seen = 0
    for name in selection.resources:
        applying = [rule for rule in rules if name in rule.resources]
        report.checked[name] = 0
        if not applying:
            continue
        async for found in getattr(admin, name).iter(
            filter=selection.filter, **read_params(applying)
        ):
            item = Item(name, found.to_dict())
            report.findings.extend(check_item(item, applying, index))
            report.checked[name] += 1
            seen += 1
            if progress:
                progress("lint", seen, 0)
    return report


def check_item(item: Item, rules: Iterable[Rule], index: SiteIndex) -> list[Finding]:
    """What `rules` find in one item."""
    subject = Subject(item, Body.of(item))
    slug = str(item.get("slug") or item.get("id") or "")
    return [
        Finding(rule.id, rule.severity, item.resource, slug, problem.message, problem.where)
        for rule in rules
        for problem in rule.check(subject, index)
    ]


def lint(
    profile: str | None = None,
    *,
    resources: Sequence[str] = ("posts",),
    filter: str | None = None,
    rules: Iterable[str] = (),
    skip: Iterable[str] = (),
    errors: Iterable[str] = (),
    warnings: Iterable[str] = (),
) -> LintReport:
    """Lint the posts (or `resources`) of a site matching `filter`: the saved `profile`,
    or GHOST_URL and GHOST_ADMIN_API_KEY when none is given. `rules`, `skip`, `errors`
    and `warnings` choose the rules and their severities as `choose_rules` does;
    `report.failed` says whether a rule with the severity "error" found something."""
    chosen = choose_rules(rules, skip, errors, warnings)
    if not resources or not set(resources) <= {"posts", "pages"}:
        raise UsageError(
            f"lint reads posts and pages, not {', '.join(resources) or 'nothing'}",
            hint='give resources=("posts",), ("pages",) or ("posts", "pages")',
        )

    async def main() -> LintReport:
        admin = AsyncGhostAdmin.from_profile(profile) if profile else AsyncGhostAdmin.from_env()
        async with admin:
            return await lint_site(admin, Selection(tuple(resources), filter), chosen)

    return asyncio.run(main())
