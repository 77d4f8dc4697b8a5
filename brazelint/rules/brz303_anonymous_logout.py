"""BRZ303 anonymous-logout: ``changeUser`` with an empty ID, or a static placeholder ID,
to "log out". Braze profiles cannot become anonymous again: the Web SDK ignores an empty
ID, and a shared static ID merges every logged-out user into one profile
(braze-facts.md §0 "Logging out"). The SDKs have a ``logout()`` API for this."""

from __future__ import annotations

from collections.abc import Iterator

from brazelint.braze.identity import NOBODY_IDS, in_logout_function
from brazelint.braze.sdk import change_user_ids
from brazelint.facts import FileFacts, Value, ValueKind
from brazelint.findings import Finding
from brazelint.languages import CODE_LANGUAGES, Language
from brazelint.rule import FileRule


class AnonymousLogout(FileRule):
    id = "BRZ303"
    keywords = rb"changeUser"
    # changeUser exists only in the SDKs; Python has none (it talks to the REST API, which
    # has no "switch user" call to misuse this way).
    languages = CODE_LANGUAGES - {Language.PYTHON}

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        for found in change_user_ids(facts):
            value = found.value
            reason = _problem(value, in_logout_function(found.call.flow.scope))
            if reason is None:
                continue
            yield self.finding(
                facts.path,
                value.span,
                f"{reason}; a Braze profile cannot go back to anonymous. Call the SDK's "
                "`logout()` instead (Web 6.10+, Swift 18+, Android 43+), or simply stop "
                "calling changeUser when the user logs out",
                fingerprint_key=value.text,
            )


def _problem(value: Value, in_logout: bool) -> str | None:
    if value.kind is ValueKind.NULL:
        return f"changeUser({value.text or 'null'}) is ignored by the SDK (it needs a non-empty ID)"
    if value.kind is ValueKind.STRING:
        text = value.text.strip()
        if not text:
            return 'changeUser("") is ignored by the SDK (it needs a non-empty ID)'
        if text.lower() in NOBODY_IDS:
            return f'changeUser("{text}") puts every user who gets this ID into one shared profile'
        if in_logout:
            return (
                f'changeUser("{text}") on logout puts every logged-out user into one shared profile'
            )
    return None
