"""Long fuzzing run of every frontend, by hand (the suite runs a small seeded one).

    python benchmarks/fuzz.py [--examples 2000] [--seed 1] [--timeout 5] [--language kotlin]

Feeds each language random bytes, random text and mutations of a seed that passes the
prefilter (the strategies of tests/test_fuzz_frontends.py), analyses every input with all
rules under a per-file budget, and prints per language: inputs tried, crashes (an
exception out of the analysis), hangs (inputs that ran out of the time or memory budget),
and outcomes whose SARIF report is invalid against the 2.1.0 schema. The first failing
input of each kind is written to benchmarks/.fuzz-failures/ to reproduce.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from brazelint.analyzer import Analyzer, FilePlan  # noqa: E402 - after the path set-up
from brazelint.catalog import load_catalog  # noqa: E402 - after the path set-up
from brazelint.languages import Language  # noqa: E402
from tests import test_fuzz_frontends as fuzz  # noqa: E402

FAILURES = Path(__file__).resolve().parent / ".fuzz-failures"


def run_language(
    language: Language, examples: int, seed_value: int, timeout: float
) -> Counter[str]:
    path, seed_text = fuzz.SEEDS[language]
    analyzer = Analyzer(FilePlan(enabled=frozenset(load_catalog()), file_timeout=timeout))
    fuzz.ANALYZER = analyzer  # the test module's _sarif analyses with it
    counts: Counter[str] = Counter()

    def keep(kind: str, data: bytes) -> None:
        counts[kind] += 1
        if counts[kind] == 1:
            FAILURES.mkdir(exist_ok=True)
            (FAILURES / f"{language.value}-{kind}{Path(path).suffix}").write_bytes(data)

    @seed(seed_value)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(fuzz.contents(seed_text))
    def check(data: bytes) -> None:
        counts["inputs"] += 1
        try:
            document = fuzz._sarif(path, data, language)
        except Exception:
            keep("crashes", data)
            if counts["crashes"] == 1:
                traceback.print_exc()
            return
        messages = [
            str(n.get("message", {}).get("text", ""))
            for run in document.get("runs", [])  # type: ignore[union-attr]
            for invocation in run.get("invocations", [])
            for n in invocation.get("toolExecutionNotifications", [])
        ]
        if any("took longer than" in m or "needed more than" in m for m in messages):
            keep("hangs", data)
        if next(fuzz.VALIDATOR.iter_errors(document), None) is not None:
            keep("invalid_sarif", data)

    check()
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="inputs per language")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=5.0, help="per-file budget, seconds")
    parser.add_argument("--language", action="append", help="only these languages")
    args = parser.parse_args()
    languages = [
        language for language in fuzz.SEEDS if not args.language or language.value in args.language
    ]
    print(f"{'language':12} {'inputs':>7} {'crashes':>8} {'hangs':>6} {'bad SARIF':>10} {'s':>6}")
    failed = False
    for language in languages:
        started = time.monotonic()
        counts = run_language(language, args.examples, args.seed, args.timeout)
        failed |= bool(counts["crashes"] or counts["hangs"] or counts["invalid_sarif"])
        print(
            f"{language.value:12} {counts['inputs']:7} {counts['crashes']:8} "
            f"{counts['hangs']:6} {counts['invalid_sarif']:10} {time.monotonic() - started:6.1f}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
