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


class Applicability(StrEnum):
    """How far a fix may be trusted, as ruff grades them: ``--fix`` applies SAFE fixes,
    ``--unsafe-fixes`` adds UNSAFE ones (they change behaviour on purpose: the code then does
    something else, presumably what was meant), and DISPLAY_ONLY fixes are never applied by
    the tool, only shown (the replacement needs a human's choice, such as a default text)."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace what ``span`` covers in the finding's file with ``replacement`` (an empty
    span inserts). ``original`` is the text the rule saw there: an edit whose range no longer
    holds exactly that text (the file changed, or a position inside an escaped string literal
    was off) is never applied."""

    span: Span
    replacement: str
    original: str


@dataclass(frozen=True, slots=True)
class Fix:
    #: What the fix does, imperative and short: "Replace `http://` with `https://`".
    message: str
    edits: tuple[Edit, ...]
    applicability: Applicability


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
    #: How to fix it, when the rule knows; edits are in the finding's own file.
    fix: Fix | None = field(default=None, compare=False)
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
