"""Reporters: each turns a :class:`Report` into the text of one output format.

A reporter is ``render(report, *, color=False) -> str``. ``text`` also has
``render_notifications`` for stderr; the other formats carry notifications inside the
document (or, for ``github``, as annotations).
"""

from __future__ import annotations

from typing import Protocol

from brazelint.report import github, json_, sarif, text
from brazelint.report.fingerprints import (
    FINGERPRINT_KEY,
    finding_fingerprints,
    finding_key,
    fingerprint_base,
    line_hashes,
)
from brazelint.report.model import Report


class Reporter(Protocol):
    def __call__(self, report: Report, *, color: bool = False) -> str: ...


REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_.render,
    "sarif": sarif.render,
    "github": github.render,
}


def get_reporter(name: str) -> Reporter:
    """The reporter for an output format name; ValueError naming the known ones otherwise."""
    try:
        return REPORTERS[name]
    except KeyError:
        known = ", ".join(sorted(REPORTERS))
        raise ValueError(f"unknown output format {name!r} (choose from {known})") from None


__all__ = [
    "FINGERPRINT_KEY",
    "REPORTERS",
    "Report",
    "Reporter",
    "finding_fingerprints",
    "finding_key",
    "fingerprint_base",
    "get_reporter",
    "line_hashes",
]
