"""Rule modules, one per rule, named ``brz<NNN>_<name>.py``. Each defines exactly one
subclass of :class:`brazelint.rule.FileRule` or :class:`brazelint.rule.ProjectRule` whose
``id`` matches a catalog entry in ``rules/``. They are found by module name, so adding a
rule touches no registry."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from brazelint.rule import FileRule, ProjectRule, Rule


@cache
def rule_classes() -> dict[str, type[Rule]]:
    """Every rule class by ID."""
    found: dict[str, type[Rule]] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if not module_info.name.startswith("brz"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Rule)
                and value not in (Rule, FileRule, ProjectRule)
                and value.__module__ == module.__name__
            ):
                if value.id in found:
                    raise RuntimeError(f"two rule classes claim {value.id}")
                found[value.id] = value
    return dict(sorted(found.items()))
