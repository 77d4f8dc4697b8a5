"""The result cache: a file's outcome (findings, notifications, and its facts as cut down by
``analyzer_module.Slimmer``) stored under a key made of brazelint's version and code, the
configuration, the scan root, the file's path and a hash of its content, so that an
unchanged file is never parsed twice.

Layout, under the cache folder (``--cache-dir``; by default the user's cache folder, see
:func:`default_cache_dir`; never inside the scanned tree unless the user says so)::

    v1/<namespace>/index             path -> stat signature, content hash, kind
    v1/<namespace>/objects/ab/<key>  one pickled outcome per (path, content hash)
    v1/<namespace>/derived.json      the prefilter's literals derived from rule expressions
    v1/project-literals.json         what the project pass searches the repository for,
                                     so the next run can start that search early

``<namespace>`` hashes everything an outcome depends on besides the file: version, the
installed code and rule catalog (so a development checkout never reads stale results),
the configuration and the root. The index lets a later run skip even *reading* a file
whose size, mtime, ctime and inode are unchanged, the way git's index does; a file whose
mtime is within two seconds of the index being written is not trusted that way ("racily
clean"), and is read and hashed again. The index is one line per file, a JSON header line
first; a line is parsed only when its file is looked up: a pre-commit run looks up a few
dozen of a repository's thousands, and decoding the whole index as one JSON document (then
encoding it again to save) was ~15 ms of a ~280 ms run.

Outcomes are pickled, and a pickle can run code when loaded, so loading goes through an
unpickler that only builds brazelint's own data classes and a few builtins
(``brazelint/pickling.py``): a cache file planted by someone else yields a cache miss,
never code execution. Every failure here
(unwritable folder, corrupt file, concurrent writer) degrades to a miss; the scan itself
never depends on the cache.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import time
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from brazelint import __version__
from brazelint.analyzer import FileOutcome, FilePlan
from brazelint.discover import SourceFile
from brazelint.pickling import dumps, loads_untrusted
from brazelint.prefilter import Derivations
from brazelint.redact import holds_secret
from brazelint.tracking_plan import TrackingPlan

_FORMAT = "v3"
#: Version of the index's own layout (a change makes old indexes unreadable, so ignored).
_INDEX_FORMAT = 2
#: The project rules' literals, for the next run's early repository search.
_PROJECT_LITERALS = "project-literals.json"
_NONE = 0  # no rule's keywords matched: the outcome is empty and not stored
_OBJECT = 1  # the outcome is in objects/
_NO_PROJECT_RULE = 2  # only known: no project rule's keywords match (project mode)
_UNDECODABLE = 3  # no rule's keywords match, and the file is binary or not UTF-8
#: Nanoseconds by which a file's mtime must precede the index for its stat to be trusted.
_RACY_NS = 2_000_000_000


def default_cache_dir() -> Path:
    """``$BRAZELINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/brazelint``, else
    ``~/.cache/brazelint`` (``%LOCALAPPDATA%\\brazelint`` on Windows)."""
    explicit = os.environ.get("BRAZELINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "brazelint"
    local = os.environ.get("LOCALAPPDATA")
    if os.name == "nt" and local:
        return Path(local) / "brazelint"
    return Path.home() / ".cache" / "brazelint"


class ResultCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        #: Why the cache could not be used, for one note; None when it works.
        self.problem: str | None = None
        #: JSON-encoded path -> the rest of its index line (see ``_Entry``), parsed on use.
        self._lines: dict[str, str] = {}
        self._written_ns = 0
        self._dirty = False
        self._live: set[str] = set()
        #: Object files this run read or wrote, by path (see ``forget_holding``).
        self._objects: dict[str, Path] = {}

    @classmethod
    def open(cls, cache_dir: Path, plan: FilePlan, root: Path) -> ResultCache:
        cache = cls(cache_dir / _FORMAT / namespace(plan, root))
        cache._load_index()
        return cache

    # --- keys ------------------------------------------------------------------------------

    @staticmethod
    def signature(source: SourceFile) -> tuple[int, ...] | None:
        try:
            info = os.stat(source.fspath, follow_symlinks=False)
        except OSError:
            return None
        return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.blake2b(data, digest_size=20).hexdigest()

    # --- lookups ---------------------------------------------------------------------------

    def by_signature(
        self, source: SourceFile, signature: tuple[int, ...] | None
    ) -> FileOutcome | None:
        entry = self._entry(source.display)
        if entry is None or signature is None or signature != entry[0]:
            return None
        if signature[1] >= self._written_ns - _RACY_NS:
            return None  # modified too close to the index write to tell changes apart
        return self._outcome(source, entry[1], entry[2])

    def by_digest(
        self, source: SourceFile, digest: str, signature: tuple[int, ...] | None
    ) -> FileOutcome | None:
        entry = self._entry(source.display)
        if entry is None or entry[1] != digest:
            return None
        outcome = self._outcome(source, digest, entry[2])
        if outcome is not None and signature is not None:
            # Touched but unchanged: trust the new stat.
            self._put(source.display, signature, digest, entry[2])
        return outcome

    def _outcome(self, source: SourceFile, digest: str, kind: int) -> FileOutcome | None:
        if kind in (_NONE, _UNDECODABLE):
            self._live.add(source.display)
            return FileOutcome(source.display, undecodable=kind == _UNDECODABLE)
        if kind == _NO_PROJECT_RULE:
            # Enough for project mode, which wants no facts from this file; a full scan
            # needs the real outcome, so there it is a miss (and complete=False says so).
            return FileOutcome(source.display, complete=False, needed=False)
        path = self._object_path(source.display, digest)
        try:
            outcome = loads_untrusted(path.read_bytes())
        except Exception:  # missing, truncated, planted or from another version: a miss
            return None
        if not isinstance(outcome, FileOutcome) or outcome.display != source.display:
            return None
        self._live.add(source.display)
        self._objects[source.display] = path
        return outcome

    # --- storing ---------------------------------------------------------------------------

    def store(
        self,
        source: SourceFile,
        signature: tuple[int, ...] | None,
        digest: str | None,
        outcome: FileOutcome,
    ) -> None:
        if self.problem is not None or digest is None or signature is None:
            return
        if not outcome.complete:
            return  # a timeout, a crash, an unreadable file: try again next time
        if holds_secret(outcome.findings, outcome.notifications, outcome.facts):
            # Nothing brazelint writes may hold a detected key whole, and a stored outcome
            # would (its facts keep the key's string and line, for redaction). The few
            # files that hold one are analysed again on every run instead.
            return
        kind = _UNDECODABLE if outcome.undecodable else _NONE
        if (
            outcome.facts is not None
            or outcome.findings
            or outcome.notifications
            or outcome.wrappers  # the second phase needs a file's summaries
            or outcome.wants_exports
        ):
            kind = _OBJECT
            path = self._object_path(source.display, digest)
            try:
                payload = dumps(outcome)
                _atomic_write(path, payload)
            except Exception as error:  # unwritable, full disk, an unpicklable fact
                self._disable(error)
                return
            self._objects[source.display] = path
        self._put(source.display, signature, digest, kind)
        self._live.add(source.display)

    def store_no_project_rule(
        self, source: SourceFile, signature: tuple[int, ...] | None, digest: str | None
    ) -> None:
        """Record that no project rule's keywords match this content (project mode learns
        only that much about a file, which spares the next pre-commit run reading it)."""
        if self.problem is None and digest is not None and signature is not None:
            self._put(source.display, signature, digest, _NO_PROJECT_RULE)

    def forget_holding(self, secrets: frozenset[str]) -> None:
        """Delete every object this run used that holds one of ``secrets`` whole, and its
        index line, so that its file is analysed again next time. A key detected in one
        file may also be written in another where nothing marks it (the same value as an
        SDK key, a comment): only the whole scan knows it is a secret."""
        needles = [secret.encode("utf-8", "surrogateescape") for secret in secrets]
        for display, path in list(self._objects.items()):
            try:
                payload = path.read_bytes()
            except OSError:
                continue
            if any(needle in payload for needle in needles):
                with contextlib.suppress(OSError):
                    path.unlink()
                self._lines.pop(_key(display), None)
                self._dirty = True
                del self._objects[display]

    def save(self) -> None:
        """Write the index if anything changed. Entries of files this run did not see
        are kept: another run (other paths, pre-commit's file list) may need them."""
        if not self._dirty or self.problem is not None:
            return
        header = json.dumps({"format": _INDEX_FORMAT, "written_ns": time.time_ns()})
        lines = [header, *(f"{key}\t{rest}" for key, rest in self._lines.items())]
        try:
            _atomic_write(self.folder / "index", "\n".join(lines).encode())
        except OSError as error:
            self._disable(error)

    def load_derivations(self, derivations: Derivations) -> None:
        """Give ``derivations`` what an earlier run of the same code derived."""
        with contextlib.suppress(OSError):
            derivations.load((self.folder / "derived.json").read_bytes())

    def save_derivations(self, derivations: Derivations) -> None:
        if derivations.learned and self.problem is None:
            with contextlib.suppress(OSError):
                _atomic_write(self.folder / "derived.json", derivations.dump())

    # --- internals -------------------------------------------------------------------------

    def _load_index(self) -> None:
        try:
            text = (self.folder / "index").read_bytes().decode()
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError):
            return  # unreadable or corrupt: start over
        header, _, body = text.partition("\n")
        try:
            document = json.loads(header)
            if document["format"] != _INDEX_FORMAT:
                return
            written = int(document["written_ns"])
        except (ValueError, KeyError, TypeError, RecursionError):
            return
        lines: dict[str, str] = {}
        for line in body.split("\n"):
            key, tab, rest = line.partition("\t")
            if tab:
                lines[key] = rest
        self._lines = lines
        self._written_ns = written

    def _entry(self, display: str) -> _Entry | None:
        """The index's (signature, content hash, kind) of a file; None when it has none or
        its line is malformed (a miss, like any other damage to the cache)."""
        rest = self._lines.get(_key(display))
        if rest is None:
            return None
        fields = rest.split(" ")
        if len(fields) != 6:
            return None
        try:
            signature = tuple(int(number) for number in fields[:4])
            kind = int(fields[5])
        except ValueError:
            return None
        return signature, fields[4], kind

    def _put(self, display: str, signature: tuple[int, ...], digest: str, kind: int) -> None:
        numbers = " ".join(str(number) for number in signature)
        self._lines[_key(display)] = f"{numbers} {digest} {kind}"
        self._dirty = True

    def _object_path(self, display: str, digest: str) -> Path:
        key = hashlib.blake2b(
            f"{display}\0{digest}".encode("utf-8", "surrogateescape"), digest_size=20
        ).hexdigest()
        return self.folder / "objects" / key[:2] / key

    def _disable(self, error: Exception) -> None:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        self.problem = f"result cache disabled: cannot write {self.folder} ({reason})"


#: A file's (stat signature, content hash, kind) in the index.
_Entry = tuple[tuple[int, ...], str, int]


def _key(display: str) -> str:
    """A path as the index writes it: JSON-encoded, so that no name (tabs, newlines,
    bytes that are not UTF-8) can break a line."""
    return json.dumps(display)


def remembered_project_literals(cache_dir: Path) -> list[bytes] | None:
    """The project rules' literals recorded by ``remember_project_literals`` for this
    brazelint's code, or None (none recorded, another version, unreadable)."""
    try:
        document = json.loads((cache_dir / _FORMAT / _PROJECT_LITERALS).read_bytes())
        if document["code"] != _code_fingerprint():
            return None
        return [bytes.fromhex(literal) for literal in document["literals"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def remember_project_literals(cache_dir: Path, literals: Sequence[bytes]) -> None:
    """Record ``literals`` (with any already recorded for this code: more literals only
    make an early search list more files) for ``repository_search.start_early_search``."""
    known = remembered_project_literals(cache_dir) or []
    if set(literals) <= set(known):
        return
    merged = sorted({*known, *literals})
    document = {"code": _code_fingerprint(), "literals": [literal.hex() for literal in merged]}
    with contextlib.suppress(OSError):
        _atomic_write(cache_dir / _FORMAT / _PROJECT_LITERALS, json.dumps(document).encode())


def namespace(plan: FilePlan, root: Path) -> str:
    """What every cached outcome depends on besides the file itself."""
    if plan.settings.tracking_plan is not None:
        # Only project rules read the plan's content; per file, only whether there is one
        # matters (BRZ407 runs or not), so editing the plan keeps the cache.
        present = TrackingPlan("(a tracking plan)")
        plan = dataclasses.replace(
            plan, settings=dataclasses.replace(plan.settings, tracking_plan=present)
        )
    parts = [__version__, _code_fingerprint(), _canonical(plan), str(root)]
    joined = "\0".join(parts).encode("utf-8", "surrogateescape")
    return hashlib.blake2b(joined, digest_size=16).hexdigest()


def _canonical(value: object) -> str:
    """A repr that does not depend on hash seeding: sets are sorted (a frozenset of rule
    IDs prints in a different order in every process)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        inner = ", ".join(
            f"{f.name}={_canonical(getattr(value, f.name))}" for f in dataclasses.fields(value)
        )
        return f"{type(value).__name__}({inner})"
    if isinstance(value, set | frozenset):
        return "{" + ", ".join(sorted(_canonical(item) for item in value)) + "}"
    if isinstance(value, dict):
        items = sorted(f"{_canonical(k)}: {_canonical(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_canonical(item) for item in value) + "]"
    return repr(value)


@cache
def _code_fingerprint() -> str:
    """Size and mtime of every module and catalog file of this brazelint, so that editing
    a rule or frontend without bumping the version invalidates the cache."""
    from brazelint.catalog import catalog_dir

    package = Path(__file__).parent
    seen: list[str] = []
    for folder, pattern in ((package, "*.py"), (catalog_dir(), "*.toml")):
        for path in sorted(folder.rglob(pattern)):
            try:
                info = path.stat()
            except OSError:
                continue
            seen.append(f"{path.name}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.blake2b("\n".join(seen).encode(), digest_size=16).hexdigest()


def _atomic_write(path: Path, payload: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place, so a reader
    (or a concurrent run) never sees half a file. (Named here rather than by ``tempfile``,
    whose import costs ~5 ms of every run for one name.)"""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".tmp-{os.getpid()}-{os.urandom(8).hex()}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)  # Windows
    fd = os.open(temporary, flags, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
