"""Real-world triage benchmark: rescan every ledger repository and compare with the verdicts.

Run by hand (CI has no network and no mirrors):

    python3 benchmarks/realworld/run.py [--mirrors /work/.mirror] [--ledger PATH] [--json]

For each repository in the ledger, the mirror (a bare git dir under MIRRORS/OWNER+NAME[/repo])
is exported to a temporary directory at the ledger's commit when that commit is present (HEAD
otherwise, with a note), scanned with this checkout's brazelint, and the findings are matched
to ledger lines: first by fingerprint, then by (path, rule, line within +-3). Ledger lines are
judgements of findings (verdict true/false/debatable) or known mistakes the tool did not
report (verdict "miss"); a miss that a finding now matches counts as recall gained.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LINE_SLACK = 3
JUDGED = {"true", "false", "debatable"}
# "clean": the repository's Braze code was read and holds no mistake; any finding there is new.
NOT_A_FINDING = {"miss", "clean"}


@dataclass
class Comparison:
    """Outcome of matching one repository's (or all) findings to the ledger."""

    matched: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    unjudged: list[dict[str, Any]] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)  # ledger findings now absent


def load_ledger(path: Path) -> list[dict[str, Any]]:
    entries = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            entries.append(json.loads(raw))
        except json.JSONDecodeError as error:
            print(f"{path}:{number}: skipped, not JSON ({error.msg})", file=sys.stderr)
    return entries


def match(findings: list[dict[str, Any]], ledger: list[dict[str, Any]]) -> Comparison:
    """Pair findings with ledger lines of the same repository: fingerprint, then path+rule+line."""
    result = Comparison()
    free = [e for e in ledger if e.get("verdict") != "clean"]
    pending = []
    for finding in findings:
        fingerprint = finding.get("fingerprint")
        hit = next((e for e in free if fingerprint and e.get("fingerprint") == fingerprint), None)
        if hit is None:
            pending.append(finding)
            continue
        free.remove(hit)
        result.matched.append((finding, hit))
    for finding in pending:
        near = [
            e for e in free
            if e.get("path") == finding.get("path") and e.get("rule") == finding.get("rule_id")
            and abs(int(e.get("line") or 0) - int(finding.get("line") or 0)) <= LINE_SLACK
        ]
        if not near:
            result.unjudged.append(finding)
            continue
        best = min(near, key=lambda e: abs(int(e.get("line") or 0) - int(finding.get("line") or 0)))
        free.remove(best)
        result.matched.append((finding, best))
    result.missing = [e for e in free if e.get("verdict") in JUDGED]
    return result


def metrics(ledger: list[dict[str, Any]], comparison: Comparison) -> dict[str, dict[str, float]]:
    """Per-rule and overall precision (true / judged reported) and recall (true found / real).

    Real mistakes = ledger lines judged true plus misses. A finding matched to a miss is a
    true positive found; a judged-true line with no finding now is a lost one (a miss).
    Debatable findings count in neither numerator nor denominator of precision.
    """
    per_rule: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    found_ids = {id(entry) for _, entry in comparison.matched}
    for _finding, entry in comparison.matched:
        counts = per_rule[entry.get("rule", "?")]
        verdict = entry.get("verdict")
        if verdict in ("true", "miss"):
            counts["tp"] += 1
        elif verdict == "false":
            counts["fp"] += 1
        elif verdict == "debatable":
            counts["debatable"] += 1
    for finding in comparison.unjudged:
        per_rule[finding.get("rule_id", "?")]["unjudged"] += 1
    for entry in ledger:
        if entry.get("verdict") in ("true", "miss"):
            per_rule[entry.get("rule", "?")]["real"] += 1
            if id(entry) not in found_ids:
                per_rule[entry.get("rule", "?")]["fn"] += 1
    table: dict[str, dict[str, float]] = {}
    total: dict[str, int] = defaultdict(int)
    for rule, counts in sorted(per_rule.items()):
        for key, value in counts.items():
            total[key] += value
        table[rule] = _ratios(counts)
    table["overall"] = _ratios(total)
    return table


def _ratios(counts: dict[str, int]) -> dict[str, float]:
    tp, fp, real = counts.get("tp", 0), counts.get("fp", 0), counts.get("real", 0)
    return {
        "tp": tp, "fp": fp, "debatable": counts.get("debatable", 0),
        "unjudged": counts.get("unjudged", 0), "real": real, "fn": counts.get("fn", 0),
        "precision": tp / (tp + fp) if tp + fp else float("nan"),
        "recall": tp / real if real else float("nan"),
    }


def changes(comparison: Comparison) -> list[str]:
    """Ledger lines whose status moved since they were judged."""
    notes = []
    for entry in comparison.missing:
        what = "lost recall" if entry["verdict"] == "true" else (
            "fixed" if entry["verdict"] == "false" else "gone (was debatable)")
        notes.append(f"{what}: {entry['repo']} {entry['path']}:{entry['line']} {entry['rule']}")
    for finding, entry in comparison.matched:
        if entry.get("verdict") == "miss":
            notes.append(f"now found (was a miss): {entry['repo']} {entry['path']}:"
                         f"{finding.get('line')} {entry['rule']}")
    return notes


def mirror_git_dir(mirrors: Path, repo: str) -> Path | None:
    base = mirrors / repo.replace("/", "+")
    for candidate in (base / "repo", base):
        if (candidate / "HEAD").is_file():
            return candidate
    return None


def export(git_dir: Path, commit: str, target: Path) -> str:
    """Export COMMIT (HEAD when absent from the mirror) into TARGET; return the commit used."""
    have = subprocess.run(["git", "-C", str(git_dir), "cat-file", "-e", f"{commit}^{{commit}}"],
                          capture_output=True).returncode == 0 if commit else False
    rev = commit if have else "HEAD"
    used = subprocess.run(["git", "-C", str(git_dir), "rev-parse", rev],
                          capture_output=True, text=True).stdout.strip()
    archive = subprocess.run(["git", "-C", str(git_dir), "archive", rev], capture_output=True)
    target.mkdir(parents=True, exist_ok=True)
    if archive.returncode == 0:
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, capture_output=True)
        return used
    # Snapshots may lack their largest blobs, which makes `git archive` fail: copy blob by blob.
    listing = subprocess.run(["git", "-C", str(git_dir), "ls-tree", "-r", "-z", rev],
                             capture_output=True).stdout.split(b"\0")
    for item in filter(None, listing):
        meta, _, name = item.partition(b"\t")
        mode, kind, blob = meta.decode().split()
        if kind != "blob" or mode == "120000":
            continue
        content = subprocess.run(["git", "-C", str(git_dir), "cat-file", "blob", blob],
                                 capture_output=True)
        if content.returncode == 0:
            path = target / os.fsdecode(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.stdout)
    return used


def scan(tree: Path) -> list[dict[str, Any]]:
    out = tree.parent / (tree.name + ".json")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-m", "brazelint", "check", "--no-cache", "--format", "json",
                    "-o", str(out), "."], cwd=tree, env=env, capture_output=True)
    if not out.is_file():
        return []
    return json.loads(out.read_text(encoding="utf-8")).get("findings", [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--ledger", type=Path, default=HERE / "ledger.jsonl")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    args = parser.parse_args(argv)
    ledger = load_ledger(args.ledger)
    by_repo: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in ledger:
        by_repo[entry["repo"]].append(entry)
    overall = Comparison()
    scanned: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="realworld-") as tmp:
        for repo, entries in sorted(by_repo.items()):
            git_dir = mirror_git_dir(args.mirrors, repo)
            if git_dir is None:
                print(f"skip {repo}: no mirror under {args.mirrors} (fetch github:{repo})")
                continue
            commit = entries[0].get("commit", "")
            tree = Path(tmp) / repo.replace("/", "+")
            used = export(git_dir, commit, tree)
            if commit and used != commit:
                print(f"note {repo}: ledger commit {commit[:12]} not in mirror,"
                      f" scanned {used[:12]}")
            findings = scan(tree)
            for finding in findings:
                finding["repo"] = repo
            part = match(findings, entries)
            overall.matched += part.matched
            overall.unjudged += part.unjudged
            overall.missing += part.missing
            scanned += entries
    table = metrics(scanned, overall)
    if args.json:
        print(json.dumps(table, indent=2))
    else:
        print(f"{'rule':10} {'tp':>4} {'fp':>4} {'deb':>4} {'new':>4} {'real':>4} {'fn':>4}"
              f" {'precision':>9} {'recall':>7}")
        for rule, row in table.items():
            print(f"{rule:10} {row['tp']:4} {row['fp']:4} {row['debatable']:4} {row['unjudged']:4}"
                  f" {row['real']:4} {row['fn']:4} {row['precision']:9.1%} {row['recall']:7.1%}")
    for finding in overall.unjudged:
        print(f"unjudged: {finding['repo']} {finding['path']}:{finding.get('line')} "
              f"{finding['rule_id']} {finding.get('fingerprint')}")
    for note in changes(overall):
        print(note)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
