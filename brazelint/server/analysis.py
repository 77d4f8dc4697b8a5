"""Per-file analysis for the language server, in a child process under the CLI's budgets.

The per-file time budget is enforced by a ``SIGALRM`` timer, which only the main thread of
a process receives (brazelint/budget.py). The server's main thread runs the event loop,
so the analysis runs in the main thread of a child process instead, like a CLI pool
worker: the timer works there, a hostile file's runaway parse or crash stays there, and
the editor's loop is never blocked. A child stuck in native code past the budget plus a
grace period is killed and replaced, and the file is reported as skipped.

The child also runs the scan's second phase (brazelint/crossfile.py) for the workspace:
the files that call another file's wrapper or import its constants analysed again with
those summaries, from the editor's buffers where files are open. It keeps that phase's
outcomes in memory keyed on each file's bytes and the summaries it was analysed with, so a
refresh after one edit parses again only what the edit changed.

One request is in flight at a time (the child analyses one file at a time); callers run
:meth:`AnalysisWorker.analyze` and :meth:`AnalysisWorker.cross_file` from a thread, never
from the event loop.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from brazelint.analyzer import Analyzer, FileOutcome, FilePlan, Slimmer
from brazelint.crossfile import MAX_CALL_SITE_BYTES, CrossFile, cross_file, read_from_disk
from brazelint.discover import SourceFile
from brazelint.findings import Notification, NotificationLevel
from brazelint.languages import Language
from brazelint.pickling import dumps, loads_trusted
from brazelint.source import OversizeSource, UnreadableSource, read_source
from brazelint.workers import KILL_GRACE

#: Seconds the child may take to start and import the analysers before its first answer.
_START_GRACE = 30.0
#: What a file's lost analysis says, by why it was lost (see ``AnalysisWorker._ask``).
_FILE_LOST = {
    "stopped": "the analysis process had stopped",
    "died": "the analysis process died on this file; skipped",
    "timeout": "took longer than {:g} s to analyse; skipped",
}
_CROSS_LOST = {
    "stopped": "the analysis process had stopped",
    "died": "the analysis process died in the cross-file analysis",
    "timeout": "the cross-file analysis took longer than its files' budgets",
}


def oversize(source: SourceFile, limit: int) -> FileOutcome:
    """The outcome of a file over the size budget (the CLI's wording)."""
    return FileOutcome(
        source.display,
        notifications=[
            Notification(
                source.display,
                f"larger than {limit // (1024 * 1024)} MiB; skipped "
                "(raise the limit with --max-file-size)",
            )
        ],
        complete=False,
    )


def analyze_here(analyzer: Analyzer, source: SourceFile, data: bytes | None) -> FileOutcome:
    """One file's outcome in this process. ``data``: the editor's buffer; None: read the
    file from disk."""
    limit = analyzer.plan.max_file_bytes
    if data is None:
        try:
            data = read_source(source.fspath, limit)
        except OversizeSource:
            return oversize(source, limit)
        except UnreadableSource as error:
            return FileOutcome(
                source.display,
                notifications=[Notification(source.display, str(error))],
                complete=False,
            )
    if len(data) > limit:
        return oversize(source, limit)
    return analyzer.analyze(source, data)


@dataclass(frozen=True)
class CrossRequest:
    """The second phase over a workspace: ``files`` (all of them, for module paths),
    ``outcomes`` (the first phase's, those with wrappers or wanting constants), the open
    buffers by display path, and ``only`` (None: every file)."""

    plan: FilePlan
    files: tuple[SourceFile, ...]
    outcomes: tuple[FileOutcome, ...]
    buffers: Mapping[str, bytes]
    only: frozenset[str] | None


class MemoryCache:
    """The second phase's cache in the child: the latest outcome of each entry, by the
    digest of what it was computed from (``ResultCache``'s interface, without a disk)."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, FileOutcome]] = {}

    def by_digest(
        self, source: SourceFile, digest: str, signature: tuple[int, ...] | None
    ) -> FileOutcome | None:
        entry = self._entries.get(source.display)
        return entry[1] if entry is not None and entry[0] == digest else None

    def store(
        self,
        source: SourceFile,
        signature: tuple[int, ...] | None,
        digest: str | None,
        outcome: FileOutcome,
    ) -> None:
        if digest is not None:
            self._entries[source.display] = (digest, outcome)


def _cross(
    analyzer: Analyzer, slim: Slimmer, cache: MemoryCache, request: CrossRequest
) -> CrossFile:
    buffers = request.buffers

    def read(source: SourceFile) -> bytes | None:
        data = buffers.get(source.display)
        if data is None:
            return read_from_disk(source)
        return None if len(data) > MAX_CALL_SITE_BYTES else data

    try:
        return cross_file(
            analyzer, request.files, request.outcomes, cache, slim, read, request.only
        )
    except Exception as error:  # a bug costs the second phase, not the child
        return CrossFile(
            notifications=[
                Notification(
                    None,
                    f"internal error in the cross-file analysis ({type(error).__name__}: "
                    f"{error}); the files' own analyses stand",
                    NotificationLevel.ERROR,
                )
            ],
            internal_error=True,
        )


def _serve(connection: Connection) -> None:
    """The child's loop: (plan, source, data) in, pickled outcome out, until None.

    Each outcome is slimmed as the CLI slims it (``analyzer_module.Slimmer``: what suppressions,
    redaction and the project rules read is kept): whole facts took longer to pickle and
    send back than a 300-line file takes to parse."""
    analyzer: Analyzer | None = None
    slim: Slimmer | None = None
    cache = MemoryCache()
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return  # the server went away
        if request is None:
            return
        if isinstance(request, CrossRequest):
            plan = request.plan
        else:
            plan, source, data = request
        if analyzer is None or slim is None or analyzer.plan != plan:
            analyzer = Analyzer(plan)
            slim = Slimmer(tuple(analyzer.rules.project_rules))
            cache = MemoryCache()
        if isinstance(request, CrossRequest):
            connection.send_bytes(dumps(_cross(analyzer, slim, cache, request)))
            continue
        try:
            outcome = slim(analyze_here(analyzer, source, data))
        except Exception as error:  # a bug must cost one file, not the child
            outcome = FileOutcome(
                source.display,
                notifications=[
                    Notification(
                        source.display,
                        f"internal error ({type(error).__name__}: {error}); skipped",
                        NotificationLevel.ERROR,
                    )
                ],
                internal_error=True,
                complete=False,
            )
        connection.send_bytes(dumps(outcome))


class AnalysisWorker:
    """A child process that analyses one file at a time; replaced when it dies or hangs."""

    def __init__(self, context_name: str | None = None) -> None:
        methods = multiprocessing.get_all_start_methods()
        # Not fork: the server has threads (pygls reads stdin in one), and a forked child
        # of a threaded process may inherit a held lock.
        name = context_name or ("forkserver" if "forkserver" in methods else "spawn")
        self._context = multiprocessing.get_context(name)
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None
        self._fresh = True
        self._closed = False

    def _start(self) -> Connection:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_serve, args=(child,), name="brazelint-analysis", daemon=True
        )
        process.start()
        child.close()
        self._process, self._connection, self._fresh = process, parent, True
        return parent

    def _kill(self) -> None:
        if self._connection is not None:
            self._connection.close()
        if self._process is not None:
            self._process.kill()
            self._process.join(5)
        self._process = self._connection = None

    def analyze(
        self,
        plan: FilePlan,
        source: SourceFile,
        data: bytes | None,
        still_wanted: Callable[[], bool] = lambda: True,
    ) -> FileOutcome | None:
        """The outcome of ``source`` (from ``data``, or from disk when None); None when
        ``still_wanted()`` says, once the child is free, that a newer version superseded
        this one, or when the worker has been closed."""
        with self._lock:
            if self._closed or not still_wanted():
                return None
            if data is not None and len(data) > plan.max_file_bytes:
                return oversize(source, plan.max_file_bytes)  # not worth sending
            wait: float | None = None  # no time budget: as long as it takes
            if plan.file_timeout is not None:
                wait = plan.file_timeout + KILL_GRACE
            answer = self._ask((plan, source, data), wait)
            if isinstance(answer, str):
                return self._lost(source, _FILE_LOST[answer].format(plan.file_timeout or 0))
            return answer if isinstance(answer, FileOutcome) else None

    def cross_file(
        self,
        plan: FilePlan,
        files: Sequence[SourceFile],
        outcomes: Sequence[FileOutcome],
        buffers: Mapping[str, bytes],
        only: frozenset[str] | None,
        still_wanted: Callable[[], bool] = lambda: True,
    ) -> CrossFile | None:
        """The second phase (see :class:`CrossRequest`); None when no longer wanted or
        the worker is closed. Each file it analyses again has the per-file budget; a child
        stuck past all of them together is replaced and the phase reported as lost."""
        with self._lock:
            if self._closed or not still_wanted():
                return None
            request = CrossRequest(plan, tuple(files), tuple(outcomes), dict(buffers), only)
            wait: float | None = None
            if plan.file_timeout is not None:
                count = len(only) if only is not None else len(files)
                wait = (plan.file_timeout + KILL_GRACE) * (count + 1)
            answer = self._ask(request, wait)
            if isinstance(answer, str):
                message = f"{_CROSS_LOST[answer]}; the files' own analyses stand"
                return CrossFile(
                    notifications=[Notification(None, message, NotificationLevel.ERROR)],
                    internal_error=True,
                )
            return answer if isinstance(answer, CrossFile) else None

    def _ask(self, request: object, wait: float | None) -> object:
        """Send ``request`` to the child and return its answer, or why there is none:
        "stopped" (it could not be sent), "died", or "timeout" (longer than ``wait``
        seconds, plus the child's start-up when it is new). Called with the lock held."""
        connection = self._connection or self._start()
        try:
            connection.send(request)
        except (OSError, ValueError):
            self._kill()
            return "stopped"
        if wait is not None and self._fresh:
            wait += _START_GRACE
        try:
            if not connection.poll(wait):
                self._kill()
                return "timeout"
            answer = loads_trusted(connection.recv_bytes())
        except (EOFError, OSError):
            self._kill()
            return "died"
        self._fresh = False
        return answer

    def warm_up(self, plan: FilePlan) -> None:
        """Start the child and build its analyser now, so the first file opened does not
        wait for that (about two seconds on a small machine)."""
        self.analyze(plan, SourceFile("warm-up.js", "warm-up.js", Language.JAVASCRIPT), b"")

    @staticmethod
    def _lost(source: SourceFile, message: str) -> FileOutcome:
        return FileOutcome(
            source.display,
            notifications=[Notification(source.display, message, NotificationLevel.ERROR)],
            complete=False,
        )

    def close(self) -> None:
        """Stop the child at once, even in the middle of a file (the server is shutting
        down: the answer is not wanted); later calls of ``analyze`` return None."""
        self._closed = True
        process = self._process
        if process is not None:
            process.kill()
            process.join(5)
