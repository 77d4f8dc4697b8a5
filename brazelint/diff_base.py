"""``--diff-base REF``: report only the findings a change brings in, the way semgrep's
``--baseline-commit`` does.

The merge base of ``REF`` and ``HEAD`` is scanned too, with the same configuration: its
tracked files are read from git objects (``ls-tree`` and ``cat-file --batch`` through
``brazelint/git.py``: no checkout, no filters, no hooks, no network) into a private
temporary folder, removed afterwards. A current finding whose baseline key (rule, path,
content fingerprint; see ``brazelint/baseline.py``) the merge base also has is marked
``suppressed_by="diff-base"``: not new. Keys are line-independent, so a line that only
moved is not new; they are counted as a multiset, so a second copy of an old mistake is.
Project rules run over the whole of each tree, so a cross-file finding is judged by
whether the merge base's whole tree had it too.

Only files brazelint can read are written out (by name, within the size limit). A file
whose path git stores but no file system should hold (``..``, ``.git``, an absolute path)
is left out. Known gap: a checked-out submodule is scanned now but has no tree in the
merge base, so its findings all count as new.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from brazelint import git
from brazelint.baseline import Baseline, apply, from_findings
from brazelint.findings import Finding, Notification, NotificationLevel
from brazelint.languages import language_for_name
from brazelint.report.model import HIDDEN_BY_DIFF_BASE

if TYPE_CHECKING:
    from brazelint.engine import ScanOptions


class DiffBaseError(Exception):
    """``--diff-base`` cannot be honoured; the message says why, on one line."""


@dataclass(frozen=True)
class MergeBase:
    ref: str
    commit: str


def find_merge_base(root: Path, ref: str) -> MergeBase:
    """The merge base of ``ref`` and ``HEAD`` in the repository whose top is ``root``."""
    toplevel = git.run(root, "rev-parse", "--show-toplevel")
    if toplevel is None or Path(toplevel.strip()).resolve() != root.resolve():
        raise DiffBaseError(f"--diff-base needs a git repository; {root} is not the top of one")
    commit = git.commit_id(root, ref)
    if commit is None:
        raise DiffBaseError(f"--diff-base: {ref!r} names no commit in this repository")
    head = git.commit_id(root, "HEAD")
    if head is None:
        raise DiffBaseError("--diff-base: the repository has no commit checked out (HEAD)")
    base = git.merge_base(root, commit, head)
    if base is None:
        raise DiffBaseError(
            f"--diff-base: {ref!r} and HEAD have no common ancestor here (a shallow clone? "
            "fetch the history, e.g. actions/checkout with fetch-depth: 0)"
        )
    return MergeBase(ref, base)


def safe_relative(path: str) -> PurePosixPath | None:
    """``path`` (as git stores it) when writing it under a folder stays in that folder."""
    parts = path.split("/")
    if path.startswith("/") or any(
        part in ("", ".", "..") or part.lower() == ".git" or "\\" in part or "\0" in part
        for part in parts
    ):
        return None
    return PurePosixPath(*parts)


def materialise(
    root: Path, commit: str, destination: Path, max_file_bytes: int
) -> tuple[int, list[str]]:
    """Write ``commit``'s readable tracked files under ``destination``: how many, and the
    paths that could not be written (two names one case-insensitive file system folds
    together, a name it does not allow)."""
    listed = git.tree_files(root, commit)
    if listed is None:
        raise DiffBaseError(f"--diff-base: git cannot list the files of {commit[:12]}")
    paths_by_blob: dict[str, list[PurePosixPath]] = defaultdict(list)
    for blob_id, size, path in listed:
        relative = safe_relative(path)
        if relative is None or size > max_file_bytes:
            continue
        if language_for_name(relative.name, relative.parent.name) is None:
            continue
        paths_by_blob[blob_id].append(relative)
    written = 0
    failed: list[str] = []
    try:
        for blob_id, data in git.read_blobs(root, list(paths_by_blob)):
            for relative in paths_by_blob[blob_id]:
                target = destination.joinpath(*relative.parts)
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    # "x": never through an existing file or link.
                    with open(target, "xb") as stream:
                        stream.write(data)
                except OSError as error:
                    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
                        raise DiffBaseError(
                            f"--diff-base: cannot write the merge base's files: {error.strerror}"
                        ) from error
                    failed.append(relative.as_posix())
                    continue
                written += 1
    except git.GitError as error:
        raise DiffBaseError(f"--diff-base: {error}") from error
    return written, failed


def mapped_targets(targets: Iterable[Path], root: Path, tree: Path) -> tuple[Path, ...]:
    """The scanned paths as they are in ``tree`` (a copy of ``root``), where they exist."""
    mapped: list[Path] = []
    resolved_root = root.resolve()
    for target in targets:
        try:
            relative = Path(os.path.abspath(target)).relative_to(resolved_root)
        except ValueError:
            try:
                relative = target.resolve().relative_to(resolved_root)
            except (ValueError, OSError):
                continue  # outside the repository: nothing to compare with
        candidate = tree / relative
        if os.path.lexists(candidate):
            mapped.append(candidate)
    return tuple(mapped)


def base_findings(options: ScanOptions, base: MergeBase) -> tuple[Baseline, list[Notification]]:
    """The merge base's unsuppressed findings, scanned with ``options`` (same rules, same
    settings, same paths), as a baseline to compare the current findings with; and a
    notification when some of its files could not be written (their findings count as
    new). The merge base's own notifications are about old code and are dropped."""
    from brazelint.engine import scan

    if options.root is None:
        raise DiffBaseError("--diff-base needs the scan root")
    notes: list[Notification] = []
    with tempfile.TemporaryDirectory(prefix="brazelint-diff-base-") as folder:
        tree = Path(folder).resolve()
        _, failed = materialise(options.root, base.commit, tree, options.max_file_bytes)
        if failed:
            shown = ", ".join(failed[:3]) + (
                f" and {len(failed) - 3} more" if len(failed) > 3 else ""
            )
            notes.append(
                Notification(
                    None,
                    f"--diff-base: {len(failed)} file(s) of the merge base could not be "
                    f"written here, so their findings count as new: {shown}",
                    NotificationLevel.WARNING,
                )
            )
        targets = mapped_targets(options.targets, options.root, tree)
        if not targets:
            return Baseline(), notes
        # No cache: its namespace includes the root, a new temporary folder every time.
        result = scan(
            replace(
                options,
                targets=targets,
                root=tree,
                baseline=None,
                stdin=None,
                cache_dir=None,
                progress=None,
            )
        )
    return from_findings(result.findings, result.lines), notes


def hide_unchanged(
    findings: Sequence[Finding], lines: Mapping[str, Sequence[str]], base: Baseline
) -> list[Finding]:
    """``findings`` with those the merge base already had marked ``"diff-base"``."""
    return apply(findings, lines, base, marker=HIDDEN_BY_DIFF_BASE)
