"""Applying fixes' edits to a file's bytes.

One function for every caller (``--fix``, ``--diff``, the language server's code action,
tests): edits are turned into raw byte ranges (brazelint.offsets), checked against the text
their rule saw, and applied from the end of the file backwards so earlier offsets stay right.
A fix is applied whole or not at all, and never when one of its edits overlaps an edit
already taken; the caller re-analyses the result and calls again for what was skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from brazelint.findings import Fix
from brazelint.offsets import ByteOffsets


@dataclass(frozen=True, slots=True)
class Applied:
    data: bytes
    #: The fixes applied, in the order given.
    applied: tuple[Fix, ...]
    #: Fixes left out: overlapping an applied one (a later round may take them), or stale
    #: (their range no longer holds the text the rule saw).
    skipped: tuple[Fix, ...]


def apply_fixes(data: bytes, fixes: Iterable[Fix]) -> Applied:
    offsets = ByteOffsets(data)
    taken: list[tuple[int, int, bytes]] = []
    applied: list[Fix] = []
    skipped: list[Fix] = []
    for fix in fixes:
        ranges = _ranges(offsets, data, fix)
        if ranges is None or any(_overlaps(r, t) for r in ranges for t in taken):
            skipped.append(fix)
            continue
        taken.extend(ranges)
        applied.append(fix)
    out = data
    for start, end, replacement in sorted(taken, key=lambda item: (item[0], item[1]), reverse=True):
        out = out[:start] + replacement + out[end:]
    return Applied(out, tuple(applied), tuple(skipped))


def _ranges(offsets: ByteOffsets, data: bytes, fix: Fix) -> list[tuple[int, int, bytes]] | None:
    ranges: list[tuple[int, int, bytes]] = []
    for edit in fix.edits:
        found = offsets.range_of(edit.span)
        if found is None:
            return None
        start, end = found
        if data[start:end] != edit.original.encode("utf-8"):
            return None
        ranges.append((start, end, edit.replacement.encode("utf-8")))
    ranges.sort()
    if any(_overlaps(a, b) for a, b in pairwise(ranges)):
        return None  # a fix whose own edits overlap is a rule bug; never half-apply it
    return ranges


def _overlaps(a: tuple[int, int, bytes], b: tuple[int, int, bytes]) -> bool:
    """Ranges overlap when they share a byte; two insertions at one point also collide
    (their order would be a guess)."""
    if a[0] == a[1] == b[0] == b[1]:
        return True
    return a[0] < b[1] and b[0] < a[1]
