"""Reporters: each turns a :class:`Report` into the text of one output format.

A reporter is ``render(report, *, color=False) -> str``. ``text`` also has
``render_notifications`` for stderr; the other formats carry notifications inside the
document (or, for ``github``, as annotations).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Protocol

from brazelint.report.fingerprints import (
    FINGERPRINT_KEY,
    finding_fingerprints,
    finding_key,
    fingerprint_base,
    line_hashes,
)
from brazelint.report.model import Report


class Reporter(Protocol):
    def __call__(self, report: Report, *, color: bool = False) -> str: ...


if TYPE_CHECKING:
    from brazelint.report import github, json_, sarif, text

#: Output format -> module holding its ``render``. The modules are imported on first use:
#: a pre-commit run prints text only, and importing SARIF's dependencies (urllib, the
#: catalog helpers) on every start-up is time the run does not need (issue 7).
_MODULES: dict[str, str] = {
    "text": "text",
    "json": "json_",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
}


def get_reporter(name: str) -> Reporter:
    """The reporter for an output format name; ValueError naming the known ones otherwise."""
    module = _MODULES.get(name)
    if module is None:
        known = ", ".join(sorted(_MODULES))
        raise ValueError(f"unknown output format {name!r} (choose from {known})")
    render: Reporter = importlib.import_module(f"{__name__}.{module}").render
    return render


def __getattr__(name: str) -> Any:
    """``REPORTERS`` and the reporter modules, imported only when asked for."""
    if name == "REPORTERS":
        return {format_name: get_reporter(format_name) for format_name in _MODULES}
    if name in _MODULES.values():
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FINGERPRINT_KEY",
    "REPORTERS",
    "Report",
    "Reporter",
    "finding_fingerprints",
    "finding_key",
    "fingerprint_base",
    "get_reporter",
    "github",
    "json_",
    "line_hashes",
    "sarif",
    "text",
]
