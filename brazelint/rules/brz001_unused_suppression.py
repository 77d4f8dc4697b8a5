"""BRZ001 unused-suppression: a ``brazelint: ignore`` comment that silenced nothing, or that
names something that is not a rule (ruff's RUF100).

Whether a suppression was used is known only after every other rule has run on the file,
so the engine reports these (``brazelint/engine.py`` with ``brazelint/suppressions.py``);
the class ties the ID to its catalog entry, its severity and rule selection, and makes files
that mention brazelint get parsed.
"""

from __future__ import annotations

from collections.abc import Iterator

from brazelint.facts import FileFacts
from brazelint.findings import Finding
from brazelint.languages import Language
from brazelint.rule import FileRule
from brazelint.suppressions import UNUSED_ID


class UnusedSuppression(FileRule):
    id = UNUSED_ID
    keywords = rb"brazelint"
    # JSON has no comments, so no suppressions.
    languages = frozenset(Language) - {Language.JSON}

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        # Reported by the engine once all rules have run; see the module docstring.
        return iter(())
