"""Iterate every member with ghostkit; print the peak RSS growth in MB as JSON."""

import json
import os
import resource
import sys

from ghostkit import GhostAdmin


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


url, key = sys.argv[1], os.environ["GHOST_ADMIN_API_KEY"]
with GhostAdmin(url, key=key) as admin:
    admin.site()
    start = rss_mb()
    seen = sum(1 for _ in admin.members.iter())
    peak = rss_mb()
print(
    json.dumps(
        {"members": seen, "rss_start_mb": start, "rss_peak_mb": peak, "growth_mb": peak - start}
    )
)
