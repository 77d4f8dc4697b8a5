"""Which rules run: ``--select`` / ``--ignore`` selectors, like ruff's.

A selector is a full ID (``BRZ401``), an ID prefix (``BRZ4``, ``BRZ40``), a kebab-case
name (``purchase-as-custom-event``) or ``ALL``.
"""

from __future__ import annotations

from collections.abc import Iterable

from brazelint.catalog import CatalogEntry
from brazelint.suggest import hint


class SelectorError(ValueError):
    def __init__(self, message: str, suggestion: str = "") -> None:
        super().__init__(message + suggestion)
        #: `` (did you mean `X`?)`` when a rule is spelled close to the selector.
        self.suggestion = suggestion


def expand(selector: str, catalog: dict[str, CatalogEntry]) -> set[str]:
    """The rule IDs a selector names; raises SelectorError when it names none."""
    text = selector.strip()
    if text.upper() == "ALL":
        return set(catalog)
    upper = text.upper()
    if upper.startswith("BRZ"):
        matched = {rule_id for rule_id in catalog if rule_id.startswith(upper)}
    else:
        matched = {rule_id for rule_id, entry in catalog.items() if entry.name == text.lower()}
    if not matched:
        names = [*catalog, *(entry.name for entry in catalog.values())]
        raise SelectorError(f"unknown rule selector {selector!r}", hint(text, names))
    return matched


def select_rules(
    catalog: dict[str, CatalogEntry],
    select: Iterable[str] = (),
    extend_select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> set[str]:
    """``select`` replaces the default (every rule); ``extend_select`` adds; ``ignore``
    removes last."""
    select = list(select)
    chosen: set[str] = set()
    if select:
        for selector in select:
            chosen |= expand(selector, catalog)
    else:
        chosen = set(catalog)
    for selector in extend_select:
        chosen |= expand(selector, catalog)
    for selector in ignore:
        chosen -= expand(selector, catalog)
    return chosen
