"""`brazelint inventory` against a full `brazelint check` of the same tree, side by side.

    python benchmarks/inventory_speed.py [--files 50000] [--rounds 3] [--jobs 1] [--tree DIR]

Issue 14 asks that the inventory of the 50k-file benchmark tree cost no more than a full scan
of it. Both commands walk the same discovery and prefilter; the inventory parses a few more
files (those holding calls only it lists: ``addAlias``, ``setEmail``, subscription setters)
and keeps whole facts instead of slimmed ones, but runs no cross-file findings output and no
reporter beyond its tables. This script measures exactly that: the two commands, alternated
round by round so that a busy shared machine slows both alike, each a fresh process with no
result cache (the inventory never uses one; ``check`` gets ``--no-cache``), output to a file.

The tree is made by ``benchmarks/generate.py`` (same seed, same bytes) next to the system
temp folder unless ``--tree`` names one; it is reused when it already has the asked number
of files. Prints a table and writes ``--json`` (default ``benchmarks/INVENTORY-SPEED.json``).
Timing lives here, never in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def ensure_tree(tree: Path, files: int, seed: int) -> None:
    marker = tree.with_name(tree.name + ".manifest.json")
    if tree.is_dir() and marker.is_file():
        try:
            manifest = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = {}
        if manifest.get("files") == files and manifest.get("seed") == seed:
            return
    print(f"generating {files} files in {tree} …", file=sys.stderr)
    subprocess.run(
        [
            sys.executable,
            str(HERE / "generate.py"),
            str(tree),
            *("--files", str(files), "--seed", str(seed)),
        ],
        check=True,
    )


def run_once(command: list[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in MiB) of one run of ``command``."""
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    stderr = process.stderr.read() if process.stderr is not None else b""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # check exits 1 when it finds something
        raise SystemExit(f"{' '.join(command)} failed ({code}): {stderr.decode()[-2000:]}")
    # ru_maxrss is the largest child's (the pool's workers included, by the kernel's count).
    peak_mib = usage.ru_maxrss // 1024 if sys.platform != "darwin" else usage.ru_maxrss >> 20
    return wall, usage.ru_utime + usage.ru_stime, peak_mib


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--files", type=int, default=50000, help="files in the tree (default 50000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3, help="measured rounds of each (default 3)")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes for both (default 1)")
    ap.add_argument("--tree", type=Path, help="where the tree is (default: the temp folder)")
    ap.add_argument("--json", type=Path, default=HERE / "INVENTORY-SPEED.json")
    args = ap.parse_args(argv)

    tree = args.tree or Path(tempfile.gettempdir()) / f"brazelint-bench-{args.files}-{args.seed}"
    ensure_tree(tree, args.files, args.seed)
    out = Path(tempfile.mkdtemp(prefix="brazelint-inventory-speed-"))
    python = [sys.executable, "-m", "brazelint"]
    jobs = ["--jobs", str(args.jobs)]
    commands = {
        "check": [
            *python,
            *("check", str(tree), "--no-cache", "--format", "json"),
            *("--output", str(out / "check.json"), *jobs),
        ],
        "inventory": [
            *python,
            *("inventory", str(tree), "--format", "json"),
            *("--output", str(out / "inventory.json"), *jobs),
        ],
    }
    # One unmeasured run of each warms the page cache and the bytecode.
    for command in commands.values():
        run_once(command)
    runs: dict[str, list[tuple[float, float, int]]] = {name: [] for name in commands}
    for round_ in range(args.rounds):
        order = list(commands) if round_ % 2 == 0 else list(reversed(commands))
        for name in order:
            runs[name].append(run_once(commands[name]))
    inventory = json.loads((out / "inventory.json").read_text(encoding="utf-8"))
    listed = {key: len(value) for key, value in inventory.items() if isinstance(value, list)}

    summary: dict[str, dict[str, float]] = {}
    for name, measured in runs.items():
        walls = [wall for wall, _, _ in measured]
        summary[name] = {
            "median_wall_s": round(statistics.median(walls), 3),
            "min_wall_s": round(min(walls), 3),
            "max_wall_s": round(max(walls), 3),
            "median_cpu_s": round(statistics.median(cpu for _, cpu, _ in measured), 3),
            "peak_rss_mib": max(rss for _, _, rss in measured),
        }
    ratio = summary["inventory"]["median_wall_s"] / summary["check"]["median_wall_s"]
    print(
        f"tree: {tree} ({args.files} files, seed {args.seed}), {args.rounds} rounds, "
        f"--jobs {args.jobs}"
    )
    print(f"{'command':<10} {'median s':>9} {'min s':>7} {'max s':>7} {'cpu s':>7} {'RSS MiB':>8}")
    for name, row in summary.items():
        print(
            f"{name:<10} {row['median_wall_s']:>9.2f} {row['min_wall_s']:>7.2f} "
            f"{row['max_wall_s']:>7.2f} {row['median_cpu_s']:>7.2f} {row['peak_rss_mib']:>8}"
        )
    print(f"inventory / check (median wall): {ratio:.2f}")
    print(f"inventory entries: {listed}")
    document = {
        "files": args.files,
        "seed": args.seed,
        "rounds": args.rounds,
        "jobs": args.jobs,
        "machine": {
            "python": platform.python_version(),
            "system": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "results": summary,
        "inventory_over_check": round(ratio, 3),
        "inventory_entries": listed,
    }
    args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
