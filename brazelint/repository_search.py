"""The repository search that narrows a pre-commit run's project pass: ``git grep`` for the
files holding one of the project rules' literals, started early and run in the background
(the discovery side of the pipeline; all git runs through ``brazelint.git``)."""

from __future__ import annotations

import codecs
import contextlib
import subprocess
from collections.abc import Sequence
from pathlib import Path

from brazelint import git
from brazelint.cpus import default_jobs


class RepositoryGrep:
    """``git grep`` for the files of a repository that contain one of the project rules'
    literals (see ``_project_files``), run in the background: a pre-commit run starts it
    before analysing the named files, so git searches the repository on the other core
    meanwhile."""

    def __init__(
        self, process: subprocess.Popen[bytes], root: Path, literals: Sequence[bytes]
    ) -> None:
        self._process = process
        self.root = root
        self.literals = frozenset(literals)

    def serves(self, root: Path, literals: Sequence[bytes]) -> bool:
        """Whether this search answers for ``literals`` in ``root``: it looks for all of
        them (more only lists more files, which the prefilter then turns down)."""
        return self.root == root and self.literals.issuperset(literals)

    @classmethod
    def start(cls, root: Path, literals: Sequence[bytes] | None) -> RepositoryGrep | None:
        """The running search for ``literals`` (see ``_project_literals``), or None when
        git cannot answer for discovery's file set (no work tree at ``root``, no
        literals, git missing)."""
        if literals is None or not (root / ".git").exists():
            # Discovery walks folders outside git; git grep might fall back to --no-index
            # (``grep.fallbackToNoIndex``), which lists files differently.
            return None
        patterns: list[bytes] = [*literals, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE]
        # --no-recurse-submodules: ``submodule.recurse`` turns recursion on for grep, but
        # not for ls-files, which discovery uses.
        arguments = [b"grep", b"-l", b"-z", b"-a", b"-i", b"-F", b"--untracked", b"--no-textconv"]
        arguments += [b"--no-recurse-submodules"]
        # One core stays with brazelint, which analyses the named files meanwhile on one
        # thread: git's default (a thread per core) competed with it for the core, ~15 ms
        # of a ~225 ms pre-commit run on two cores (PERF-NOTES, fourth round).
        arguments += [b"--threads", str(max(1, default_jobs() - 1)).encode()]
        for pattern in patterns:
            arguments += [b"-e", pattern]
        arguments += [b"--", b"."]
        # C locale: byte-wise matching and ASCII-only case folding, like ``bytes.lower``.
        process = git.start(root, *arguments, extra_env={"LC_ALL": "C"})
        if process is None:
            return None
        return cls(process, root, literals)

    def names(self) -> list[str] | None:
        """Names (relative to the root) of the files ``git ls-files -co
        --exclude-standard`` would list that contain one of the literals (ASCII
        case-insensitively) or a UTF-16 byte-order mark (the prefilter searches UTF-16
        files re-encoded as UTF-8, which git cannot), or None when git could not answer."""
        try:
            stdout, stderr = self._process.communicate(timeout=60)
        except (OSError, subprocess.SubprocessError):
            self.cancel()
            return None
        code = self._process.returncode
        if code == 1 and not stdout and not stderr:
            return []  # git grep's "nothing matched"
        if code != 0:
            return None  # not a work tree, git missing, an unknown option
        names = stdout.decode("utf-8", "surrogateescape").split("\0")
        return [name for name in names if name]

    def cancel(self) -> None:
        """Stop the search if it still runs (a no-op once ``names`` has answered)."""
        if self._process.returncode is not None:
            return
        with contextlib.suppress(OSError):
            self._process.kill()
        with contextlib.suppress(OSError, ValueError, subprocess.SubprocessError):
            self._process.communicate()


def start_early_search(
    targets: Sequence[Path], root: Path, cache_dir: Path | None
) -> RepositoryGrep | None:
    """Start the project pass's repository search before the rules are even loaded, with
    the literals an earlier run of this brazelint recorded in the cache (None when there
    are none, or no file is named). Starting, loading and configuring brazelint take one
    core for ~100 ms of a ~250 ms pre-commit run while the other idles; the search ends
    there instead of competing with the analysis of the named files. ``scan`` checks the
    search serves it (same root, all of its literals) before using it."""
    if cache_dir is None or not any(target.is_file() for target in targets):
        return None
    # Imported here, not above: this runs before the rules load, and the cache module
    # pulls in the whole per-file pipeline (about 100 ms of a pre-commit run).
    from brazelint.cache import remembered_project_literals

    literals = remembered_project_literals(cache_dir)
    return None if literals is None else RepositoryGrep.start(root, literals)
