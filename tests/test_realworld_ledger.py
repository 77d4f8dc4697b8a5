"""The real-world benchmark's matching and metrics, on a synthetic ledger (no network, no scan)."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

RUN_PY = Path(__file__).resolve().parent.parent / "benchmarks" / "realworld" / "run.py"
_spec = importlib.util.spec_from_file_location("realworld_run", RUN_PY)
assert _spec and _spec.loader
run = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = run  # dataclasses look their module up while the class is built
_spec.loader.exec_module(run)


def _entry(path, line, rule, verdict, fingerprint=None):
    return {"repo": "o/r", "commit": "c", "path": path, "line": line, "rule": rule,
            "fingerprint": fingerprint, "verdict": verdict, "reason": "r"}


def _finding(path, line, rule, fingerprint):
    return {"repo": "o/r", "path": path, "line": line, "rule_id": rule, "fingerprint": fingerprint}


LEDGER = [
    _entry("a.js", 10, "BRZ101", "true", "fp-moved"),
    _entry("a.js", 20, "BRZ703", "false", "fp-gone"),
    _entry("b.py", 5, "BRZ502", "true", "fp-lost"),
    _entry("c.kt", 40, "BRZ302", "miss"),
    _entry("d.swift", 7, "BRZ701", "debatable", "fp-deb"),
    {"repo": "o/r", "commit": "c", "path": None, "line": None, "rule": None,
     "fingerprint": None, "verdict": "clean", "reason": "read"},
]


def test_fingerprint_wins_over_position_and_line_slack_matches_misses():
    findings = [
        _finding("a.js", 99, "BRZ101", "fp-moved"),   # moved far: fingerprint still matches
        _finding("c.kt", 42, "BRZ302", "new-fp"),     # within +-3 of a recorded miss
        _finding("d.swift", 7, "BRZ701", "fp-deb"),
        _finding("e.js", 1, "BRZ201", "fp-new"),      # nobody judged it
    ]
    comparison = run.match(findings, LEDGER)
    paired = {(f["path"], e["verdict"]) for f, e in comparison.matched}
    assert paired == {("a.js", "true"), ("c.kt", "miss"), ("d.swift", "debatable")}
    assert [f["path"] for f in comparison.unjudged] == ["e.js"]
    assert sorted(e["path"] for e in comparison.missing) == ["a.js", "b.py"]
    table = run.metrics(LEDGER, comparison)
    assert math.isnan(table["BRZ701"]["precision"])  # debatable counts in neither side
    assert table["BRZ201"]["unjudged"] == 1


def test_line_slack_is_three_lines_and_rule_must_agree():
    findings = [_finding("c.kt", 44, "BRZ302", "x"), _finding("c.kt", 40, "BRZ301", "y")]
    comparison = run.match(findings, LEDGER)
    assert comparison.matched == []
    assert len(comparison.unjudged) == 2


def test_metrics_and_changes():
    findings = [
        _finding("a.js", 10, "BRZ101", "fp-moved"),
        _finding("a.js", 20, "BRZ703", "fp-gone"),
        _finding("c.kt", 40, "BRZ302", "z"),
    ]
    comparison = run.match(findings, LEDGER)
    table = run.metrics(LEDGER, comparison)
    assert table["BRZ101"]["precision"] == 1.0
    assert table["BRZ703"]["precision"] == 0.0
    assert table["BRZ302"]["recall"] == 1.0          # the miss is now found
    assert table["BRZ502"]["recall"] == 0.0          # judged true, no finding now
    assert "BRZ701" not in table                     # a gone debatable line counts nowhere
    overall = table["overall"]
    assert (overall["tp"], overall["fp"], overall["real"], overall["fn"]) == (2, 1, 3, 1)
    notes = run.changes(comparison)
    assert "lost recall: o/r b.py:5 BRZ502" in notes
    assert "gone (was debatable): o/r d.swift:7 BRZ701" in notes
    assert "now found (was a miss): o/r c.kt:40 BRZ302" in notes


def test_bad_ledger_line_is_reported_and_the_rest_kept(tmp_path, capsys):
    ledger = tmp_path / "ledger.jsonl"
    ledger.write_text('{"repo": "o/r", "verdict": "true"}\nnot json\n\n', encoding="utf-8")
    assert len(run.load_ledger(ledger)) == 1
    assert "ledger.jsonl:2: skipped, not JSON" in capsys.readouterr().err
