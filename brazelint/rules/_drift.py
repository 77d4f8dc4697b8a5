"""What the drift rules (BRZ405, BRZ406) share: which variant is the main one, and where it is
shown as related locations."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from brazelint import inventory
from brazelint.facts import Span
from brazelint.findings import RelatedLocation


class Located(Protocol):
    """A use of something somewhere (``inventory.Use``, a rule's own record)."""

    @property
    def path(self) -> str: ...

    @property
    def span(self) -> Span: ...


def majority_rank(label: str, uses: Sequence[Located]) -> tuple[int, int, str, int, str]:
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
