"""Keeps detected secrets out of every output.

Rules that find secrets already write redacted messages, put a hash in
``fingerprint_key`` and mark their findings ``redact_snippet``. What they cannot control is
everything else a scan prints: another rule's finding on the line that holds the key (whose
snippet would show the line), a message that quotes a URL with ``?api_key=…``, a
notification that echoes source text. After all rules ran, this module re-derives the keys
of the files that had secret findings and scrubs the whole result with them: any finding on
a line holding a key gets ``redact_snippet``, and every key in any message becomes its
redacted form. Notifications are also scrubbed of anything key-shaped, since a file that
failed to parse has no facts to derive keys from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from brazelint.braze.keys import UUID, hardcoded_rest_keys, redact
from brazelint.facts import FileFacts
from brazelint.findings import Finding, Notification, RelatedLocation

REDACT_SNIPPET = "redact_snippet"
#: Key-shaped text that has no business in a notification: UUIDs, Bearer tokens, values
#: of ``api_key``/``*_KEY=`` assignments.
_NOTIFICATION_SECRETS = re.compile(
    UUID.pattern
    + r"|(?i:bearer)\s+[^\s\"'`]{8,}"
    + r"|(?i:api_key|[A-Z0-9_]*KEY)\s*[=:]\s*[\"']?[^\s\"'`&]{8,}"
)


def secrets_of(files: Iterable[FileFacts]) -> frozenset[str]:
    """The REST keys hard-coded in ``files``."""
    found: set[str] = set()
    for facts in files:
        found.update(use.secret for use in hardcoded_rest_keys(facts))
    return frozenset(found)


def holds_secret(
    findings: Sequence[Finding], notifications: Sequence[Notification], facts: FileFacts | None
) -> bool:
    """Whether one file's outcome holds a detected key anywhere: a secret rule's finding
    (the rule then keeps the file's whole facts, lines included, for redaction), a key the
    facts still show, or key-shaped text in a notification. Such an outcome must not be
    written anywhere whole, the result cache included."""
    if any(finding.extra.get(REDACT_SNIPPET) == "1" for finding in findings):
        return True
    if any(_NOTIFICATION_SECRETS.search(n.message) for n in notifications):
        return True
    return facts is not None and bool(secrets_of((facts,)))


def scrub(text: str, secrets: frozenset[str]) -> str:
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, redact(secret))
    return text


def redact_result(
    findings: Sequence[Finding],
    notifications: Sequence[Notification],
    facts: Mapping[str, FileFacts],
    lines: Mapping[str, Sequence[str]],
    secrets: frozenset[str] | None = None,
) -> tuple[list[Finding], list[Notification]]:
    """A scan's findings and notifications with every detected key kept out of messages
    and snippets. The keys are ``secrets`` when the caller already derived them, else
    re-derived with ``detected_secrets``."""
    if secrets is None:
        secrets = detected_secrets(findings, facts)
    return redact_findings(findings, secrets, lines), redact_notifications(notifications, secrets)


def detected_secrets(findings: Sequence[Finding], facts: Mapping[str, FileFacts]) -> frozenset[str]:
    """The keys of a scan: re-derived from the facts of the files that had a finding
    marked ``redact_snippet`` (only those files can hold one)."""
    marked = {f.path for f in findings if f.extra.get(REDACT_SNIPPET) == "1"}
    return secrets_of(facts[path] for path in sorted(marked) if path in facts)


def redact_findings(
    findings: Sequence[Finding],
    secrets: frozenset[str],
    lines: Mapping[str, Sequence[str]],
) -> list[Finding]:
    """``findings`` with ``secrets`` kept out of messages and snippets."""
    if not secrets:
        return list(findings)
    cleaned: list[Finding] = []
    for finding in findings:
        message = scrub(finding.message, secrets)
        related = tuple(
            RelatedLocation(r.path, r.span, scrub(r.message, secrets)) for r in finding.related
        )
        extra = dict(finding.extra)
        if _on_secret_line(finding, lines, secrets):
            extra[REDACT_SNIPPET] = "1"
        if message != finding.message or related != finding.related or extra != finding.extra:
            finding = replace(finding, message=message, related=related, extra=extra)
        cleaned.append(finding)
    return cleaned


def _on_secret_line(
    finding: Finding, lines: Mapping[str, Sequence[str]], secrets: frozenset[str]
) -> bool:
    file_lines = lines.get(finding.path)
    if not file_lines:
        return False
    first = max(finding.span.line, 1)
    last = min(max(finding.span.end_line, first), len(file_lines))
    return any(secret in file_lines[n - 1] for n in range(first, last + 1) for secret in secrets)


def redact_notifications(
    notifications: Sequence[Notification], secrets: frozenset[str] = frozenset()
) -> list[Notification]:
    cleaned: list[Notification] = []
    for notification in notifications:
        message = _NOTIFICATION_SECRETS.sub(
            lambda match: redact(match.group(0)), scrub(notification.message, secrets)
        )
        if message != notification.message:
            notification = replace(notification, message=message)
        cleaned.append(notification)
    return cleaned
