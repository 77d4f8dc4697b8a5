"""``--fix`` and ``--diff``: apply the fixes rules attached to their findings.

A run works on the files' bytes in memory. Each round applies every applicable fix of the
current findings (brazelint.fixes: whole fixes only, never two overlapping), then analyses
the changed files again from memory, because one fix can make room for another (two fixes
on one string) or show that a fix did not take. Rounds stop when nothing more applies, and
after ``MAX_ROUNDS`` at most, so a rule whose fix brings its own finding back cannot loop.

Only then is anything written, and only to a file whose bytes on disk are still the ones
the run started from: a file someone changed meanwhile is left alone, with a warning.
``--diff`` writes nothing and returns the changes for a unified diff instead.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from brazelint.findings import Applicability, Finding, Notification, NotificationLevel
from brazelint.fixes import apply_fixes
from brazelint.source import UndecodableSource, decode, write_in_place

#: Rounds of apply-and-reanalyse before a run gives up on what is left.
MAX_ROUNDS = 10

#: Analyses the given files (display path → bytes) as they would be with that content and
#: returns their findings.
Reanalyse = Callable[[Mapping[str, bytes]], list[Finding]]


@dataclass
class FixOutcome:
    #: Display path → (bytes the run started from, bytes after every fix).
    changes: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)
    #: Fixes applied, per display path.
    applied: dict[str, int] = field(default_factory=dict)
    notifications: list[Notification] = field(default_factory=list)

    @property
    def fixed(self) -> int:
        return sum(self.applied.values())


def applicable(finding: Finding, unsafe: bool) -> bool:
    if finding.fix is None or finding.suppressed_by is not None:
        return False
    if finding.fix.applicability is Applicability.SAFE:
        return True
    return unsafe and finding.fix.applicability is Applicability.UNSAFE


def fix_findings(
    findings: Iterable[Finding],
    lines: Mapping[str, tuple[str, ...]],
    root: Path,
    reanalyse: Reanalyse,
    *,
    unsafe: bool,
) -> FixOutcome:
    """Apply, in memory, the fixes of ``findings`` (those of files still as scanned) and of
    what re-analysis finds after them; nothing is written."""
    outcome = FixOutcome()
    originals: dict[str, bytes] = {}
    current: dict[str, bytes] = {}
    pending = [f for f in findings if applicable(f, unsafe)]
    for _ in range(MAX_ROUNDS):
        by_path: dict[str, list[Finding]] = defaultdict(list)
        for finding in pending:
            by_path[finding.path].append(finding)
        changed: dict[str, bytes] = {}
        for path, found in sorted(by_path.items()):
            if path not in current:
                data = _read_as_scanned(root / path, lines.get(path), path, outcome)
                if data is None:
                    continue
                originals[path] = current[path] = data
            result = apply_fixes(current[path], (f.fix for f in found if f.fix is not None))
            if result.applied and result.data != current[path]:
                current[path] = changed[path] = result.data
                outcome.applied[path] = outcome.applied.get(path, 0) + len(result.applied)
        if not changed:
            break
        pending = [f for f in reanalyse(changed) if applicable(f, unsafe)]
    else:
        if pending:
            outcome.notifications.append(
                _warning(
                    pending[0].path,
                    f"fixes still applied after {MAX_ROUNDS} rounds; stopped, "
                    "the rest is left as found",
                )
            )
    outcome.changes = {
        path: (originals[path], data) for path, data in current.items() if data != originals[path]
    }
    return outcome


def write_changes(outcome: FixOutcome, root: Path) -> list[str]:
    """Write each changed file whose bytes on disk are still the ones the run read; the
    display paths written."""
    written: list[str] = []
    for path, (before, after) in sorted(outcome.changes.items()):
        target = root / path
        try:
            still = target.read_bytes()
        except OSError as error:
            outcome.notifications.append(_warning(path, f"cannot read the file again ({error})"))
            continue
        if still != before:
            outcome.notifications.append(
                _warning(path, "the file changed while fixes were worked out; left alone")
            )
            continue
        problem = write_in_place(target, after)
        if problem is not None:
            outcome.notifications.append(_warning(path, problem))
            continue
        written.append(path)
    return written


def unified_diff(outcome: FixOutcome, scrub: Callable[[str], str]) -> str:
    """The changes as one unified diff, each line passed through ``scrub`` (which
    redacts secrets: a diff shows context lines, and a key may sit on one)."""
    parts: list[str] = []
    for path, (before, after) in sorted(outcome.changes.items()):
        old = decode(before).splitlines(keepends=True)
        new = decode(after).splitlines(keepends=True)
        for line in difflib.unified_diff(old, new, f"a/{path}", f"b/{path}"):
            text = scrub(line)
            parts.append(text if text.endswith("\n") else text + "\n\\ No newline at end of file\n")
    return "".join(parts)


def _read_as_scanned(
    target: Path, scanned: tuple[str, ...] | None, path: str, outcome: FixOutcome
) -> bytes | None:
    try:
        data = target.read_bytes()
    except OSError as error:
        outcome.notifications.append(_warning(path, f"cannot read the file ({error})"))
        return None
    try:
        text = decode(data)
    except UndecodableSource as error:
        outcome.notifications.append(_warning(path, f"cannot be edited as text ({error})"))
        return None
    if scanned is None or [line.removesuffix("\r") for line in text.split("\n")] != list(scanned):
        outcome.notifications.append(
            _warning(path, "the file changed since it was scanned; not fixed")
        )
        return None
    return data


def _warning(path: str, message: str) -> Notification:
    return Notification(path, message, NotificationLevel.WARNING)
