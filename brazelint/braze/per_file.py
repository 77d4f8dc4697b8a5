"""Answers about one file that several rules ask for, computed once per file.

The engine runs every file rule on a file's facts one after another, and many rules start
from the same derived facts (the file's Braze REST requests, its external IDs, its
/users/track bodies). ``per_file`` remembers a helper's answer for the facts it was last
asked about, so the second rule to ask gets it for free.

Only the latest file is remembered: the memo is one slot, so it never grows, and it is
dropped as soon as another file is asked about. ``FileFacts`` has slots and no weak
references, so the slot holds the facts themselves; comparing by identity (never by
equality, which would walk the whole file) keeps a different file from being mistaken for
it. Answers must be immutable (tuples, frozensets, bools), since every caller shares them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from brazelint.facts import FileFacts

Answer = TypeVar("Answer")


def per_file(helper: Callable[[FileFacts], Answer]) -> Callable[[FileFacts], Answer]:
    """``helper``, remembering its answer for the facts object it was last called with."""
    # The latest call's (facts, answer), replaced as one tuple so that a reader never
    # pairs one file's facts with another file's answer.
    latest: tuple[FileFacts, Answer] | None = None

    @wraps(helper)
    def remembered(facts: FileFacts) -> Answer:
        nonlocal latest
        entry = latest
        if entry is not None and entry[0] is facts:
            return entry[1]
        answer = helper(facts)
        latest = (facts, answer)
        return answer

    return remembered
