"""Fingerprints that let code scanning and baselines recognise a finding across runs.

Two kinds:

- :func:`line_hashes` reproduces ``primaryLocationLineHash``, the value GitHub's
  ``upload-sarif`` computes for every result (github/codeql-action ``src/fingerprints.ts``).
  Emitting the same value ourselves keeps alerts stable whether or not the action recomputes
  it; emitting a *different* one would make the action log "inconsistent fingerprint".
- :func:`finding_fingerprints` gives the line-independent ``brazelint/v1`` key: a hash of
  the rule, the path and what the finding is about, plus an occurrence index. It survives
  code moving up or down the file, and the baseline feature keys findings by it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence

from brazelint.facts import Span
from brazelint.findings import Finding

# --- primaryLocationLineHash ---------------------------------------------------------------

#: Characters in the window each line's hash covers (whitespace excluded).
_WINDOW = 100
_BASE = 37
_MASK = (1 << 64) - 1
#: Marker fed in after the last character, so the end of the file is part of the last
#: lines' hashes.
_EOF = 0xFFFF
_SPACE, _TAB, _LF, _CR = 0x20, 0x09, 0x0A, 0x0D
#: BASE ** WINDOW mod 2**64: the weight of the unit leaving the window.
_OUTGOING_WEIGHT = pow(_BASE, _WINDOW, 1 << 64)


def _utf16_units(text: str) -> list[int]:
    # The action reads the file as a JavaScript string, so characters outside the BMP count
    # as two surrogate code units. surrogatepass keeps lone surrogates from crashing us.
    data = text.encode("utf-16-le", "surrogatepass")
    return [data[i] | (data[i + 1] << 8) for i in range(0, len(data), 2)]


def line_hashes(text: str) -> list[str]:
    """``primaryLocationLineHash`` for every line of ``text``; index 0 is line 1.

    Each line's hash is a polynomial rolling hash (base 37, modulo 2**64) over the 100
    characters that follow the line's start, skipping spaces and tabs, with CR and CRLF read
    as LF and an end-of-file marker after the text. Identical hashes are told apart by a
    count: ``"<hex>:<n>"`` is the n-th line in the file with that hash.
    """
    window = [0] * _WINDOW
    # Line number of the unit that started a line at each window slot, 0 for none.
    starts = [0] * _WINDOW
    slot = 0
    value = 0
    line = 0
    at_line_start = True
    after_cr = False
    seen: dict[str, int] = {}
    result: list[str] = []

    def emit() -> None:
        # The unit in this slot started a line and the window now holds the 100 units that
        # follow it: its hash is final.
        key = format(value, "x")
        seen[key] = seen.get(key, 0) + 1
        result.append(f"{key}:{seen[key]}")
        starts[slot] = 0

    def push(unit: int) -> None:
        nonlocal value, slot
        value = (value * _BASE + unit - _OUTGOING_WEIGHT * window[slot]) & _MASK
        window[slot] = unit
        slot = (slot + 1) % _WINDOW

    for unit in [*_utf16_units(text), _EOF]:
        if unit in (_SPACE, _TAB) or (after_cr and unit == _LF):
            after_cr = False
            continue
        if unit == _CR:
            unit = _LF
            after_cr = True
        else:
            after_cr = False
        if starts[slot]:
            emit()
        if at_line_start:
            at_line_start = False
            line += 1
            starts[slot] = line
        if unit == _LF:
            at_line_start = True
        push(unit)
    # Lines that start within the last 100 units: pad with zeros until each has a full window.
    for _ in range(_WINDOW):
        if starts[slot]:
            emit()
        push(0)
    return result


def file_text(lines: Sequence[str]) -> str:
    """The file's text from its lines, for hashing: lines kept with their endings
    (``splitlines(keepends=True)``) are concatenated; lines without (``split("\n")``,
    ``splitlines()``) are joined with LF. Either way the hashes equal those of the original
    file, because CR, CRLF and LF all hash as one LF -- except that ``splitlines()`` drops a
    final newline, which the last lines' hashes see."""
    if any(line.endswith("\n") for line in lines):
        return "".join(lines)
    return "\n".join(lines)


# --- brazelint/v1 ----------------------------------------------------------------------------

FINGERPRINT_KEY = "brazelint/v1"

_WHITESPACE = re.compile(r"\s+")


def span_text(lines: Sequence[str], span: Span) -> str:
    """The source text a span covers (columns are code points, ``end_col`` exclusive)."""
    if span.line < 1 or span.line > len(lines):
        return ""
    last = min(span.end_line, len(lines))
    if last <= span.line:
        return lines[span.line - 1].rstrip("\r\n")[span.col - 1 : span.end_col - 1]
    parts = [lines[span.line - 1].rstrip("\r\n")[span.col - 1 :]]
    parts += [line.rstrip("\r\n") for line in lines[span.line : last - 1]]
    parts.append(lines[last - 1].rstrip("\r\n")[: span.end_col - 1])
    return "\n".join(parts)


def finding_key(finding: Finding, lines: Sequence[str] | None) -> str:
    """What the finding is about, independent of where it is: the rule's own
    ``fingerprint_key``, else the covered source text with whitespace collapsed (so
    re-indenting does not change it), else the message."""
    if finding.fingerprint_key:
        return finding.fingerprint_key
    if lines:
        text = _WHITESPACE.sub(" ", span_text(lines, finding.span)).strip()
        if text:
            return text
    return finding.message


def fingerprint_base(rule_id: str, path: str, key: str) -> str:
    """The hash of (rule, path, key), without the occurrence index."""
    digest = hashlib.sha256()
    # Length-prefix each part so that no two different triples encode to the same bytes.
    for part in (rule_id, path, key):
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()[:32]


def finding_fingerprints(
    findings: Sequence[Finding], lines: Mapping[str, Sequence[str]]
) -> list[str]:
    """``brazelint/v1`` for each finding, in the order given: ``"<hash>:<n>"`` where n
    counts findings with the same hash in source order, so two identical findings (same rule,
    path and text) get distinct values while moving code keeps every value."""
    bases = [
        fingerprint_base(
            finding.rule_id, finding.path, finding_key(finding, lines.get(finding.path))
        )
        for finding in findings
    ]
    counts: dict[str, int] = {}
    result = [""] * len(findings)
    # Number occurrences in source order, not input order, so the result does not depend on
    # the order rules happened to report in.
    for index in sorted(range(len(findings)), key=lambda i: sort_key(findings[i])):
        counts[bases[index]] = counts.get(bases[index], 0) + 1
        result[index] = f"{bases[index]}:{counts[bases[index]]}"
    return result


def sort_key(finding: Finding) -> tuple[str, int, int, int, int, str, str]:
    """The order every reporter lists findings in: path, position, rule, message."""
    span = finding.span
    return (
        finding.path,
        span.line,
        span.col,
        span.end_line,
        span.end_col,
        finding.rule_id,
        finding.message,
    )
