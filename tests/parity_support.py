"""The parity check every spec language's test runs: benchmarks/parity.py compares the facts
of the hand-written walker a spec replaced (read from git history) with the spec's, on the
fixtures, the demo app, the catalog examples and the language's corpus."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("parity", REPO / "benchmarks" / "parity.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["parity"] = module
    spec.loader.exec_module(module)
    return module


def assert_no_differences(language: str, corpus_file: str | None = None) -> None:
    """No fact differs between the old walker and the spec of ``language``; skipped (with
    the reason) in a checkout whose history lacks the old walker (a shallow clone)."""
    parity = _harness()
    pair = parity.PAIRS[language]
    try:
        parity.old_parse(pair)
    except RuntimeError as error:
        pytest.skip(f"the old {language} walker is not in this checkout's history: {error}")
    sources = list(parity.project_sources(pair))
    assert len(sources) > 40  # the fixtures, the demo app and both sides of each example
    if corpus_file is not None:
        assert any(display.endswith(corpus_file) for display, _ in sources)
    report = parity.compare(pair, sources)
    differences = {kind: diff.count for kind, diff in report.kinds.items()}
    assert (report.errors, differences) == ([], {})
