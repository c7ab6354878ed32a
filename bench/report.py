#!/usr/bin/env python3
"""Turn bench/results.json into docs/benchmarks.md and docs/benchmark-headline.png."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent / "docs"
NAMES = {
    "ghostkit": "ghostkit links strip --yes",
    "seed000": "seed-000 (requests, regex, source=html)",
    "js_sdk": "@tryghost/admin-api, sequential",
    "ideal": "ideal raw httpx loop (floor)",
    "baseline": "ghostkit links strip --yes, baseline version",
}


def chart(results: dict, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = list(results["headline"])
    first = next(iter(results["headline"].values()))
    contenders = [name for name in NAMES if name in first]  # those the run measured
    fig, ax = plt.subplots(figsize=(8, 4.5))
    width = 0.8 / len(contenders)
    for index, name in enumerate(contenders):
        values = [results["headline"][size][name]["wall"] for size in sizes]
        positions = [i + index * width for i in range(len(sizes))]
        bars = ax.bar(positions, values, width, label=NAMES[name])
        ax.bar_label(bars, fmt="%.0f s", fontsize=8)
    ax.set_xticks([i + width * (len(contenders) - 1) / 2 for i in range(len(sizes))])
    ax.set_xticklabels([f"{size} posts" for size in sizes])
    ax.set_ylabel("wall time (s), median")
    ax.set_title("Remove every link from N posts on a local Ghost 6")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


def main() -> int:
    results = json.loads((HERE / "results.json").read_text())
    lines = [
        "# Benchmarks",
        "",
        "Measured against a real local Ghost started by the benchmark itself. Every "
        "ratio compares runs made in the same session, alternating contenders round by "
        "round. Reproduce with:",
        "",
        "```bash",
        "pip install -e '.[bench]' && python bench/run.py && python bench/report.py",
        "```",
        "",
        f"Machine: {results['machine']['cpus']} cores, {results['machine']['platform']}, "
        f"Python {results['machine']['python']}; Ghost {results.get('ghost')}; run "
        f"{results['started']}; command `{results['command']}`.",
        "",
    ]
    if "headline" in results:
        lines += [
            "## The headline job",
            "",
            "Remove every link from N posts (each with three links in two paragraphs; "
            "every fifth post has none). The data is re-imported before every run. "
            "Requests are counted in Ghost's own request log; CPU and peak memory are "
            "the client process's. Every run's result is checked afterwards: links "
            "left in the rendered posts, and posts whose visible text changed.",
            "",
            "![headline chart](benchmark-headline.png)",
            "",
        ]
        for size, row in results["headline"].items():
            ideal = row["ideal"]["wall"]
            paired = all("paired_ratio" in r for r in row.values())
            lines += [
                f"### {size} posts",
                "",
                "| contender | wall (s) | × ideal | "
                + ("× ideal, paired | " if paired else "")
                + "requests | client CPU (s) | peak RSS (MB) | links left | text changed |",
                "|---|---|---|---|---|---|---|---|" + ("---|" if paired else ""),
            ]
            for name, label in NAMES.items():
                if name not in row:
                    continue
                r = row[name]
                lines.append(
                    f"| {label} | {r['wall']:.1f} | {r['wall'] / ideal:.2f} | "
                    + (f"{r['paired_ratio']:.2f} | " if paired else "")
                    + f"{r['requests']:.0f} | {r['cpu']:.1f} | {r['rss_mb']:.0f} | "
                    f"{r['links_left']:.0f} | {r['text_changed']:.0f} |"
                )
            lines.append("")
        chart(results, DOCS / "benchmark-headline.png")
    if "overhead" in results:
        o = results["overhead"]
        lines += [
            "## Client overhead",
            "",
            "5,000 `posts.browse(limit=100)` calls against a small Node server that "
            "answers a canned page, so the server is not the bottleneck. Each client is "
            "built and called once before the timing starts, so this is the cost per call "
            "(importing ghostkit, pydantic and the models costs about 0.2 s once per "
            "process on top). Each ghostkit client is compared with raw httpx of the same "
            "kind, which only parses the JSON:",
            "",
            "| client | seconds | × raw httpx of its kind |",
            "|---|---|---|",
        ]
        baseline = {"ghostkit-sync": "httpx", "ghostkit-async": "httpx-async"}
        for name in ("ghostkit-sync", "httpx", "ghostkit-async", "httpx-async"):
            base = o[baseline.get(name, name)]
            lines.append(f"| {name} | {o[name]:.2f} | {o[name] / base:.2f} |")
        lines.append("")
    if "memory" in results:
        m = results["memory"]
        lines += [
            "## Memory at scale",
            "",
            f"`members.iter()` over {m['members']} members (imported with the members "
            f"CSV import): peak RSS grew by {m['growth_mb']:.1f} MB "
            f"({m['rss_start_mb']:.0f} MB to {m['rss_peak_mb']:.0f} MB).",
            "",
        ]
    if "startup" in results:
        s = results["startup"]
        lines += [
            "## CLI start-up",
            "",
            f"`ghostkit --help`: {s['help_script'] * 1000:.0f} ms (median of 10); "
            f"`python -m ghostkit --help`: {s['help'] * 1000:.0f} ms.",
            "",
        ]
    notes = HERE / "notes.md"
    if notes.exists():
        lines += [notes.read_text().strip(), ""]
    (DOCS / "benchmarks.md").write_text("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
