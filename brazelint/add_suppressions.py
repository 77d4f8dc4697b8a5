"""``--add-suppressions``: silence every current finding where it is, with a
``brazelint: ignore[RULE]`` comment at the end of its line in the file's own comment
syntax (ruff's ``--add-noqa``), so that a codebase can adopt brazelint and see only new
findings from then on, each old one visible in the code it is about.

Files are changed byte for byte only where a comment is added: line endings (CRLF, LF),
a byte-order mark, UTF-16 and everything else stay as they were. A file kind without
comment syntax (JSON, a binary plist) is left alone, with a notification. A file that
changed since it was scanned is left alone too.

Every changed file is scanned again; one that does not come out with each of its
findings silenced and nothing new (a line that ends inside a multi-line string, where the
comment is text, not a comment) is put back as it was. It is then tried once more without
the lines whose findings were still reported (each named in a warning); if that fails too,
or the change made the file unparsable, it stays as it was, with a warning, so that a run
never leaves code half-suppressed or broken.

Findings about suppression comments themselves (BRZ001, BRZ002) are not silenced: the
comment they are about should be removed or fixed instead.
"""

from __future__ import annotations

import codecs
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from brazelint import suppressions
from brazelint.findings import Finding, Notification, NotificationLevel
from brazelint.languages import language_for
from brazelint.source import UndecodableSource, decode, write_in_place

#: Findings about suppression comments, never silenced by another one.
_ABOUT_SUPPRESSIONS = frozenset({suppressions.UNUSED_ID, suppressions.MALFORMED_ID})
_UTF16 = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}


@dataclass
class Added:
    """What a run changed: per file, how many findings its new comments silence."""

    files: dict[str, int] = field(default_factory=dict)
    notifications: list[Notification] = field(default_factory=list)

    @property
    def findings(self) -> int:
        return sum(self.files.values())


@dataclass
class _Edit:
    display: str
    path: Path
    kind: str
    original: bytes
    changed: bytes
    count: int
    #: Findings in the file deliberately left unsilenced (about suppressions).
    left: int
    #: Findings in the file that must come out silenced: those already silenced before
    #: (a comment, the baseline, --diff-base) and ``count`` more.
    silenced: int


def add(
    findings: Iterable[Finding],
    lines: Mapping[str, Sequence[str]],
    root: Path,
    reason: str,
    rescan: Callable[[list[Path]], tuple[list[Finding], list[Notification]]],
) -> Added:
    """Write a suppression comment for each unsilenced finding; ``rescan(paths)`` scans
    the changed files again (findings and notifications) to check the result."""
    added = Added()
    by_path: dict[str, list[Finding]] = defaultdict(list)
    silenced_before: dict[str, int] = defaultdict(int)
    for finding in findings:
        if finding.suppressed_by is None:
            by_path[finding.path].append(finding)
        else:
            silenced_before[finding.path] += 1
    edits: list[_Edit] = []
    for display in sorted(by_path):
        edit = _plan(display, by_path[display], lines.get(display), root, reason, added)
        if edit is not None:
            edits.append(edit)
            edit.silenced += silenced_before[display]
    first = _write_and_check(edits, rescan, added)
    # A file whose check failed: try once more without the lines whose findings were still
    # reported (their line ends inside a string, where the comment is text), so that one
    # awkward line does not cost the whole file its comments.
    retries: list[_Edit] = []
    for edit, unsilenced_lines in first:
        scratch = Added()  # the first plan already gave this file's notifications
        retry = None
        placement = suppressions.directive_comment(edit.kind, ())
        # Only comments at line ends keep line numbers, which the retry goes by.
        if placement is not None and not placement[1] and unsilenced_lines:
            retry = _plan(
                edit.display,
                by_path[edit.display],
                lines.get(edit.display),
                root,
                reason,
                scratch,
                frozenset(unsilenced_lines),
            )
        if retry is None:
            added.notifications.append(_not_silenced(edit.display))
            continue
        retry.silenced += silenced_before[edit.display]
        retries.append(retry)
        for line in sorted(unsilenced_lines):
            added.notifications.append(
                Notification(
                    edit.display,
                    f"line {line}: a comment at its end would not be read as one (the line "
                    "may end inside a multi-line string); its findings are not suppressed",
                    NotificationLevel.WARNING,
                )
            )
    for edit, _ in _write_and_check(retries, rescan, added):
        added.notifications.append(_not_silenced(edit.display))
    return added


def _not_silenced(display: str) -> Notification:
    return Notification(
        display,
        "a suppression comment added here would not silence its finding (the line may end "
        "inside a multi-line string or comment); file left unchanged",
        NotificationLevel.WARNING,
    )


def _write_and_check(
    edits: Sequence[_Edit],
    rescan: Callable[[list[Path]], tuple[list[Finding], list[Notification]]],
    added: Added,
) -> list[tuple[_Edit, set[int]]]:
    """Write ``edits``, scan them again, keep those that came out clean (recorded in
    ``added``) and put the others back: returned, each with the lines whose findings were
    still reported. A parse problem the change caused gives no lines (no retry)."""
    written: list[_Edit] = []
    for edit in edits:
        problem = write_in_place(edit.path, edit.changed)
        if problem is None:
            written.append(edit)
        else:
            added.notifications.append(Notification(edit.display, f"{problem}; left unchanged"))
    if not written:
        return []
    after, notes = rescan([edit.path for edit in written])
    failed: list[tuple[_Edit, set[int]]] = []
    for edit in written:
        if _came_out_clean(edit, after, notes):
            added.files[edit.display] = edit.count
            continue
        problem = write_in_place(edit.path, edit.original)
        if problem is not None:
            added.notifications.append(
                Notification(
                    edit.display,
                    f"could not restore the file after a failed suppression: {problem}",
                    NotificationLevel.ERROR,
                )
            )
            continue
        broke = any(n.path == edit.display and n.level is not NotificationLevel.NOTE for n in notes)
        lines = (
            set()
            if broke
            else {f.span.line for f in after if f.path == edit.display and f.suppressed_by is None}
        )
        failed.append((edit, lines))
    return failed


def _plan(
    display: str,
    findings: list[Finding],
    scanned_lines: Sequence[str] | None,
    root: Path,
    reason: str,
    added: Added,
    skip_lines: frozenset[int] = frozenset(),
) -> _Edit | None:
    """The change that silences ``findings`` in one file (None when there is none to
    make); findings on ``skip_lines`` are left."""

    def skip(why: str, level: NotificationLevel = NotificationLevel.NOTE) -> None:
        count = len(findings)
        added.notifications.append(
            Notification(
                display,
                f"{why}: {count} finding{'' if count == 1 else 's'} not suppressed (record "
                "them in a baseline instead: --write-baseline)",
                level,
            )
        )

    path = root / display
    language = language_for(path)
    kind = suppressions.comment_kind(language.value if language else "", display)
    wanted = [f for f in findings if f.rule_id not in _ABOUT_SUPPRESSIONS]
    left = len(findings) - len(wanted)
    if left:
        added.notifications.append(
            Notification(
                display,
                f"{left} finding{'' if left == 1 else 's'} about suppression comments "
                "(BRZ001, BRZ002) left: remove or fix those comments",
                NotificationLevel.NOTE,
            )
        )
    findings = wanted
    if not findings:
        return None
    if suppressions.directive_comment(kind, ()) is None:
        skip("this kind of file has no comment syntax")
        return None
    try:
        original = path.read_bytes()
    except OSError as error:
        skip(f"cannot read the file ({error.strerror or error})", NotificationLevel.WARNING)
        return None
    if original.startswith(b"bplist"):
        skip("a binary plist has no comment syntax")
        return None
    bom = next((mark for mark in _UTF16 if original.startswith(mark)), b"")
    try:
        text = decode(original)
    except UndecodableSource as error:
        skip(f"cannot be edited as text ({error})", NotificationLevel.WARNING)
        return None
    # Lines as the scan numbered them: split on "\n" only, a CR kept with its line.
    file_lines = text.split("\n")
    if scanned_lines is None or [line.removesuffix("\r") for line in file_lines] != list(
        scanned_lines
    ):
        skip("the file changed since it was scanned", NotificationLevel.WARNING)
        return None
    by_line: dict[int, set[str]] = defaultdict(set)
    count = 0
    for finding in findings:
        line = finding.span.line
        body = file_lines[line - 1].removesuffix("\r") if 1 <= line <= len(file_lines) else None
        if line in skip_lines:
            left += 1
            continue
        if body is None or (kind == "python" and body.endswith("\\")):
            # No line to write on, or a Python line continued with a backslash, where
            # nothing may follow the backslash.
            left += 1
            added.notifications.append(
                Notification(
                    display,
                    f"no place for a suppression comment on line {line} ({finding.rule_id}); "
                    "finding not suppressed",
                    NotificationLevel.NOTE,
                )
            )
            continue
        by_line[line].add(finding.rule_id)
        count += 1
    if not by_line:
        return None
    changed_lines = list(file_lines)
    # From the bottom up, so that a line put above a finding moves none still to come.
    for line in sorted(by_line, reverse=True):
        body = changed_lines[line - 1]
        ending = "\r" if body.endswith("\r") else ""
        placement = suppressions.directive_comment(kind, by_line[line], reason)
        assert placement is not None  # the kind was checked above
        comment, above = placement
        if above:
            indent = body[: len(body) - len(body.lstrip(" \t"))]
            changed_lines.insert(line - 1, indent + comment + ending)
        else:
            changed_lines[line - 1] = body.removesuffix("\r").rstrip(" \t") + comment + ending
    changed_text = "\n".join(changed_lines)
    if bom:
        changed = bom + changed_text.encode(_UTF16[bom], "surrogatepass")
    else:
        prefix = codecs.BOM_UTF8 if original.startswith(codecs.BOM_UTF8) else b""
        changed = prefix + changed_text.encode("utf-8", "surrogatepass")
    return _Edit(display, path, kind, original, changed, count, left, count)


def _came_out_clean(
    edit: _Edit, findings: Sequence[Finding], notifications: Sequence[Notification]
) -> bool:
    """After the change the file's findings are all silenced but the ones left on
    purpose, and the scan reports no new problem with the file (a parse error)."""
    mine = [f for f in findings if f.path == edit.display]
    unsilenced = sum(1 for f in mine if f.suppressed_by is None)
    silenced = sum(1 for f in mine if f.suppressed_by is not None)
    problems = [
        n for n in notifications if n.path == edit.display and n.level is not NotificationLevel.NOTE
    ]
    return unsilenced <= edit.left and silenced >= edit.silenced and not problems
