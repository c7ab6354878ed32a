"""Iterate every member with ghostkit; print, as JSON, the resident memory at the start and
its highest value while iterating (sampled every 500 members), in MB."""

import json
import os
import sys
from pathlib import Path

from ghostkit import GhostAdmin


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


url, key = sys.argv[1], os.environ["GHOST_ADMIN_API_KEY"]
with GhostAdmin(url, key=key) as admin:
    admin.members.browse(limit=100)  # warm: the first page, imports and pools
    start = peak = rss_mb()
    seen = 0
    for _member in admin.members.iter():
        seen += 1
        if seen % 500 == 0:
            peak = max(peak, rss_mb())
print(
    json.dumps(
        {"members": seen, "rss_start_mb": start, "rss_peak_mb": peak, "growth_mb": peak - start}
    )
)
