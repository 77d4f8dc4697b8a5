"""BRZ002 malformed-suppression: a comment that looks like a brazelint directive but does
not parse (``brazelint: ignore BRZ401``, ``Brazelint: ignore``, ``brazelint: ignore[]``).
It silences nothing: a typo must never turn into a blanket ignore."""

from __future__ import annotations

from collections.abc import Iterator

from brazelint.catalog import load_catalog
from brazelint.facts import FileFacts
from brazelint.findings import Finding
from brazelint.languages import Language
from brazelint.rule import FileRule
from brazelint.suppressions import MALFORMED_ID, might_hold_directives, parse_comments


class MalformedSuppression(FileRule):
    id = MALFORMED_ID
    keywords = rb"brazelint"
    # JSON has no comments, so no suppressions.
    languages = frozenset(Language) - {Language.JSON}

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        if not might_hold_directives(facts.comments):
            return
        parsed = parse_comments(facts.comments, facts.lines, load_catalog())
        for problem in parsed.malformed:
            yield self.finding(
                facts.path, problem.span, problem.message, fingerprint_key=problem.message
            )
