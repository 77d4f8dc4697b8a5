"""BRZ301 pii-external-id: email, phone or other changeable PII passed as external ID
(braze-facts.md §4: external IDs are permanent; Braze recommends an internal, stable ID)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from brazelint.braze.identity import external_ids
from brazelint.braze.names import last_component_words
from brazelint.facts import FileFacts, Value, ValueKind
from brazelint.findings import Finding
from brazelint.languages import CODE_LANGUAGES
from brazelint.rule import FileRule

#: Words that name changeable personal data.
_PII_WORDS = {
    "email": "an email address",
    "mail": "an email address",
    "phone": "a phone number",
    "msisdn": "a phone number",
    "mobile": "a phone number",
    "tel": "a phone number",
    "ssn": "a social security number",
}
#: Words that mean the value is derived, not the PII itself (a hash is still better kept
#: out of this rule: it is stable as long as the address is, and teams use it on purpose).
_DERIVED_WORDS = frozenset(
    {
        "hash",
        "hashed",
        "sha",
        "sha256",
        "md5",
        "digest",
        "id",
        "uuid",
        "verified",
        "valid",
        "enabled",
        "count",
        "domain",
        "type",
    }
)
_EMAIL_LITERAL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_PHONE_LITERAL = re.compile(r"^\+\d[\d ()-]{6,}$")


class PiiExternalId(FileRule):
    id = "BRZ301"
    keywords = rb"changeUser|external_id"
    languages = CODE_LANGUAGES

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        for found in external_ids(facts):
            kind = pii_kind(found.value)
            if kind is None:
                continue
            yield self.finding(
                facts.path,
                found.value.span,
                f"{found.where} is given {kind} (`{_shown(found.value)}`{_which(found.value)}) "
                "as the external ID; "
                "users change emails and phone numbers, and an external ID can never change, "
                "so the profile splits. Use your internal user ID, and set the email or phone "
                "as an attribute",
                fingerprint_key=_shown(found.value),
            )


def pii_kind(value: Value) -> str | None:
    """What personal data ``value`` is, judged by its name or literal shape; for a value
    that is one of several (``user.id ?? user.email``), what any of them is."""
    if value.kind is ValueKind.CHOICE:
        for alternative in value.alternatives():
            kind = pii_kind(alternative)
            if kind:
                return kind
        return None
    if value.kind is ValueKind.STRING:
        text = value.text.strip()
        if _EMAIL_LITERAL.match(text):
            return "an email address"
        if _PHONE_LITERAL.match(text) and sum(ch.isdigit() for ch in text) >= 7:
            return "a phone number"
        if value.resolved_from is None:
            return None
        return _named(value.resolved_from)
    if value.kind in (ValueKind.NAME, ValueKind.CALL):
        return _named(value.text) or (_named(value.resolved_from) if value.resolved_from else None)
    if value.kind is ValueKind.TEMPLATE:
        for part in value.items:
            if part.kind is not ValueKind.STRING:
                kind = pii_kind(part)
                if kind:
                    return kind
    return None


def _named(dotted: str) -> str | None:
    # ``user.email.toLowerCase()`` is still the email: look past string helpers.
    parts = dotted.split(".")
    while len(parts) > 1 and parts[-1] in (
        "toLowerCase",
        "lower",
        "trim",
        "strip",
        "lowercased",
        "lowercase",
        "toString",
    ):
        parts.pop()
    found = last_component_words(parts[-1])
    if not found or any(word in _DERIVED_WORDS for word in found):
        return None
    for word in found:
        if word in _PII_WORDS:
            return _PII_WORDS[word]
    return None


def _which(value: Value) -> str:
    """For a name or helper that may hold PII: which of its values is the PII."""
    if value.resolved_from is None and value.kind is not ValueKind.CHOICE:
        return ""
    for alternative in value.alternatives():
        if pii_kind(alternative) and alternative.text != value.resolved_from:
            text = alternative.text
            return f", which may be `{text if len(text) <= 60 else text[:57] + '...'}`"
    return ""


def _shown(value: Value) -> str:
    text = value.resolved_from or value.text
    return text if len(text) <= 60 else text[:57] + "..."
