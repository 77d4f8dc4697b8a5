"""What a scan produces: findings about the code and notifications about the scan itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from brazelint.facts import Span


class Severity(StrEnum):
    """Ordered from least to most severe; the names match SARIF ``level`` values."""

    NOTE = "note"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {Severity.NOTE: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class RelatedLocation:
    path: str
    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    path: str
    span: Span
    message: str
    severity: Severity
    related: tuple[RelatedLocation, ...] = ()
    #: What the finding is about, normalised, for the line-independent fingerprint. Rules
    #: that find secrets must put a hash here, never the secret.
    fingerprint_key: str = ""
    #: Set when an inline suppression or baseline silenced this finding.
    suppressed_by: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


class NotificationLevel(StrEnum):
    NOTE = "note"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Notification:
    """A problem with the scan, not the code: a file that could not be read or parsed."""

    path: str | None
    message: str
    level: NotificationLevel = NotificationLevel.WARNING
    span: Span | None = None
    #: Every path a notification about many files stands for (JSON lists them all; text
    #: and SARIF show the count and the first few in ``message``).
    paths: tuple[str, ...] = ()
