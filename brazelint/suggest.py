""""Did you mean …?" for a misspelled rule, subcommand or option value."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The one choice ``word`` is most plausibly a misspelling of, or None. Case is
    ignored; the choice comes back as spelled in ``choices``."""
    spelled = {choice.lower(): choice for choice in choices}
    found = difflib.get_close_matches(word.lower(), list(spelled), n=1, cutoff=0.75)
    return spelled[found[0]] if found else None


def hint(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean `X`?)`` for a close choice, else an empty string."""
    match = closest(word, choices)
    return f" (did you mean `{match}`?)" if match is not None else ""
