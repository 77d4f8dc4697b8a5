"""BRZ101 rest-key-hardcoded: a literal Braze REST API key in source or committed config
(braze-facts.md §2: "Must remain private. Never expose in client-side code, public
repositories, or user applications").

Which values are REST keys is decided by use, never by shape (the public SDK key looks the
same): see :mod:`brazelint.braze.keys`. The key never appears in the finding: the message
shows its first four characters and length, the fingerprint is a hash, and reporters hide
the source line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from brazelint.braze.keys import (
    REST_KEY_KEYWORDS,
    hardcoded_rest_keys,
    is_allowlisted,
    redact,
    secret_fingerprint,
)
from brazelint.facts import FileFacts
from brazelint.findings import Finding
from brazelint.languages import CODE_LANGUAGES, Language
from brazelint.rule import FileRule

#: Set on every finding that holds a secret: reporters show no source line for it.
REDACT = {"redact_snippet": "1"}


class RestKeyHardcoded(FileRule):
    id = "BRZ101"
    keywords = REST_KEY_KEYWORDS
    languages = CODE_LANGUAGES | {
        Language.DOTENV,
        Language.ANDROID_XML,
        Language.PLIST,
        Language.LIQUID,
    }

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        for use in hardcoded_rest_keys(facts):
            finding = self.finding(
                facts.path,
                use.span,
                f"Braze REST API key {redact(use.secret)} is hard-coded as {use.how}; anyone "
                "who can read this file can message, export or delete your users. Revoke the "
                "key in the Braze dashboard, then load its replacement on the server from a "
                "secret store or environment variable",
                fingerprint_key=secret_fingerprint(use.secret),
            )
            finding.extra.update(REDACT)
            if is_allowlisted(facts, use.span.line):
                finding = replace(finding, suppressed_by="pragma: allowlist secret")
            yield finding
