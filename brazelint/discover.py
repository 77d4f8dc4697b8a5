"""Finding the files to scan.

Inside a git work tree the file list comes from ``git ls-files -co --exclude-standard``, so
``.gitignore`` is honoured exactly as git does it; elsewhere the tree is walked. Folders that
hold vendored or generated code are always skipped, symlinks are never followed (a link
may point outside the tree or into a loop), and only files whose name maps to a language
are kept.
"""

from __future__ import annotations

import fnmatch
import os
import stat
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from brazelint.languages import Language, language_for

#: Folder names never descended into: dependencies, build output, virtual envs, caches.
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "bower_components",
        "Pods",
        "Carthage",
        "DerivedData",
        "build",
        "dist",
        "out",
        ".next",
        ".nuxt",
        ".gradle",
        ".idea",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".brazelint_cache",
        "site-packages",
        "vendor",
        "third_party",
        "coverage",
    }
)


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path  # absolute
    display: str  # relative to the root with forward slashes (absolute when outside it)
    language: Language


@dataclass
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    #: Paths that were named but could not be used, with the reason.
    skipped: list[tuple[str, str]] = field(default_factory=list)


class DiscoveryError(Exception):
    """A usage error: a named path does not exist."""


def find_root(start: Path) -> Path:
    """The git work tree containing ``start``, else ``start`` itself (or its folder)."""
    folder = start if start.is_dir() else start.parent
    toplevel = _git(folder, "rev-parse", "--show-toplevel")
    if toplevel:
        return Path(toplevel.strip()).resolve()
    return folder.resolve()


def discover(targets: Iterable[Path], root: Path, excludes: Iterable[str] = ()) -> Discovery:
    excludes = tuple(excludes)
    result = Discovery()
    seen: set[Path] = set()
    for target in targets:
        try:
            mode = os.lstat(target).st_mode
        except FileNotFoundError as error:
            raise DiscoveryError(f"path does not exist: {target}") from error
        except OSError as error:
            result.skipped.append((str(target), f"cannot be read: {error.strerror}"))
            continue
        if stat.S_ISLNK(mode):
            result.skipped.append((str(target), "is a symbolic link; not followed"))
            continue
        if stat.S_ISDIR(mode):
            folder = target.resolve()
            listed = _git_listing(folder)
            if listed is not None:
                # The fast path for a whole repository: git's names are already relative,
                # so only the files with a language become Path objects.
                _add_listed(folder, listed, root, excludes, seen, result)
                continue
            candidates: Iterator[Path] = _walk(folder, result)
        elif stat.S_ISREG(mode):
            path = target.resolve()
            reason = _why_named_file_is_skipped(path, root, excludes)
            if reason is not None:
                # The user named this file, so skipping it silently would look like a pass.
                result.skipped.append((str(target), reason))
                continue
            candidates = iter([path])
        else:
            result.skipped.append((str(target), "is not a regular file"))
            continue
        for path in candidates:
            if path in seen:
                continue
            seen.add(path)
            source = _classify(path, root, excludes)
            if source is not None:
                result.files.append(source)
    result.files.sort(key=lambda source: source.display)
    return result


def _why_named_file_is_skipped(path: Path, root: Path, excludes: tuple[str, ...]) -> str | None:
    """Why a file named on the command line will not be scanned, when it is not because
    the user excluded it (that needs no saying)."""
    if language_for(path) is None:
        return "is not a file type brazelint reads; skipped"
    folders = printable(display_path(path, root)).split("/")[:-1]
    vendored = next((part for part in folders if part in SKIPPED_DIRS), None)
    if vendored is not None:
        return f"is inside {vendored}/, a dependency or build folder brazelint never scans; skipped"
    return None


def display_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def classify(path: Path, root: Path, excludes: Iterable[str] = ()) -> SourceFile | None:
    """``path`` as a source file to scan, or None when its name has no language or it is
    in a skipped folder or excluded; for a file that is not on disk (``--stdin-filename``)."""
    return _classify(path, root, tuple(excludes))


def _classify(path: Path, root: Path, excludes: tuple[str, ...]) -> SourceFile | None:
    language = language_for(path)
    if language is None:
        return None
    return _checked(path, display_path(path, root), language, excludes)


def _checked(
    path: Path, display: str, language: Language, excludes: tuple[str, ...]
) -> SourceFile | None:
    display = printable(display)
    parts = display.split("/")
    if any(part in SKIPPED_DIRS for part in parts[:-1]):
        return None
    if any(_matches(display, pattern) for pattern in excludes):
        return None
    return SourceFile(path, display, language)


def printable(name: str) -> str:
    """``name`` with bytes that are not UTF-8 (decoded by Python as lone surrogates) shown
    as ``\\xNN``, so that every reporter can write it; other names are unchanged."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogateescape")
        return raw.decode("utf-8", "backslashreplace")
    return name


def matches_glob(display: str, pattern: str) -> bool:
    """gitignore-like: a pattern without a slash matches any path component or the name;
    one with a slash matches the path from the root (``**`` allowed). Every path glob in
    brazelint (``--exclude``, per-file ignores, client/server paths) means the same."""
    return _matches(display, pattern)


def _matches(display: str, pattern: str) -> bool:
    """See :func:`matches_glob`."""
    pattern = pattern.rstrip("/")
    if "/" not in pattern:
        return any(fnmatch.fnmatchcase(part, pattern) for part in PurePosixPath(display).parts)
    pattern = pattern.lstrip("/")
    return fnmatch.fnmatchcase(display, pattern) or fnmatch.fnmatchcase(display, pattern + "/*")


def _git_listing(folder: Path) -> list[str] | None:
    """Names (relative to ``folder``) of the files git tracks or would track there, or
    None outside a work tree."""
    listed = _git(folder, "ls-files", "-co", "--exclude-standard", "-z", "--", ".")
    if listed is None:
        return None
    return [name for name in listed.split("\0") if name]


def _add_listed(
    folder: Path,
    names: list[str],
    root: Path,
    excludes: tuple[str, ...],
    seen: set[Path],
    result: Discovery,
) -> None:
    base = display_path(folder, root)
    prefix = "" if base in ("", ".") else base + "/"
    for name in names:
        language = language_for(PurePosixPath(name))
        if language is None:
            continue
        path = folder / name
        if path in seen:
            continue
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            continue  # listed by git but deleted from the work tree
        if not stat.S_ISREG(mode):
            _note_special(mode, printable(prefix + name), result)
            continue
        seen.add(path)
        source = _checked(path, prefix + name, language, excludes)
        if source is not None:
            result.files.append(source)


def _walk(folder: Path, result: Discovery) -> Iterator[Path]:
    def on_error(error: OSError) -> None:
        result.skipped.append((str(error.filename), f"cannot be read: {error.strerror}"))

    for directory, dirnames, filenames in os.walk(folder, onerror=on_error):
        dirnames[:] = sorted(name for name in dirnames if name not in SKIPPED_DIRS)
        for name in sorted(filenames):
            path = Path(directory) / name
            try:
                mode = os.lstat(path).st_mode
            except OSError:
                continue
            if stat.S_ISREG(mode):
                yield path
            elif language_for(path) is not None:
                _note_special(mode, printable(str(path)), result)


def _note_special(mode: int, shown: str, result: Discovery) -> None:
    """A FIFO, socket or device with a source file's name is reported (reading it could
    block or never end); a symlink is skipped quietly, as links are never followed."""
    if not stat.S_ISLNK(mode):
        result.skipped.append((shown, "is not a regular file; skipped"))


def _git(folder: Path, *args: str) -> str | None:
    """Output of a git command in ``folder``, or None when git is missing or the folder is
    not in a work tree. Git is only ever asked to list files; nothing is written."""
    try:
        completed = subprocess.run(
            ["git", *args],
            cwd=folder,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if completed.returncode != 0:
        return None
    return completed.stdout.decode("utf-8", "surrogateescape")
