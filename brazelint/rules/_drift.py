"""What the drift rules (BRZ405, BRZ406, BRZ407) share: which variant is the main one, where
it is shown as related locations, the words of an event name, and which planned event an
unplanned name is a near miss of."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from brazelint import inventory
from brazelint.braze.config_keys import edit_distance
from brazelint.braze.names import words
from brazelint.findings import RelatedLocation

#: What may differ between two spellings of one name besides case and plural.
_SEPARATORS = frozenset("_-. ")
#: Words ending in ``s`` that are not plurals (``new_item`` and ``news_item`` differ).
_NOT_PLURAL = frozenset(
    {
        "news",
        "series",
        "species",
        "sms",
        "ios",
        "gps",
        "aws",
        "analytics",
        "canvas",
        "yes",
        "has",
        "was",
        "does",
        "this",
        "always",
        "lens",
        "gas",
        "plus",
        "alias",
        "bonus",
    }
)


def majority_rank(label: str, uses: list[inventory.Use]) -> tuple[int, int, str, int, str]:
    """Sort key of a variant: most files first, then most places, then the first in path
    order (``label`` breaks the last tie)."""
    first = min(uses, key=lambda use: (use.path, use.span.line))
    return (-len({use.path for use in uses}), -len(uses), first.path, first.span.line, label)


def first_use_per_file(
    uses: list[inventory.Use], describe: Callable[[inventory.Use], str], limit: int
) -> tuple[RelatedLocation, ...]:
    """The first use in each file, for at most ``limit`` files."""
    related: list[RelatedLocation] = []
    seen: set[str] = set()
    for use in sorted(uses, key=lambda u: (u.path, u.span.line, u.span.col)):
        if use.path in seen:
            continue
        seen.add(use.path)
        related.append(RelatedLocation(use.path, use.span, describe(use)))
        if len(related) == limit:
            break
    return tuple(related)


@lru_cache(maxsize=4096)
def event_words(name: str) -> tuple[str, ...]:
    """The words of an event name, lower-case and singular: what two spellings of one
    event share (``Products Viewed`` and ``productViewed`` → ("product", "viewed")). Any
    other character (``$``, ``:``, ``/``) must be the same, so it is kept as a last part
    (``$opened_store`` is not ``opened_store``)."""
    found = tuple(singular(word) for word in words(name))
    other = "".join(c for c in name if not c.isalnum() and c not in _SEPARATORS)
    return (*found, "\0" + other) if other and found else found


def singular(word: str) -> str:
    """English plural ``-s``/``-es``/``-ies`` removed (``status``, ``address`` and
    ``news`` kept)."""
    if word in _NOT_PLURAL:
        return word
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def near_limit(name: str) -> int:
    """How many edits still make a name a near miss of another: none below 4 letters
    (``buy``/``bug``), 1 below 8, else 2."""
    letters = sum(c.isalnum() for c in name)
    return 0 if letters < 4 else 1 if letters < 8 else 2


def near_planned(name: str, planned: frozenset[str]) -> str | None:
    """The planned event ``name`` is most likely a misspelling of, or None: the same words
    (case, separator, plural), else within ``near_limit`` edits of the words (the shorter
    name's limit). A planned name is never a misspelling of another. Ties go to the
    planned name closest as written, then the first in order."""
    if name in planned:
        return None
    mine = " ".join(event_words(name))
    if not mine:
        return None
    best: tuple[int, int, str] | None = None
    for candidate in planned:
        theirs = " ".join(event_words(candidate))
        limit = min(near_limit(mine), near_limit(theirs))
        distance = 0 if mine == theirs else edit_distance(mine, theirs, limit)
        if distance > limit or (distance and not limit):
            continue
        rank = (distance, edit_distance(name, candidate, 64), candidate)
        if best is None or rank < best:
            best = rank
    return best[2] if best is not None else None
