"""How many CPUs this process may use (the runner's pool size, git grep's threads)."""

from __future__ import annotations

import os


def default_jobs() -> int:
    """One job per CPU this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)
