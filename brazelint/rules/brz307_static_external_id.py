"""BRZ307 static-external-id: a literal external ID (``changeUser("user-01")``, a REST
``"external_id": "test"``) in code that every user runs. The ID is the same for everyone,
so every install, browser or request writes to one profile: attributes overwrite each
other, events pile up on one user, and messages for that user reach everybody
(braze-facts.md §5.1: "Do not assign a static default ID"; §4: an external ID must be
unique to the person, and a device ID "offers no benefit versus the automatic anonymous
user tracking").

Kept apart from BRZ305 (a value that changes every time: one person, many profiles), as
this is the opposite mistake (many people, one profile).

What is left to other rules or not reported:

- empty IDs, "nobody" IDs (``"guest"``, ``"anonymous"`` …) and any literal in a logout
  function given to ``changeUser``: BRZ303 reports them as the fake logout they are;
- literal email addresses and phone numbers: BRZ301; IDs over the length limit: BRZ304;
- template placeholders (``"{{user_id}}"``, ``"<USER_ID>"``, ``"YOUR_EXTERNAL_ID"``,
  ``"%s"``): a value someone fills in, not a value everyone shares;
- code that runs only in debug builds (``if (__DEV__)``, ``#if DEBUG``,
  ``BuildConfig.DEBUG``) and documentation files (a snippet in a guide);
- a value that is only sometimes literal (``user.id ?? "x"``): the literal arm may be a
  fallback this rule cannot weigh, so only values literal on every path are reported.

Test, mock and fixture folders are left out by the test-path policy (``test-paths`` in the
configuration); sample apps are scanned like app code, since they are copied into apps
(benchmarks/realworld/README.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from brazelint.braze.identity import NOBODY_IDS, IdChannel, external_ids, in_logout_function
from brazelint.facts import FileFacts, Flow, Value, ValueKind
from brazelint.findings import Finding
from brazelint.languages import CODE_LANGUAGES
from brazelint.rule import FileRule

#: Characters only templates and placeholders hold: ``{{id}}``, ``${ID}``, ``<id>``, ``%s``.
_PLACEHOLDER_MARKS = frozenset("<>{}$%")
#: Words a stand-in value says about itself (lower-cased, anywhere in the value).
_PLACEHOLDER_WORDS = (
    "your",
    "placeholder",
    "replace",
    "insert",
    "changeme",
    "change_me",
    "change-me",
    "xxx",
    "todo",
    "fixme",
    "redacted",
)
#: ``USER_ID``, ``EXTERNAL_ID``, ``MY_USER``: a constant's name written as its value.
_SCREAMING_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
#: A literal email address or phone number (BRZ301's).
_PII = re.compile(r"^[^@\s]+@[^@\s]+$|^\+?\d[\d ()-]{6,}$")
#: Conditions under which code runs only in debug builds.
_DEBUG_GUARD = re.compile(
    r"__DEV__|\bDEBUG\b|isDebug|debugMode|kDebugMode|"
    r"NODE_ENV\s*={2,3}\s*[\"'`](?:development|dev|test)\b",
    re.I,
)
#: File suffixes and folders of documentation: IDs in them are examples for the reader.
_DOC_SUFFIXES = frozenset({".md", ".mdx", ".markdown", ".rst", ".adoc", ".txt", ".html", ".htm"})
_DOC_DIRS = frozenset({"docs", "doc", "documentation"})
#: The REST and SDK limits (BRZ304 reports longer IDs).
_REST_MAX_BYTES = 987
_SDK_MAX_BYTES = 997


class StaticExternalId(FileRule):
    id = "BRZ307"
    keywords = rb"changeUser|external_id"
    languages = CODE_LANGUAGES

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        if _documentation(facts.path):
            return
        for found in external_ids(facts):
            flow = found.call.flow if found.call is not None else None
            if flow is not None and _debug_only(flow):
                continue
            literal = static_id(found.value, sdk=found.channel is IdChannel.SDK)
            if literal is None:
                continue
            sdk = found.channel is IdChannel.SDK
            if sdk and flow is not None and in_logout_function(flow.scope):
                continue  # BRZ303: a static ID on logout
            shown = literal if len(literal) <= 40 else literal[:37] + "..."
            through = found.value.resolved_from
            via = f" (through `{through}`)" if through and through != "template" else ""
            if found.channel is IdChannel.SDK:
                subject = f'{found.where} is given the literal ID "{shown}"{via}'
                who = "every user who runs this code"
            else:
                subject = f'this `external_id` is the literal "{shown}"{via}'
                who = "every user this code sends data for"
            yield self.finding(
                facts.path,
                found.value.span,
                f"{subject}, so {who} is identified as the same Braze user: their "
                "attributes overwrite each other, their events pile up on one profile, and "
                "messages meant for that profile reach all of them. Pass the signed-in "
                "user's own stable ID, and leave users you cannot identify anonymous",
                fingerprint_key=f"{found.channel}:{literal}",
            )


def static_id(value: Value, sdk: bool) -> str | None:
    """The literal every run of the code passes as the external ID, or None: the value
    must be a literal string or number on every path, not a placeholder, and not a case
    another rule reports (``sdk``: given to ``changeUser``, where BRZ303 takes the
    "nobody" IDs)."""
    literals: list[str] = []
    for alternative in value.alternatives():
        if alternative.kind in (ValueKind.STRING, ValueKind.NUMBER):
            literals.append(alternative.text)
        else:
            return None  # not literal on every path
    kept = [text for text in literals if _reportable(text, sdk)]
    if len(kept) != len(literals) or not kept:
        return None
    return kept[0]


def _reportable(text: str, sdk: bool) -> bool:
    value = text.strip()
    if not value:
        return False  # BRZ303 (changeUser("")) or nothing at all
    if sdk and value.lower() in NOBODY_IDS:
        return False  # BRZ303
    if len(value.encode("utf-8")) > (_SDK_MAX_BYTES if sdk else _REST_MAX_BYTES):
        return False  # BRZ304
    if _PII.match(value):
        return False  # BRZ301
    return not is_placeholder_id(value)


def is_placeholder_id(text: str) -> bool:
    """``text`` is a stand-in someone is meant to fill in, not an ID shared as written."""
    if _PLACEHOLDER_MARKS & set(text):
        return True
    if _SCREAMING_NAME.fullmatch(text):
        return True
    lower = text.lower()
    return any(word in lower for word in _PLACEHOLDER_WORDS)


def _debug_only(flow: Flow) -> bool:
    return any(
        not guard.startswith("!") and _DEBUG_GUARD.search(guard) is not None
        for guard in flow.guards
    )


def _documentation(path: str) -> bool:
    pure = PurePosixPath(path)
    if pure.suffix.lower() in _DOC_SUFFIXES:
        return True
    return any(part.lower() in _DOC_DIRS for part in pure.parts[:-1])
