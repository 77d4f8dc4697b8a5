"""Reading identifiers as words: ``emailAddress`` → ("email", "address")."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z]|\d|\b|_)|[A-Z]?[a-z]+|[A-Z]+|\d+")


def words(identifier: str) -> tuple[str, ...]:
    """Lower-case words of one identifier (camelCase, snake_case, kebab-case)."""
    return tuple(word.lower() for word in _WORD.findall(identifier))


def last_component_words(dotted: str) -> tuple[str, ...]:
    """Words of the last component of a dotted path, without a leading ``get``/``is``
    (``user.getEmail`` → ("email",))."""
    last = dotted.rsplit(".", 1)[-1].lstrip("$_")
    found = words(last)
    if len(found) > 1 and found[0] in ("get", "fetch", "read", "current"):
        found = found[1:]
    return found
