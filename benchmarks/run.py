"""Benchmark brazelint against semgrep (same core rules) and a plain keyword search.

    bash benchmarks/setup.sh && benchmarks/.venv/bin/python benchmarks/run.py --rounds 3

Scenarios (see benchmarks/README.md):
  full-5k    full scan of a 5,000-file tree: brazelint, semgrep, rg, grep -r
  full-50k   full scan of a 50,000-file tree: brazelint, rg, grep -r (semgrep with --semgrep-large)
  precommit  20 named files (5 with Braze code) in a 5,000-file git repository
  real-5k, real-50k, precommit-real   the same on trees shaped like front-end and mobile
             code (benchmarks/realshape.py)

Besides the tools' rows, every scenario gets one in-process line for brazelint's second
phase (files that import a wrapper or a constants module, brazelint/crossfile.py): its time
beside the whole scan's, and how many files it read and analysed again.

Each tool run is one fresh process measured on its own: posix_spawn + os.wait4 give wall time
and that child's own rusage (ru_maxrss = largest single process in the tree, because wait4
folds in reaped grandchildren as a max, not a sum). A sampler thread also adds up the RSS of the
whole live process tree every few milliseconds, so a tool that fans out to a process pool is
charged for all of its workers at once ("tree RSS"). Tools alternate within a round and the
order rotates between rounds, so drift on a busy machine hits every tool alike.

brazelint missing or failing is reported as "failed" in the table; it never stops the run.
Results: benchmarks/RESULTS.md (table) and benchmarks/RESULTS.json (every run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (sibling module; benchmarks/ is not a package)
import realshape  # noqa: E402

KEYWORDS = r"braze|appboy|\{\{"
PAGE = os.sysconf("SC_PAGE_SIZE")
# semgrep must not touch the network while it is being timed.
QUIET_ENV = {"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}

# Issue 7 targets.
TARGET_SPEEDUP_VS_SEMGREP = 10.0
TARGET_SCALING_50K = 12.0
TARGET_VS_GREP_50K = 15.0
TARGET_PRECOMMIT_S = 0.300
#: brazelint as a pre-commit hook really runs: with its result cache (on by default) warm
#: from earlier runs over the repository, on named files whose content is new to it.
CACHED = "brazelint (cache)"
TOOL_ORDER = ("brazelint", CACHED, "semgrep", "rg", "grep")
TARGET_RSS_50K_MB = 200.0
#: Issue 18, on trees shaped like real front-end and mobile code (benchmarks/realshape.py).
TARGET_REAL_VS_GREP = 5.0
TARGET_REAL_VS_SEMGREP = 50.0
TARGET_REAL_SCALING = 10.0
TARGET_REAL_PRECOMMIT_CACHED_S = 0.150
TARGET_REAL_PRECOMMIT_COLD_S = 0.300
#: The scenarios run.py knows, in the order they run.
SCENARIOS = ("full-5k", "full-50k", "precommit", "real-5k", "real-50k", "precommit-real")


# --------------------------------------------------------------------------------------------
# Measuring one process
# --------------------------------------------------------------------------------------------


@dataclass
class Run:
    tool: str
    scenario: str
    round: int
    wall_s: float
    maxrss_mb: float  # largest single process (wait4 ru_maxrss)
    tree_rss_mb: float  # peak of the sampled sum over the live process tree
    user_s: float
    sys_s: float
    returncode: int
    ok: bool
    stdout_bytes: int
    error: str = ""


class TreeRssSampler(threading.Thread):
    """Peak summed RSS of a process and all its descendants, sampled from /proc.

    /proc/<pid>/task/*/children is not available on every kernel, so descendants are found by
    parent pid. A pid's parent never changes while we care about it, so each pid's stat file is
    read once; only statm of known descendants is re-read on every tick.
    """

    def __init__(self, root: int, interval: float = 0.005) -> None:
        super().__init__(daemon=True)
        self.root = root
        self._execd: set[int] = set()
        self.interval = interval
        self.peak = 0
        self._stop_evt = threading.Event()
        self._parent: dict[int, int] = {}

    def stop(self) -> None:
        self._stop_evt.set()
        self.join()

    def _descendants(self) -> list[int]:
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            pid = int(name)
            if pid in self._parent:
                continue
            try:
                with open(f"/proc/{pid}/stat", "rb") as fh:
                    stat = fh.read()
                # comm may contain spaces and parentheses; fields resume after the last ')'.
                self._parent[pid] = int(stat[stat.rindex(b")") + 2 :].split()[1])
            except (OSError, ValueError):
                continue
        tree = {self.root}
        changed = True
        while changed:
            changed = False
            for pid, ppid in self._parent.items():
                if ppid in tree and pid not in tree:
                    tree.add(pid)
                    changed = True
        return list(tree)

    def _is_tool(self, pid: int) -> bool:
        """False for the wrapper stub, and for its child until that child has exec'd."""
        if pid in self._execd:
            return True
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                cmdline = fh.read()
        except OSError:
            return False
        if WRAPPER_MARKER.encode() in cmdline:
            return False
        self._execd.add(pid)
        return True

    def run(self) -> None:
        while not self._stop_evt.is_set():
            total = 0
            for pid in self._descendants():
                if not self._is_tool(pid):
                    continue
                try:
                    with open(f"/proc/{pid}/statm", "rb") as fh:
                        total += int(fh.read().split()[1]) * PAGE
                except (OSError, ValueError, IndexError):
                    continue  # exited between listing and reading
            self.peak = max(self.peak, total)
            self._stop_evt.wait(self.interval)


# The process that spawns a tool must be tiny: on exec, Linux folds the spawning address
# space's RSS high-water mark into the child's ru_maxrss (exec_mmap -> setmax_mm_hiwater_rss),
# so a child of run.py itself would inherit run.py's RSS (tens of MB, more after parsing JSON).
# This stub is a bare `python -I -S` (~8 MB): it spawns the tool, waits with os.wait4 for that
# child's own rusage and times it. RSS below the stub's own size is therefore a floor, not a
# measurement (it only matters for rg/grep). The marker lets the sampler skip the stub.
WRAPPER_MARKER = "brazelint-bench-wrapper"
WRAPPER = f"""# {WRAPPER_MARKER}
import os, sys, time
res, cwd, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
os.chdir(cwd)
t0 = time.perf_counter()
try:
    pid = os.posix_spawnp(cmd[0], cmd, os.environ)
except OSError as exc:
    open(res, "w").write("error " + str(exc))
    raise SystemExit(0)
_, st, ru = os.wait4(pid, 0)
t1 = time.perf_counter()
open(res, "w").write(" ".join(map(str, (
    os.waitstatus_to_exitcode(st), t1 - t0, ru.ru_maxrss, ru.ru_utime, ru.ru_stime))))
"""


def measure(
    cmd: list[str],
    *,
    cwd: Path,
    tool: str,
    scenario: str,
    rnd: int,
    ok_codes: tuple[int, ...],
    timeout: float | None = None,
) -> tuple[Run, bytes]:
    """Run cmd once under the wrapper stub; return its measurements and its stdout."""
    env = {**os.environ, **QUIET_ENV}
    # An installed tool runs from compiled bytecode; with this set (some environments,
    # this one included, do), a tool run from a checkout recompiles every changed module
    # on every start, ~0.1 s that no user pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    failed = Run(tool, scenario, rnd, 0.0, 0.0, 0.0, 0.0, 0.0, -1, False, 0)
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r", suffix=".rusage") as res,
    ):
        stub = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", WRAPPER, res.name, str(cwd), *cmd],
            stdout=out,
            stderr=err,
            env=env,
            start_new_session=True,  # own process group, so a timeout can end the whole tree
        )
        sampler = TreeRssSampler(stub.pid)
        sampler.start()
        try:
            stub.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(stub.pid, signal.SIGKILL)
            stub.wait()
            sampler.stop()
            failed.error = f"timed out after {timeout:.0f} s (peak tree RSS so far "
            failed.error += f"{sampler.peak / 2**20:.0f} MB)"
            failed.tree_rss_mb = sampler.peak / 2**20
            return failed, b""
        sampler.stop()
        fields = Path(res.name).read_text().split(" ", 1)
        out.seek(0)
        stdout = out.read()
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    if stub.returncode != 0 or len(fields) < 2 or fields[0] == "error":
        failed.error = (" ".join(fields) + " " + stderr).strip()[-800:] or "wrapper failed"
        return failed, b""
    code_s, wall_s, maxrss_s, user_s, sys_s = " ".join(fields).split()
    code, wall, usage_maxrss_kb = int(code_s), float(wall_s), int(maxrss_s)
    ok = code in ok_codes
    run = Run(
        tool=tool,
        scenario=scenario,
        round=rnd,
        wall_s=wall,
        maxrss_mb=usage_maxrss_kb / 1024,  # Linux reports KiB
        tree_rss_mb=max(sampler.peak / 2**20, usage_maxrss_kb / 1024),
        user_s=float(user_s),
        sys_s=float(sys_s),
        returncode=code,
        ok=ok,
        stdout_bytes=len(stdout),
        error="" if ok else stderr.strip()[-800:],
    )
    return run, stdout


# --------------------------------------------------------------------------------------------
# Tools
# --------------------------------------------------------------------------------------------


@dataclass
class Tool:
    name: str
    argv: list[str] | None  # base command; None = not available
    note: str = ""
    ok_codes: tuple[int, ...] = (0, 1)  # 1 = "found something" for every tool here
    version: str = ""
    #: Run (untimed) before each of this tool's measured runs.
    before_run: Callable[[], None] | None = None


def find_brazelint(explicit: str | None) -> Tool:
    candidates: list[list[str]] = []
    if explicit:
        candidates.append(explicit.split())
    venv_bin = HERE / ".venv" / "bin" / "brazelint"
    if venv_bin.exists():
        candidates.append([str(venv_bin)])
    if which := shutil.which("brazelint"):
        candidates.append([_unshim(which)])
    for argv in candidates:
        try:
            help_out = subprocess.run([*argv, "--help"], capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as exc:
            last = str(exc)
            continue
        if help_out.returncode != 0:
            last = (help_out.stderr or help_out.stdout).strip()[-300:]
            continue
        base = [*argv, "--format", "json"]
        note = ""
        # The CLI is young: only pass flags it advertises, at top level or on `check` (the
        # default subcommand that `brazelint PATHS` dispatches to).
        check_help = subprocess.run(
            [*argv, "check", "--help"], capture_output=True, text=True, timeout=60
        ).stdout
        if "--no-cache" in help_out.stdout + check_help:
            base.append("--no-cache")
        else:
            note = "--no-cache not supported; ran without it"
        version = _version([*argv, "--version"])
        return Tool("brazelint", base, note=note, version=version)
    reason = last if candidates else "brazelint not installed (run benchmarks/setup.sh)"
    return Tool("brazelint", None, note=reason)


def _unshim(path: str) -> str:
    # A pyenv shim is a shell script that re-resolves the interpreter on every call (tens of
    # ms); timing it would charge brazelint for pyenv. Use the real entry point instead.
    if "/.pyenv/shims/" not in path:
        return path
    real = subprocess.run(["pyenv", "which", Path(path).name], capture_output=True, text=True)
    return real.stdout.strip() if real.returncode == 0 and real.stdout.strip() else path


def find_semgrep(explicit: str | None, jobs: int) -> Tool:
    exe = explicit or str(HERE / ".venv" / "bin" / "semgrep")
    if not Path(exe).exists() and not shutil.which(exe):
        return Tool("semgrep", None, note="semgrep not installed (run benchmarks/setup.sh)")
    argv = [
        exe,
        "scan",
        "--metrics=off",
        "--disable-version-check",
        "--quiet",
        "--json",
        "-j",
        str(jobs),
        "--config",
        str(HERE / "semgrep-rules"),
    ]
    return Tool("semgrep", argv, version=_version([exe, "--version"]))


def find_keyword_tools() -> list[Tool]:
    tools = []
    if rg := shutil.which("rg"):
        tools.append(Tool("rg", [rg, "-i", "-l", KEYWORDS], version=_version([rg, "--version"])))
    else:
        tools.append(Tool("rg", None, note="ripgrep not installed; grep is the only floor"))
    grep = shutil.which("grep") or "grep"
    # Single-threaded floor: one grep process reading every file once.
    tools.append(Tool("grep", [grep, "-rilE", KEYWORDS], version=_version([grep, "--version"])))
    return tools


def _version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(
            cmd, capture_output=True, text=True, timeout=60, env={**os.environ, **QUIET_ENV}
        )
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else "?"


# --------------------------------------------------------------------------------------------
# Findings: how much of the planted set each tool reports (a sanity check, not a quality score)
# --------------------------------------------------------------------------------------------


def planted(manifest: dict[str, Any], only: set[str] | None = None) -> set[tuple[str, str]]:
    return {
        (f["path"], e["rule"])
        for f in manifest["braze_files"]
        for e in f["expected"]
        if only is None or f["path"] in only
    }


def semgrep_found(stdout: bytes, tree: Path) -> set[tuple[str, str]]:
    data = json.loads(stdout)
    found = set()
    for r in data.get("results", []):
        rule = r.get("extra", {}).get("metadata", {}).get("brazelint", "")
        found.add((_rel(r["path"], tree), rule))
    return found


def brazelint_found(stdout: bytes, tree: Path) -> set[tuple[str, str]] | None:
    """Best effort over the JSON shapes a linter might use; None when it cannot be read."""
    try:
        data = json.loads(stdout)
    except ValueError:
        return None
    items: Any = data
    if isinstance(data, dict):
        for key in ("findings", "results", "diagnostics", "violations"):
            if isinstance(data.get(key), list):
                items = data[key]
                break
    if not isinstance(items, list):
        return None
    found = set()
    for it in items:
        if not isinstance(it, dict):
            continue
        path = it.get("path") or it.get("file") or it.get("filename")
        loc = it.get("location")
        if not path and isinstance(loc, dict):
            path = loc.get("path") or loc.get("file")
        rule = it.get("rule_id") or it.get("code") or it.get("rule") or it.get("id")
        if isinstance(rule, dict):
            rule = rule.get("id")
        if path and rule:
            found.add((_rel(str(path), tree), str(rule)))
    return found


def _rel(path: str, tree: Path) -> str:
    p = Path(path)
    if not p.is_absolute():
        p = (tree / p) if (tree / p).exists() else Path.cwd() / p
    try:
        return p.resolve().relative_to(tree.resolve()).as_posix()
    except ValueError:
        return path


# --------------------------------------------------------------------------------------------
# Trees
# --------------------------------------------------------------------------------------------


def ensure_tree(
    workdir: Path,
    files: int,
    seed: int,
    git: bool,
    force: bool,
    shape: generate.Shape = generate.MIXED,
) -> Path:
    """Generate a tree unless an identical one (same generator source, size, seed) exists."""
    kind = "" if shape is generate.MIXED else f"{shape.name}-"
    name = f"tree-{kind}{files}-s{seed}{'-git' if git else ''}"
    out = workdir / name
    stamp = out.with_name(name + ".stamp")
    sources = b"".join((HERE / module).read_bytes() for module in ("generate.py", "realshape.py"))
    gen_hash = hashlib.sha256(sources).hexdigest()[:16]
    want = f"{gen_hash} {files} {seed} {git}"
    if not force and stamp.exists() and stamp.read_text() == want and out.is_dir():
        return out
    print(f"generating {out} ...", file=sys.stderr, flush=True)
    manifest = generate.generate_tree(out, files, seed, git=git, shape=shape)
    generate.write_manifest(out, manifest)
    stamp.write_text(want)
    return out


def load_manifest(tree: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(generate.manifest_path(tree).read_text())
    return data


def inside_git_worktree(path: Path) -> bool:
    r = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "--is-inside-work-tree"],
        capture_output=True,
        text=True,
    )
    return r.returncode == 0 and r.stdout.strip() == "true"


# --------------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------------


@dataclass
class ScenarioResult:
    name: str
    tree: str
    files: int
    megabytes: float
    targets: str  # what the tools were pointed at
    runs: list[Run] = field(default_factory=list)
    recall: dict[str, str] = field(default_factory=dict)
    # When and under what load: merged scenarios may come from different sessions.
    started: str = ""
    #: brazelint's second phase, measured in process (``measure_phases``), one per round.
    phases: list[dict[str, float]] = field(default_factory=list)

    def phase_summary(self) -> dict[str, float] | None:
        if not self.phases:
            return None
        return {
            "runs": len(self.phases),
            "second_phase_s": statistics.median(p["second_phase_s"] for p in self.phases),
            "scan_s": statistics.median(p["scan_s"] for p in self.phases),
            "read": max(p["read"] for p in self.phases),
            "reanalysed": max(p["reanalysed"] for p in self.phases),
        }

    def summary(self, tool: str) -> dict[str, Any] | None:
        runs = [r for r in self.runs if r.tool == tool]
        if not runs:
            return None
        good = [r for r in runs if r.ok]
        if not good:
            return {"ok": False, "runs": len(runs), "error": runs[-1].error}
        walls = [r.wall_s for r in good]
        return {
            "ok": len(good) == len(runs),
            "runs": len(runs),
            "median_s": statistics.median(walls),
            "min_s": min(walls),
            "max_s": max(walls),
            "maxrss_mb": max(r.maxrss_mb for r in good),
            "tree_rss_mb": max(r.tree_rss_mb for r in good),
            "cpu_s": statistics.median(r.user_s + r.sys_s for r in good),
            "error": ""
            if len(good) == len(runs)
            else runs[[r.ok for r in runs].index(False)].error,
        }


def run_scenario(
    name: str,
    tree: Path,
    tools: list[Tool],
    rounds: int,
    targets: list[str] | None = None,
    timeout: float | None = None,
) -> ScenarioResult:
    manifest = load_manifest(tree)
    only = set(targets) if targets else None
    res = ScenarioResult(
        name,
        str(tree),
        len(targets) if targets else manifest["files"],
        round(manifest["total_bytes"] / 1e6, 1),
        f"{len(targets)} named files" if targets else "whole tree",
    )
    res.started = (
        dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        + ", load "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )
    usable = [t for t in tools if t.argv is not None]
    for t in tools:
        if t.argv is None:
            res.runs.append(Run(t.name, name, 0, 0, 0, 0, 0, 0, -1, False, 0, t.note))
    expected = planted(manifest, only)
    for rnd in range(rounds):
        # Rotate the order every round so no tool always runs first (cold) or last.
        order = usable[rnd % len(usable) :] + usable[: rnd % len(usable)] if usable else []
        for t in order:
            assert t.argv is not None
            cmd = [*t.argv, *(targets if targets else [str(tree)])]
            if t.before_run is not None:
                t.before_run()
            run, stdout = measure(
                cmd,
                cwd=tree if targets else Path.cwd(),
                tool=t.name,
                scenario=name,
                rnd=rnd,
                ok_codes=t.ok_codes,
                timeout=timeout,
            )
            res.runs.append(run)
            status = f"{run.wall_s:8.3f}s {run.tree_rss_mb:7.1f}MB" if run.ok else "FAILED"
            print(
                f"  [{name}] round {rnd + 1}/{rounds} {t.name:9s} {status}",
                file=sys.stderr,
                flush=True,
            )
            if rnd == 0 and run.ok and t.name in ("semgrep", "brazelint", CACHED):
                res.recall[t.name] = _recall(t.name, stdout, tree, expected)
    return res


# The second phase runs inside brazelint's main process, after the first phase has
# analysed every file: this probe runs the CLI in process (same arguments as the timed
# runs) with ``crossfile.second_phase`` wrapped in a timer, and counts the files the phase
# reads (``crossfile._read``: candidates for wrapper call sites and constants modules) and
# analyses again (``Analyzer.reanalyze``).
PHASE_PROBE = """
import contextlib, io, json, os, sys, time
out, cwd, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
os.chdir(cwd)
from brazelint import analyzer, cli, crossfile
spent = {"second_phase_s": 0.0, "read": 0, "reanalysed": 0}
phase, read, reanalyze = crossfile.second_phase, crossfile._read, analyzer.Analyzer.reanalyze
def timed_phase(*args, **kwargs):
    start = time.perf_counter()
    try:
        return phase(*args, **kwargs)
    finally:
        spent["second_phase_s"] += time.perf_counter() - start
def counted_read(source):
    spent["read"] += 1
    return read(source)
def counted_reanalyze(self, *args, **kwargs):
    spent["reanalysed"] += 1
    return reanalyze(self, *args, **kwargs)
crossfile.second_phase, crossfile._read = timed_phase, counted_read
analyzer.Analyzer.reanalyze = counted_reanalyze
start = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    try:
        cli.main(argv, prog_name="brazelint")
    except SystemExit:
        pass
spent["scan_s"] = time.perf_counter() - start
with open(out, "w") as handle:
    json.dump(spent, handle)
"""


def brazelint_python(argv: list[str]) -> tuple[str, list[str]] | None:
    """The interpreter brazelint runs on and its CLI arguments, from the tool's command
    (``python -m brazelint …`` or a console script with a Python shebang)."""
    if len(argv) >= 3 and argv[1:3] == ["-m", "brazelint"]:
        return argv[0], argv[3:]
    try:
        first = Path(argv[0]).read_bytes()[:256].split(b"\n", 1)[0]
    except OSError:
        return None
    if first.startswith(b"#!") and b"python" in first:
        return first[2:].decode().strip(), argv[1:]
    return None


def measure_phases(
    res: ScenarioResult,
    brazelint: Tool,
    tree: Path,
    targets: list[str] | None,
    rounds: int,
    timeout: float | None,
) -> None:
    """Add ``rounds`` in-process measurements of the second phase to ``res``."""
    found = brazelint_python(brazelint.argv) if brazelint.argv else None
    if found is None:
        return
    python, arguments = found
    env = {**os.environ, **QUIET_ENV}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cwd = tree if targets else Path.cwd()
    command = [*arguments, *(targets if targets else [str(tree)])]
    for _ in range(rounds):
        with tempfile.NamedTemporaryFile("r", suffix=".json") as out:
            try:
                subprocess.run(
                    [python, "-c", PHASE_PROBE, out.name, str(cwd), *command],
                    env=env,
                    capture_output=True,
                    timeout=timeout,
                    check=False,
                )
                data = json.loads(Path(out.name).read_text() or "null")
            except (OSError, ValueError, subprocess.TimeoutExpired):
                data = None
        if not isinstance(data, dict):
            return
        res.phases.append(data)
        print(
            f"  [{res.name}] second phase {data['second_phase_s'] * 1000:7.1f} ms of "
            f"{data['scan_s']:.3f}s in process",
            file=sys.stderr,
            flush=True,
        )


def _recall(tool: str, stdout: bytes, tree: Path, expected: set[tuple[str, str]]) -> str:
    try:
        found = semgrep_found(stdout, tree) if tool == "semgrep" else brazelint_found(stdout, tree)
    except (ValueError, KeyError) as exc:
        return f"unreadable output ({exc})"
    if found is None:
        return "unreadable output"
    hit = len(expected & found)
    # File-level (path, rule) match: tools disagree on which line a multi-line call starts.
    return f"{hit}/{len(expected)} planted; {len(found)} reported"


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def machine_info(tools: list[Tool]) -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "load average (start)": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "locale": os.environ.get("LC_ALL") or os.environ.get("LANG", ""),
    }
    for t in tools:
        info[t.name] = t.version or ("n/a: " + t.note if t.argv is None else "?")
    return info


def _fmt(x: float | None, unit: str = "s") -> str:
    if x is None:
        return "–"
    if unit == "s":
        return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"
    return f"{x:.0f} MB"


def targets_table(results: dict[str, ScenarioResult]) -> list[dict[str, str]]:
    def _missing(scn: str, tool: str) -> str:
        # Why a tool has no time: not installed (never installed by run.py), or not run.
        runs = [r for r in results[scn].runs if r.tool == tool] if scn in results else []
        return runs[-1].error if runs and runs[-1].error else "–"

    def med(scn: str, tool: str) -> float | None:
        s = results[scn].summary(tool) if scn in results else None
        return s["median_s"] if s and "median_s" in s else None

    def rss(scn: str, tool: str) -> float | None:
        s = results[scn].summary(tool) if scn in results else None
        return s["tree_rss_mb"] if s and "tree_rss_mb" in s else None

    def load(*names: str) -> str:
        # The 1-minute load average when each scenario the row compares started.
        loads = [
            results[n].started.rpartition("load ")[2].split(" ")[0]
            for n in names
            if n in results and "load " in results[n].started
        ]
        return " / ".join(loads) if loads else "?"

    rows = []

    def row(
        name: str,
        target: str,
        value: float | None,
        passed: bool | None,
        shown: str,
        scenarios: tuple[str, ...] = (),
    ) -> None:
        verdict = "n/a" if value is None or passed is None else ("PASS" if passed else "FAIL")
        rows.append(
            {
                "target": name,
                "goal": target,
                "measured": shown,
                "result": verdict,
                "load": load(*scenarios),
            }
        )

    b5, s5 = med("full-5k", "brazelint"), med("full-5k", "semgrep")
    sp = s5 / b5 if b5 and s5 else None
    row(
        "full scan 5k vs semgrep",
        f"≥ {TARGET_SPEEDUP_VS_SEMGREP:.0f}× faster",
        sp,
        None if sp is None else sp >= TARGET_SPEEDUP_VS_SEMGREP,
        f"{sp:.1f}× (semgrep {_fmt(s5)} / brazelint {_fmt(b5)})" if sp else "–",
        ("full-5k",),
    )
    b50 = med("full-50k", "brazelint")
    sc = b50 / b5 if b50 and b5 else None
    row(
        "scaling 5k → 50k",
        f"≤ {TARGET_SCALING_50K:.0f}×",
        sc,
        None if sc is None else sc <= TARGET_SCALING_50K,
        f"{sc:.1f}× ({_fmt(b5)} → {_fmt(b50)})" if sc else "–",
        ("full-5k", "full-50k"),
    )
    g50 = med("full-50k", "grep")
    vg = b50 / g50 if b50 and g50 else None
    row(
        "50k vs single-threaded grep -r",
        f"≤ {TARGET_VS_GREP_50K:.0f}×",
        vg,
        None if vg is None else vg <= TARGET_VS_GREP_50K,
        f"{vg:.1f}× (grep {_fmt(g50)})" if vg else "–",
        ("full-50k",),
    )
    pc, cold = med("precommit", CACHED), med("precommit", "brazelint")
    row(
        "pre-commit, 20 changed files in 5k repo (default settings: cache on)",
        f"median ≤ {TARGET_PRECOMMIT_S * 1000:.0f} ms",
        pc,
        None if pc is None else pc <= TARGET_PRECOMMIT_S,
        f"{_fmt(pc)} (`--no-cache`, nothing cached: {_fmt(cold)})",
        ("precommit",),
    )
    # Issue 18: trees shaped like real front-end and mobile code.
    r5, rg5, rs5 = med("real-5k", "brazelint"), med("real-5k", "grep"), med("real-5k", "semgrep")
    vr = r5 / rg5 if r5 and rg5 else None
    row(
        "real-shaped 5k vs grep -r (no cache)",
        f"≤ {TARGET_REAL_VS_GREP:.0f}×",
        vr,
        None if vr is None else vr <= TARGET_REAL_VS_GREP,
        f"{vr:.1f}× (grep {_fmt(rg5)} / brazelint {_fmt(r5)})" if vr else "–",
        ("real-5k",),
    )
    rsp = rs5 / r5 if r5 and rs5 else None
    row(
        "real-shaped 5k vs semgrep",
        f"≥ {TARGET_REAL_VS_SEMGREP:.0f}× faster",
        rsp,
        None if rsp is None else rsp >= TARGET_REAL_VS_SEMGREP,
        f"{rsp:.1f}× (semgrep {_fmt(rs5)})" if rsp else _missing("real-5k", "semgrep"),
        ("real-5k",),
    )
    r50, real_rss = med("real-50k", "brazelint"), rss("real-50k", "brazelint")
    rsc = r50 / r5 if r50 and r5 else None
    row(
        "real-shaped scaling 5k → 50k",
        f"≤ {TARGET_REAL_SCALING:.0f}×",
        rsc,
        None if rsc is None else rsc <= TARGET_REAL_SCALING,
        f"{rsc:.1f}× ({_fmt(r5)} → {_fmt(r50)})" if rsc else "–",
        ("real-5k", "real-50k"),
    )
    row(
        "peak RSS on real-shaped 50k (whole process tree)",
        f"≤ {TARGET_RSS_50K_MB:.0f} MB",
        real_rss,
        None if real_rss is None else real_rss <= TARGET_RSS_50K_MB,
        _fmt(real_rss, "MB"),
        ("real-50k",),
    )
    rpc, rcold = med("precommit-real", CACHED), med("precommit-real", "brazelint")
    row(
        "pre-commit, 20 changed files in real-shaped 5k repo, cache",
        f"median ≤ {TARGET_REAL_PRECOMMIT_CACHED_S * 1000:.0f} ms",
        rpc,
        None if rpc is None else rpc <= TARGET_REAL_PRECOMMIT_CACHED_S,
        _fmt(rpc),
        ("precommit-real",),
    )
    row(
        "pre-commit, 20 changed files in real-shaped 5k repo, `--no-cache`",
        f"median ≤ {TARGET_REAL_PRECOMMIT_COLD_S * 1000:.0f} ms",
        rcold,
        None if rcold is None else rcold <= TARGET_REAL_PRECOMMIT_COLD_S,
        _fmt(rcold),
        ("precommit-real",),
    )
    m50 = rss("full-50k", "brazelint")
    row(
        "peak RSS on 50k (whole process tree)",
        f"≤ {TARGET_RSS_50K_MB:.0f} MB",
        m50,
        None if m50 is None else m50 <= TARGET_RSS_50K_MB,
        _fmt(m50, "MB"),
        ("full-50k",),
    )
    return rows


def write_report(
    results: dict[str, ScenarioResult], info: dict[str, str], rounds: int, md_path: Path
) -> None:
    lines = [
        "# brazelint benchmark results",
        "",
        f"Generated by `benchmarks/run.py --rounds {rounds}`; how to read this: "
        "[README](README.md). Wall time is the median over rounds and includes interpreter "
        "start-up. *RSS (tree)* is the peak summed RSS of the tool's whole process tree; "
        "*RSS (max proc)* is the largest single process (`wait4` `ru_maxrss`).",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
    ]
    lines += [f"| {k} | {v} |" for k, v in info.items()]
    lines += [
        "",
        "## Targets (issues 7 and 18)",
        "",
        "Ratios compare tools measured side by side, alternating within each round, in "
        "the same run; *load* is the 1-minute load average when the scenario started "
        "(the machine may be shared, so absolute times move more than ratios).",
        "",
        "| target | goal | measured | result | load |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['target']} | {r['goal']} | {r['measured']} | **{r['result']}** "
        f"| {r.get('load', '?')} |"
        for r in targets_table(results)
    ]
    for scn in results.values():
        shape = "real-shaped" if "real" in scn.name else "generated"
        lines += [
            "",
            f"## {scn.name}: {scn.targets}, {shape} tree of {load_files(scn)} files "
            f"({scn.megabytes} MB)",
            "",
            f"Measured {scn.started or '?'}.",
            "",
            "| tool | median | min | max | RSS (tree) | RSS (max proc) | CPU (median) "
            "| runs | planted findings |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for tool in TOOL_ORDER:
            s = scn.summary(tool)
            if s is None:
                continue
            if "median_s" not in s:
                err = s["error"].replace("|", "\\|").replace("\n", " ")[:160]
                # run.py never installs a tool: a missing one is said so, not timed.
                label = "not installed" if "not installed" in err else "failed"
                lines.append(f"| {tool} | {label} | | | | | | {s['runs']} | {err} |")
                continue
            flag = "" if s["ok"] else " (some runs failed)"
            lines.append(
                f"| {tool} | {_fmt(s['median_s'])}{flag} | {_fmt(s['min_s'])} | "
                f"{_fmt(s['max_s'])} | {_fmt(s['tree_rss_mb'], 'MB')} | "
                f"{_fmt(s['maxrss_mb'], 'MB')} | {_fmt(s['cpu_s'])} | {s['runs']} | "
                f"{scn.recall.get(tool, '')} |"
            )
        phases = scn.phase_summary()
        if phases is not None:
            lines += [
                "",
                f"brazelint second phase (wrapper call sites and constants modules, in "
                f"process, median of {phases['runs']:.0f}): "
                f"**{_fmt(phases['second_phase_s'])}** of a {_fmt(phases['scan_s'])} scan; "
                f"{phases['read']:.0f} files read for wrapper names or constants, "
                f"{phases['reanalysed']:.0f} analysed again.",
            ]
    lines += _kept_sections(md_path, lines)
    md_path.write_text("\n".join(lines) + "\n")
    json_path = md_path.with_suffix(".json")
    json_path.write_text(
        json.dumps(
            {
                "machine": info,
                "rounds": rounds,
                "targets": targets_table(results),
                "scenarios": {
                    k: {
                        **{
                            f: getattr(v, f)
                            for f in (
                                "name",
                                "tree",
                                "files",
                                "megabytes",
                                "targets",
                                "recall",
                                "started",
                            )
                        },
                        "summary": {t: v.summary(t) for t in TOOL_ORDER},
                        "phases": v.phases,
                        "runs": [asdict(r) for r in v.runs],
                    }
                    for k, v in results.items()
                },
            },
            indent=2,
        )
        + "\n"
    )


def _kept_sections(md_path: Path, written: list[str]) -> list[str]:
    """Sections of an existing results file that run.py does not write (a language-server
    latency section, say), kept after the ones it writes."""
    if not md_path.exists():
        return []
    kept: list[str] = []
    keeping = False
    for line in md_path.read_text().splitlines():
        if line.startswith("## "):
            title = line.removeprefix("## ")
            keeping = (
                line not in written
                and title.partition(":")[0] not in SCENARIOS
                and not title.startswith(("Machine", "Targets"))
            )
            if keeping:
                kept.append("")
        if keeping:
            kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return kept


def load_previous(path: Path, keep_out: set[str]) -> dict[str, ScenarioResult]:
    """Scenarios recorded in an earlier RESULTS.json, minus the ones about to be re-run."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text())
    out = {}
    for name, scn in data.get("scenarios", {}).items():
        if name in keep_out:
            continue
        res = ScenarioResult(
            scn["name"],
            scn["tree"],
            scn["files"],
            scn["megabytes"],
            scn["targets"],
            recall=scn.get("recall", {}),
            started=scn.get("started", ""),
        )
        res.runs = [Run(**r) for r in scn["runs"]]
        res.phases = scn.get("phases", [])
        out[name] = res
    return out


def load_files(scn: ScenarioResult) -> int:
    return int(load_manifest(Path(scn.tree))["files"])


# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--rounds", type=int, default=3, help="measured rounds per tool (default 3)")
    ap.add_argument(
        "--precommit-rounds",
        type=int,
        default=10,
        help="rounds for the short pre-commit scenario (default 10)",
    )
    ap.add_argument(
        "--scenarios",
        default="full-5k,full-50k,precommit",
        help=f"comma-separated subset of {','.join(SCENARIOS)} (real-5k, real-50k, "
        "precommit-real: trees shaped like front-end and mobile code, benchmarks/realshape.py)",
    )
    ap.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "brazelint-bench",
        help="where trees are generated; must be outside any git work tree, "
        "because both brazelint and semgrep honour the enclosing .gitignore",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--small", type=int, default=5000, help="files in the small tree")
    ap.add_argument("--large", type=int, default=50000, help="files in the large tree")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="semgrep -j")
    ap.add_argument(
        "--semgrep-large",
        action="store_true",
        help="also run semgrep on the 50k tree (slow; not needed for any target)",
    )
    ap.add_argument("--brazelint", help="brazelint command (default: benchmarks/.venv, PATH)")
    ap.add_argument("--semgrep", help="semgrep executable (default: benchmarks/.venv)")
    ap.add_argument("--only", help="comma-separated subset of brazelint,semgrep,rg,grep")
    ap.add_argument("--regenerate", action="store_true", help="rebuild trees even if present")
    ap.add_argument(
        "--timeout", type=float, default=1800, help="per-run limit in seconds (default 1800)"
    )
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    ap.add_argument(
        "--merge",
        action="store_true",
        help="keep scenarios from an earlier RESULTS.json that this run does not repeat "
        "(semgrep on 5k is slow, so scenarios are often run separately)",
    )
    args = ap.parse_args(argv)

    scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = set(scenarios) - set(SCENARIOS)
    if unknown:
        ap.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    args.workdir.mkdir(parents=True, exist_ok=True)
    if inside_git_worktree(args.workdir):
        ap.error(
            f"--workdir {args.workdir} is inside a git work tree; its .gitignore would hide "
            "the generated files from brazelint and semgrep. Pick a directory outside."
        )

    brazelint = find_brazelint(args.brazelint)
    semgrep = find_semgrep(args.semgrep, args.jobs)
    tools = [brazelint, semgrep, *find_keyword_tools()]
    if args.only:
        keep = {t.strip() for t in args.only.split(",")}
        tools = [t for t in tools if t.name in keep]
    info = machine_info(tools)
    for k, v in info.items():
        print(f"{k}: {v}", file=sys.stderr)

    results: dict[str, ScenarioResult] = {}
    if args.merge:
        results.update(load_previous(args.out.with_suffix(".json"), keep_out=set(scenarios)))
    small = large = None
    if "full-5k" in scenarios:
        small = ensure_tree(args.workdir, args.small, args.seed, False, args.regenerate)
    if "full-50k" in scenarios:
        large = ensure_tree(args.workdir, args.large, args.seed, False, args.regenerate)

    for scn in scenarios:
        if scn == "full-5k":
            assert small is not None
            tree, rounds, targets, scn_tools = small, args.rounds, None, tools
        elif scn == "full-50k":
            assert large is not None
            tree, rounds, targets = large, args.rounds, None
            scn_tools = [t for t in tools if t.name != "semgrep" or args.semgrep_large]
        elif scn in ("real-5k", "real-50k"):
            files = args.small if scn == "real-5k" else args.large
            tree = ensure_tree(
                args.workdir, files, args.seed, False, args.regenerate, realshape.REAL
            )
            rounds, targets = args.rounds, None
            scn_tools = [
                t for t in tools if t.name != "semgrep" or scn == "real-5k" or args.semgrep_large
            ]
        else:
            shape = realshape.REAL if scn == "precommit-real" else generate.MIXED
            tree = ensure_tree(args.workdir, args.small, args.seed, True, args.regenerate, shape)
            rounds, scn_tools = args.precommit_rounds, tools
            targets = load_manifest(tree)["precommit"]
            _restore(tree)  # an interrupted run may have left the named files touched
            if brazelint.argv is not None:
                cache = args.workdir / f"{scn}-cache"
                scn_tools = [*tools, cached_brazelint(brazelint, tree, targets, cache)]
        _warm(tree)
        print(f"scenario {scn}: {tree}", file=sys.stderr, flush=True)
        try:
            results[scn] = run_scenario(scn, tree, scn_tools, rounds, targets, args.timeout)
            if any(t is brazelint for t in scn_tools):
                phase_rounds = min(rounds, 1 if scn.endswith("50k") else 3)
                measure_phases(results[scn], brazelint, tree, targets, phase_rounds, args.timeout)
        finally:
            if targets:
                _restore(tree)
        # Write after every scenario so a long run that is interrupted still leaves numbers.
        write_report(results, info, args.rounds, args.out)
    print(args.out.read_text())
    return 0


def cached_brazelint(brazelint: Tool, tree: Path, targets: list[str], cache: Path) -> Tool:
    """brazelint as a pre-commit hook runs it: default settings, so with its result cache,
    which one untimed run over the whole repository fills first (a developer's earlier runs
    do that). Before each measured run every named file gets one more trailing newline, so
    their content is new to the cache every time, as the files of a commit are; the rest of
    the repository is unchanged and cached."""
    assert brazelint.argv is not None
    argv = [arg for arg in brazelint.argv if arg != "--no-cache"] + ["--cache-dir", str(cache)]
    shutil.rmtree(cache, ignore_errors=True)
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([*argv, str(tree)], cwd=tree, capture_output=True, env=environment, check=False)

    def change_named_files() -> None:
        for name in targets:
            with open(tree / name, "ab") as handle:
                handle.write(b"\n")

    return Tool(CACHED, argv, version=brazelint.version, before_run=change_named_files)


def _restore(tree: Path) -> None:
    """Undo ``cached_brazelint``'s edits (the pre-commit tree is a git repository)."""
    subprocess.run(["git", "checkout", "--quiet", "--", "."], cwd=tree, check=False)


def _warm(tree: Path) -> None:
    # One untimed read of every file, so the first tool measured does not pay for a cold page
    # cache that the others then enjoy.
    subprocess.run(["grep", "-rqi", "--", "x-no-such-keyword-x", str(tree)], check=False)


if __name__ == "__main__":
    raise SystemExit(main())
