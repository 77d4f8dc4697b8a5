"""Per-file analysis for the language server, in a child process under the CLI's budgets.

The per-file time budget is enforced by a ``SIGALRM`` timer, which only the main thread of
a process receives (brazelint/budget.py). The server's main thread runs the event loop,
so the analysis runs in the main thread of a child process instead, like a CLI pool
worker: the timer works there, a hostile file's runaway parse or crash stays there, and
the editor's loop is never blocked. A child stuck in native code past the budget plus a
grace period is killed and replaced, and the file is reported as skipped.

One request is in flight at a time (the child analyses one file at a time); callers run
:meth:`AnalysisWorker.analyze` from a thread, never from the event loop.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from brazelint.analyzer import Analyzer, FileOutcome, FilePlan, Slimmer
from brazelint.discover import SourceFile
from brazelint.findings import Notification, NotificationLevel
from brazelint.languages import Language
from brazelint.pickling import dumps, loads_trusted
from brazelint.source import OversizeSource, UnreadableSource, read_source
from brazelint.workers import KILL_GRACE

#: Seconds the child may take to start and import the analysers before its first answer.
_START_GRACE = 30.0


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


def _serve(connection: Connection) -> None:
    """The child's loop: (plan, source, data) in, pickled outcome out, until None.

    Each outcome is slimmed as the CLI slims it (``analyzer_module.Slimmer``: what suppressions,
    redaction and the project rules read is kept): whole facts took longer to pickle and
    send back than a 300-line file takes to parse."""
    analyzer: Analyzer | None = None
    slim: Slimmer | None = None
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return  # the server went away
        if request is None:
            return
        plan, source, data = request
        if analyzer is None or slim is None or analyzer.plan != plan:
            analyzer = Analyzer(plan)
            slim = Slimmer(tuple(analyzer.rules.project_rules))
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
            connection = self._connection or self._start()
            try:
                connection.send((plan, source, data))
            except (OSError, ValueError):
                self._kill()
                return self._lost(source, "the analysis process had stopped")
            wait: float | None = None  # no time budget: as long as it takes
            if plan.file_timeout is not None:
                wait = plan.file_timeout + KILL_GRACE + (_START_GRACE if self._fresh else 0)
            try:
                ready = connection.poll(wait)
                if not ready:
                    self._kill()
                    return self._lost(
                        source,
                        f"took longer than {plan.file_timeout or 0:g} s to analyse; skipped",
                    )
                outcome = loads_trusted(connection.recv_bytes())
            except (EOFError, OSError):
                self._kill()
                return self._lost(source, "the analysis process died on this file; skipped")
            self._fresh = False
            return outcome if isinstance(outcome, FileOutcome) else None

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
