"""Finding the files to scan.

Inside a git work tree the file list comes from ``git ls-files -co --exclude-standard``, so
``.gitignore`` is honoured exactly as git does it; elsewhere the tree is walked. Folders that
hold vendored or generated code are always skipped, symlinks are never followed (a link
may point outside the tree or into a loop), and only files whose name maps to a language
are kept.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import FrozenInstanceError, dataclass, field
from functools import cache
from operator import attrgetter
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Protocol

from brazelint import git
from brazelint.languages import Language, language_for, language_for_name

if TYPE_CHECKING:
    import pathspec

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
        # Gradle's build intermediates, found committed outside build/ (an unpacked AAR's
        # resources are the SDK's own strings, not the app's settings), Flutter's tool cache.
        "intermediates",
        "exploded-aar",
        ".dart_tool",
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


class SourceFile:
    """A file to scan: immutable, compared, hashed and pickled by its three values.

    Discovery makes one per file of the tree and keeps them all until the scan ends, so
    the path is kept as a string and ``path`` builds the Path when asked: a Path per file
    (with its list of parts) was most of discovery's time and memory."""

    __slots__ = ("display", "fspath", "language")
    __match_args__ = ("path", "display", "language")

    fspath: str  # absolute, as a string
    display: str  # relative to the root with forward slashes (absolute when outside it)
    language: Language

    def __init__(self, path: str | os.PathLike[str], display: str, language: Language) -> None:
        object.__setattr__(self, "fspath", os.fspath(path))
        object.__setattr__(self, "display", display)
        object.__setattr__(self, "language", language)

    @property
    def path(self) -> Path:
        return Path(self.fspath)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _values(self) -> tuple[str, str, Language]:
        return (self.fspath, self.display, self.language)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SourceFile) and other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = f"path={self.path!r}, display={self.display!r}, language={self.language!r}"
        return f"SourceFile({fields})"

    def __reduce__(self) -> tuple[type[SourceFile], tuple[str, str, Language]]:
        # Workers receive these; the default pickling of slots would set them through
        # the __setattr__ that refuses.
        return (SourceFile, self._values())


@dataclass
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    #: Paths that were named but could not be used, with the reason.
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: Paths met while walking and left out on purpose, by kind (``SYMLINK``,
    #: ``SUBMODULE_NOT_CHECKED_OUT``): each kind is one notification, not one per path.
    passed_over: dict[str, list[str]] = field(default_factory=dict)

    def pass_over(self, kind: str, display: str) -> None:
        self.passed_over.setdefault(kind, []).append(display)


#: Kinds of ``Discovery.passed_over``.
SYMLINK = "symlink"
SUBMODULE_NOT_CHECKED_OUT = "submodule"


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
    rules = _Excludes(excludes)
    result = Discovery()
    # Absolute paths as strings: every path added is normalised (resolved, or a resolved
    # folder joined with names from the file system or git), so equal strings mean equal
    # Paths.
    seen: set[str] = set()
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
                _add_listed(folder, listed, root, rules, seen, result)
                _add_submodules(folder, root, rules, seen, result)
            else:
                _add_walked(folder, root, rules, seen, result)
        elif stat.S_ISREG(mode):
            path = target.resolve()
            reason = _why_named_file_is_skipped(path, root, rules)
            if reason is not None:
                # The user named this file, so skipping it silently would look like a pass.
                result.skipped.append((str(target), reason))
                continue
            key = str(path)
            if key in seen:
                continue
            seen.add(key)
            source = _classify(path, root, rules)
            if source is not None:
                result.files.append(source)
        else:
            result.skipped.append((str(target), "is not a regular file"))
    result.files.sort(key=_by_display)
    return result


_by_display: Callable[[SourceFile], str] = attrgetter("display")
_by_name: Callable[[os.DirEntry[str]], str] = attrgetter("name")


def _why_named_file_is_skipped(path: Path, root: Path, excludes: _Excludes) -> str | None:
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
    return _classify(path, root, _Excludes(excludes))


def _classify(path: Path, root: Path, excludes: _Excludes) -> SourceFile | None:
    language = language_for(path)
    if language is None:
        return None
    return _checked(str(path), display_path(path, root), language, excludes)


def _checked(path: str, display: str, language: Language, excludes: _Excludes) -> SourceFile | None:
    display = printable(display)
    parts = display.split("/")
    if any(part in SKIPPED_DIRS for part in parts[:-1]):
        return None
    if excludes.match(display):
        return None
    return SourceFile(path, display, language)


class _Excludes:
    """``--exclude`` globs compiled once for a whole discovery, with gitignore's meaning
    (see :func:`matches_glob`; ``!`` re-includes what an earlier glob excluded). A folder
    is decided once for all its files (:meth:`folder`), as git does: a file in an
    excluded folder cannot be re-included."""

    __slots__ = ("_spec", "active")

    def __init__(self, patterns: Iterable[str]) -> None:
        patterns = tuple(patterns)
        self._spec = _spec(patterns) if patterns else None
        #: Whether there is any glob at all: usually not, and then no file needs a look.
        self.active = self._spec is not None

    def match(self, display: str) -> bool:
        """Whether the globs exclude ``display`` (a printable display path)."""
        if self._spec is None:
            return False
        if isinstance(self._spec, _SimpleGlobs) and self._spec.handles(display):
            # Its expression already matches everything inside a folder it matches.
            return self._spec.match_file(display)
        parent = display.rpartition("/")[0]
        return (bool(parent) and self._folder_excluded(parent + "/")) or self._spec.match_file(
            display
        )

    def folder(self, shown: str) -> bool:
        """Whether every file directly in the folder whose printable display prefix
        (empty, or ending in a slash) is ``shown`` is dropped, for a skipped folder or
        an exclude matching the folder or one above it."""
        if any(part in SKIPPED_DIRS for part in shown.split("/")):
            return True
        return bool(shown) and self._folder_excluded(shown)

    def name(self, shown: str, display: str) -> bool:
        """Whether a file whose printable name is ``shown`` and display path ``display``
        is excluded, in a folder for which :meth:`folder` said no."""
        return self._spec is not None and self._spec.match_file(display)

    def _folder_excluded(self, shown: str) -> bool:
        if self._spec is None:
            return False
        # The folder itself or any folder above it: `web/` excludes web/sub/ too.
        parts = shown.rstrip("/").split("/")
        return any(
            self._spec.match_file("/".join(parts[: depth + 1]) + "/") for depth in range(len(parts))
        )


class _Spec(Protocol):
    def match_file(self, file: str) -> bool: ...


@cache
def _spec(patterns: tuple[str, ...]) -> _Spec:
    simple = _SimpleGlobs.of(patterns)
    if simple is not None:
        return simple
    # Imported here: ``pathspec`` costs ~40 ms to import (on Python 3.11 with
    # ``typing_extensions`` installed it pulls in asyncio), most of a pre-commit run's
    # budget, and the globs brazelint ships need none of its generality.
    import pathspec

    spec: pathspec.GitIgnoreSpec = pathspec.GitIgnoreSpec.from_lines(patterns)
    return spec


#: A glob ``_SimpleGlobs`` translates: names of letters, digits, ``.``, ``_``, ``-`` and
#: ``*``, ``**`` as a whole folder level, ``/`` between them, one trailing ``/`` at most.
#: Anything else (``!``, ``?``, ``[``, ``\``, spaces, ``#``, ``**`` inside a name) goes to
#: ``pathspec``.
_SIMPLE_GLOB = re.compile(
    r"/?(?:(?:\*\*|[\w.*-]*[\w.-][\w.*-]*|\*)/)*(?:\*\*|[\w.*-]+)?/?", re.ASCII
)


class _SimpleGlobs:
    """gitignore's meaning of a few plain globs (see ``matches_glob``), as one regular
    expression, for relative paths; absolute ones (files outside the root) and names with
    a newline go to ``pathspec``. ``tests/test_globs.py`` checks it against ``pathspec``
    on generated globs and paths."""

    __slots__ = ("_fallback", "_patterns", "_regex")

    def __init__(self, patterns: tuple[str, ...], regex: re.Pattern[str]) -> None:
        self._patterns = patterns
        self._regex = regex
        self._fallback: _Spec | None = None

    @classmethod
    def of(cls, patterns: tuple[str, ...]) -> _SimpleGlobs | None:
        parts = []
        for pattern in patterns:
            body = _simple_body(pattern)
            if body is None:
                return None
            parts.append(body)
        return cls(patterns, re.compile("|".join(parts), re.DOTALL))

    @staticmethod
    def handles(file: str) -> bool:
        """Whether the expression decides ``file``: a relative path on one line (pathspec's
        ``$`` and ``.`` treat a newline in a name in ways not worth copying)."""
        return not file.startswith("/") and "\n" not in file

    def match_file(self, file: str) -> bool:
        if not self.handles(file):
            if self._fallback is None:
                import pathspec

                self._fallback = pathspec.GitIgnoreSpec.from_lines(self._patterns)
            return bool(self._fallback.match_file(file))
        return self._regex.fullmatch(file) is not None


def _simple_body(pattern: str) -> str | None:
    """The expression for the relative paths ``pattern`` matches (itself, or anything in
    a folder it matches), or None when it is not a simple glob."""
    if not pattern or pattern in ("/", "**/", "/**") or not _SIMPLE_GLOB.fullmatch(pattern):
        return None
    folder_only = pattern.endswith("/")
    body = pattern.removesuffix("/")
    # A slash before the end anchors the glob at the root; otherwise it names a file or
    # folder at any depth.
    anchored = "/" in body
    levels = body.removeprefix("/").split("/")
    if any(level in ("", ".", "..") or ("**" in level and level != "**") for level in levels):
        return None
    if "**/**" in "/".join(levels):
        return None
    out = "" if anchored else "(?:.*/)?"
    if levels[0] == "**":  # any depth, the root included
        out = "(?:.*/)?"
        levels = levels[1:]
        if not levels:
            return None
    for index, level in enumerate(levels):
        last = index == len(levels) - 1
        if level == "**":
            if last:
                return f"(?:{out}/.*)" if out else None  # everything inside the folder
            out += "(?:/.*)?" if index else ""
            continue
        if index:
            out += "/"
        # A name is never empty: ``b/*`` matches what is in ``b/``, not ``b/`` itself.
        out += "[^/]+" if level == "*" else "[^/]*".join(map(re.escape, level.split("*")))
    # What matches a folder also matches everything in it; a trailing slash asks for a
    # folder, i.e. something must follow.
    return f"(?:{out}/.*)" if folder_only else f"(?:{out}(?:/.*)?)"


def printable(name: str) -> str:
    """``name`` with bytes that are not UTF-8 (decoded by Python as lone surrogates) shown
    as ``\\xNN``, so that every reporter can write it; other names are unchanged."""
    if name.isascii():  # most names, and a check that costs nothing
        return name
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogateescape")
        return raw.decode("utf-8", "backslashreplace")
    return name


def matches_glob(display: str, pattern: str) -> bool:
    """gitignore's rules, through ``pathspec``: a pattern without a slash (other than a
    trailing one) matches a file or folder name at any depth; one with a slash is
    anchored at the root; ``*`` never crosses a ``/``, ``**`` does; a trailing slash means
    a folder and everything in it. Every path glob in brazelint (``--exclude``, per-file
    ignores, client/server paths, environment globs) means the same."""
    return _compiled_glob(pattern).match(display)


@functools.lru_cache(maxsize=256)
def _compiled_glob(pattern: str) -> _Excludes:
    """One compiled pattern per glob (per-file ignores ask for each finding and glob)."""
    return _Excludes((pattern,))


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
    excludes: _Excludes,
    seen: set[str],
    result: Discovery,
) -> None:
    # The fast path for a whole repository: git's names are already relative and sorted,
    # so the work that depends only on a file's folder is done once per folder. (A name
    # can be made printable apart from its folder: a slash ends any UTF-8 sequence.)
    base = display_path(folder, root)
    prefix = "" if base in ("", ".") else base + "/"
    absolute = _slashed(str(folder))
    last_folder: str | None = None
    folder_name = ""
    shown_prefix = ""
    dropped = False
    for name in names:
        within, _, base_name = name.rpartition("/")
        if within != last_folder:
            last_folder = within
            folder_name = PurePosixPath(within).name
            shown_prefix = printable(prefix + within + "/" if within else prefix)
            dropped = excludes.folder(shown_prefix)
        language = language_for_name(base_name, folder_name)
        if language is None:
            continue
        path = absolute + name
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
        if dropped:
            continue
        shown = printable(base_name)
        display = shown_prefix + shown
        if not (excludes.active and excludes.name(shown, display)):
            result.files.append(SourceFile(path, display, language))


def _add_walked(
    folder: Path, root: Path, excludes: _Excludes, seen: set[str], result: Discovery
) -> None:
    """Walk ``folder`` as ``os.walk`` would top-down (each folder's files in name order,
    then its subfolders in name order, skipped folders and links to folders left out),
    with one ``scandir`` per folder: its entries already know whether they are folders,
    files or links, so a plain file costs no system call. Folders that cannot be read
    are noted and the walk goes on."""
    # (folder, its display prefix when it is known to be under the root): a subfolder's
    # prefix is its parent's plus its name, so only folders outside the root need Paths.
    stack: list[tuple[str, str | None]] = [(str(folder), None)]
    while stack:
        directory, prefix = stack.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=_by_name)
        except OSError as error:
            result.skipped.append((str(error.filename), f"cannot be read: {error.strerror}"))
            continue
        under_root = prefix is not None
        if prefix is None:
            prefix, under_root = _walk_prefix(directory, root)
        shown_prefix = "" if prefix is None else printable(prefix)
        dropped = prefix is not None and excludes.folder(shown_prefix)
        folder_name = PurePosixPath(directory).name
        subfolders: list[tuple[str, str | None]] = []
        for entry in entries:
            name = entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if name in SKIPPED_DIRS:
                    continue
                if _is_link(entry):
                    shown_link = prefix + name if under_root else entry.path
                    result.pass_over(SYMLINK, printable(shown_link))
                    continue
                subfolders.append((entry.path, prefix + name + "/" if under_root else None))
                continue
            language = language_for_name(name, folder_name)
            if language is None:
                continue
            try:
                regular = entry.is_file(follow_symlinks=False)
                mode = 0 if regular else entry.stat(follow_symlinks=False).st_mode
            except OSError:
                continue  # gone since it was listed
            if not regular:
                shown_path = prefix + name if under_root else entry.path
                _note_special(mode, printable(shown_path), result)
                continue
            path = entry.path
            if path in seen:
                continue
            seen.add(path)
            if prefix is None:
                source = _checked(path, display_path(Path(path), root), language, excludes)
                if source is not None:
                    result.files.append(source)
            elif not dropped:
                shown = printable(name)
                display = shown_prefix + shown
                if not (excludes.active and excludes.name(shown, display)):
                    result.files.append(SourceFile(path, display, language))
        stack.extend(reversed(subfolders))


def _walk_prefix(directory: str, root: Path) -> tuple[str | None, bool]:
    """What goes before the name of a file in ``directory`` to make its display path
    (empty, or ending in a slash), or None when the root may be one of those files
    (each file's display path is then worked out on its own); and whether the folder
    is the root or inside it."""
    folder = Path(directory)
    try:
        inside = folder.relative_to(root).as_posix()
    except ValueError:
        if root.is_absolute() and root.parent == folder and root != folder:
            return None, False
        return _slashed(folder.as_posix()), False
    return ("" if inside == "." else inside + "/"), True


def _slashed(folder: str) -> str:
    return folder if folder.endswith("/") else folder + "/"


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False  # as os.walk's islink(): the walk tries it and notes the failure


def _note_special(mode: int, shown: str, result: Discovery) -> None:
    """A FIFO, socket or device with a source file's name is reported (reading it could
    block or never end); a symlink is never followed, and counted with the others.
    A folder here is a git submodule (a gitlink), which ``_add_submodules`` lists."""
    if stat.S_ISLNK(mode):
        result.pass_over(SYMLINK, shown)
    elif not stat.S_ISDIR(mode):
        result.skipped.append((shown, "is not a regular file; skipped"))


def _add_submodules(
    folder: Path, root: Path, excludes: _Excludes, seen: set[str], result: Discovery
) -> None:
    """Scan the git submodules under ``folder`` that are checked out, each with its own
    listing (``ls-files`` of the superproject names only the gitlink); note the others.
    Only a repository with a ``.gitmodules`` file (at the scan root, or in ``folder`` for
    a nested submodule) is asked: a full scan costs no git process more."""
    if not ((root / ".gitmodules").is_file() or (folder / ".gitmodules").is_file()):
        return
    staged = _git(folder, "ls-files", "--stage", "-z", "--", ".")
    if staged is None:
        return
    for entry in staged.split("\0"):
        mode, _, rest = entry.partition(" ")
        if mode != "160000":  # a gitlink: "<mode> <object> <stage>\t<path>"
            continue
        name = rest.partition("\t")[2]
        submodule = folder / name
        shown = printable(display_path(submodule, root))
        if excludes.active and excludes.match(shown):
            continue
        listed = _git_listing(submodule) if (submodule / ".git").exists() else None
        if listed is None:
            result.pass_over(SUBMODULE_NOT_CHECKED_OUT, shown)
            continue
        resolved = submodule.resolve()
        _add_listed(resolved, listed, root, excludes, seen, result)
        _add_submodules(resolved, root, excludes, seen, result)


def _git(folder: Path, *args: str) -> str | None:
    """Output of a git command in ``folder``, or None when git is missing or the folder is
    not in a work tree. Git is only ever asked to list files, with every setting that
    could run a command overridden (``brazelint/git.py``)."""
    return git.run(folder, *args)
