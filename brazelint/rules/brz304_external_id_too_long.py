"""BRZ304 external-id-too-long: a literal external ID longer than Braze accepts. The REST
API rejects IDs over 987 bytes (``EXTERNAL_USER_ID_TOO_LARGE``); the Web and Android SDKs
reject ``changeUser`` IDs over 997 bytes. Both limits count UTF-8 bytes, not characters
(braze-facts.md §0, §4). The Swift SDK's limit is unverified; the 997-byte SDK limit is
applied there too, since an ID over it fails REST anyway."""

from __future__ import annotations

from collections.abc import Iterator

from brazelint.braze.identity import IdChannel, external_ids
from brazelint.facts import FileFacts, ValueKind
from brazelint.findings import Finding
from brazelint.languages import CODE_LANGUAGES
from brazelint.rule import FileRule

REST_MAX_BYTES = 987
SDK_MAX_BYTES = 997


class ExternalIdTooLong(FileRule):
    id = "BRZ304"
    keywords = rb"changeUser|external_id"
    languages = CODE_LANGUAGES

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        for found in external_ids(facts):
            value = found.value
            if value.kind is not ValueKind.STRING:
                continue
            size = len(value.text.encode("utf-8"))
            limit = SDK_MAX_BYTES if found.channel is IdChannel.SDK else REST_MAX_BYTES
            if size <= limit:
                continue
            chars = len(value.text)
            counted = f"{size} bytes"
            if chars != size:
                counted += f" in UTF-8 ({chars} characters)"
            if found.channel is IdChannel.SDK:
                subject = f"the external ID given to {found.where} is"
                consequence = "the SDK rejects IDs over 997 bytes and the user stays unidentified"
            else:
                subject = "this `external_id` is"
                consequence = (
                    "the REST API rejects IDs over 987 bytes (EXTERNAL_USER_ID_TOO_LARGE) "
                    "and drops the object"
                )
            yield self.finding(
                facts.path,
                value.span,
                f"{subject} {counted}; {consequence}. "
                "Use a short stable ID such as your database key or a UUID",
                fingerprint_key=f"{found.channel}:{size}",
            )
