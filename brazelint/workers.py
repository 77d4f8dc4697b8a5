"""Running the per-file pipeline over many files: reading each file once, the result cache,
and a process pool when the work is big enough to pay for it.

The parent process reads every file and runs the keyword prefilter itself (both cost far
less than starting a process), so it knows how many files need a parse. Only when that
number reaches ``POOL_THRESHOLD`` and more than one job is allowed does it start worker
processes and hand them the files that passed, in small chunks, while it goes on reading.

A worker is a separate process, so whatever a hostile file does to a parser stays there:
a segfault (libcst and tree-sitter are native code), a parse that never returns from C,
memory blown up by a pathological input. Each worker publishes which file of its chunk it
is on; when a worker dies, or stays on one file past the time budget plus a grace period,
the parent kills it, reports that file in a notification, starts a new worker and hands
the rest of the chunk out again. Results are put back in discovery order, so the output
does not depend on scheduling.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brazelint.analyzer import Analyzer, FileOutcome, FilePlan, Mode, Slimmer
from brazelint.cache import ResultCache
from brazelint.cpus import default_jobs
from brazelint.discover import SourceFile
from brazelint.findings import Notification, NotificationLevel
from brazelint.pickling import dumps, loads_trusted
from brazelint.source import OversizeSource, UnreadableSource, read_source

if TYPE_CHECKING:
    from multiprocessing.connection import Connection


#: Files to scan from which the workers read and prefilter them too (the parent would
#: otherwise spend longer reading than the workers parsing).
BULK_THRESHOLD = 2000
BULK_CHUNK_FILES = 64
#: Files passing the prefilter before a pool is started. Below it the parent parses them
#: itself: starting workers (fork, importing a parser in each) costs about as much as
#: parsing a few dozen typical files (benchmarks/PERF-NOTES.md).
POOL_THRESHOLD = 48
#: A chunk is handed to a worker once it holds this many files or bytes.
CHUNK_FILES = 8
CHUNK_BYTES = 1 << 20
#: Seconds past the per-file time budget before a worker stuck in native code is killed
#: (the budget itself is enforced inside the worker, where it can only interrupt Python).
KILL_GRACE = 5.0
#: Bulk-mode workers on Linux come from a fork server rather than forking the parent
#: (see ``_Pool``); tests turn it off to reach workers with monkeypatches.
FRESH_FROM_FORKSERVER = True
#: How often the parent looks at busy workers while waiting for results.
_POLL = 0.25


class Runner:
    """Analyses files for one scan; use as a context manager so that workers are stopped
    and the cache is saved."""

    def __init__(
        self,
        analyzer: Analyzer,
        root: Path,
        jobs: int | None,
        cache_dir: Path | None,
        keep_facts: bool = False,
    ) -> None:
        self.analyzer = analyzer
        self.jobs = default_jobs() if jobs is None else max(1, jobs)
        #: What every outcome is cut down to (see ``run``).
        self.slim = Slimmer(tuple(analyzer.rules.project_rules), keep_whole=keep_facts)
        self.cache: ResultCache | None = None
        # The cache holds slimmed outcomes: a run that keeps whole facts cannot use it.
        if cache_dir is not None and not keep_facts:
            self.cache = ResultCache.open(cache_dir, analyzer.plan, root)
            self.cache.load_derivations(analyzer.rules.derivations)
        self._pool: _Pool | None = None
        #: Told (files done, files) as the scanned files (not the project pass's) finish.
        self.progress: Callable[[int, int], None] | None = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        if self.cache is not None:
            self.cache.save()
            self.cache.save_derivations(self.analyzer.rules.derivations)

    def note_cache(self, notifications: list[Notification]) -> None:
        if self.cache is not None and self.cache.problem is not None:
            notifications.append(Notification(None, self.cache.problem, NotificationLevel.NOTE))

    def analyze_data(self, source: SourceFile, data: bytes) -> FileOutcome:
        """One file whose bytes are already known (standard input); never cached."""
        limit = self.analyzer.plan.max_file_bytes
        if len(data) > limit:
            return _oversize(source, limit)
        return self.analyzer.analyze(source, data)

    def run(self, sources: Sequence[SourceFile], mode: Mode) -> list[FileOutcome]:
        """The outcome of every file that has something to say (facts, findings,
        notifications, matching rules), in the order given: on a large tree almost every
        file has nothing, and 50,000 empty outcomes would cost tens of megabytes. Each
        outcome is slimmed (``analyzer_module.Slimmer``) where it is made, before it is sent,
        cached or kept, so that what no later stage reads is never all in memory at once,
        nor pickled and unpickled for nothing."""
        slim = self.slim
        results: list[FileOutcome | None] = [None] * len(sources)
        progress = self.progress if mode is Mode.FULL else None
        finished = 0

        def tick() -> None:
            nonlocal finished
            finished += 1
            if progress is not None:
                progress(finished, len(sources))

        def finish(index: int, outcome: FileOutcome, digest: str | None) -> None:
            self._store(sources[index], signatures.get(index), outcome, digest)
            results[index] = outcome if _says_something(outcome) else _NOTHING
            tick()

        signatures: dict[int, tuple[int, ...] | None] = {}
        pending: list[_Item] = []
        chunk: list[_Item] = []
        chunk_bytes = 0
        cache = self.cache
        # Many files: reading and prefiltering them is itself worth sharing out, so the
        # workers get the paths and the parent only consults the cache.
        bulk = self.jobs > 1 and len(sources) >= BULK_THRESHOLD
        if bulk and self._pool is None:
            self._pool = _Pool(self.analyzer, self.jobs, slim, fresh=True)

        def submit(items: list[_Item]) -> None:
            """Hand ``items`` out and take in whatever has finished meanwhile."""
            assert self._pool is not None
            self._pool.submit(items)
            self._pool.poll(0)
            collect(self._pool.take())

        def collect(done: list[tuple[int, FileOutcome, str | None]]) -> None:
            # Workers slim what they send (_worker_main); the pool's own failure outcomes
            # hold no facts.
            for index, outcome, digest in done:
                finish(index, outcome, digest)

        for index, source in enumerate(sources):
            if cache is not None:
                signature = cache.signature(source)
                hit = cache.by_signature(source, signature)
                if hit is not None and (hit.complete or mode is Mode.PROJECT):
                    results[index] = hit if _says_something(hit) else _NOTHING
                    tick()
                    continue
                signatures[index] = signature
            if bulk:
                chunk.append(_Item(index, source, None, None, mode, cache is not None))
                if len(chunk) >= BULK_CHUNK_FILES:
                    submit(chunk)
                    chunk = []
                continue
            outcome, item = _prefilter(self.analyzer, source, mode, cache, signatures.get(index))
            if outcome is not None:
                finish(index, slim(outcome), item.digest if item else None)
                continue
            assert item is not None and item.data is not None
            item.index = index
            if self._pool is None and self.jobs > 1 and len(pending) + 1 >= POOL_THRESHOLD:
                self._pool = _Pool(self.analyzer, self.jobs, slim)
                chunk, chunk_bytes = list(pending), sum(len(i.data or b"") for i in pending)
                pending.clear()
            if self._pool is None:
                pending.append(item)
                continue
            chunk.append(item)
            chunk_bytes += len(item.data)
            if len(chunk) >= CHUNK_FILES or chunk_bytes >= CHUNK_BYTES:
                submit(chunk)
                chunk, chunk_bytes = [], 0

        if self._pool is not None:
            if chunk:
                submit(chunk)
            collect(self._pool.drain())
        for item in pending:
            outcome, digest = _process(self.analyzer, item)
            finish(item.index, slim(outcome), digest)
        return [
            # None: never answered (a bug); say so rather than lose the file silently.
            outcome if outcome is not None else FileOutcome(source.display, complete=False)
            for source, outcome in zip(sources, results, strict=True)
            if outcome is not _NOTHING
        ]

    def _store(
        self,
        source: SourceFile,
        signature: tuple[int, ...] | None,
        outcome: FileOutcome,
        digest: str | None,
    ) -> None:
        if self.cache is None:
            return
        if not outcome.needed:
            self.cache.store_no_project_rule(source, signature, digest)
        elif outcome.complete:
            self.cache.store(source, signature, digest, outcome)


#: Stands for an outcome with nothing in it (see ``Runner.run``).
_NOTHING = FileOutcome("")


def _says_something(outcome: FileOutcome) -> bool:
    return bool(
        outcome.facts is not None
        or outcome.findings
        or outcome.notifications
        or outcome.internal_error
        or outcome.rule_ids
        or outcome.parsed
        or outcome.undecodable
    )


def _prefilter(
    analyzer: Analyzer,
    source: SourceFile,
    mode: Mode,
    cache: ResultCache | None,
    signature: tuple[int, ...] | None,
) -> tuple[FileOutcome | None, _Item | None]:
    """Read ``source`` and run the prefilter: an outcome when that settles the file (a
    cache hit by content, no rule matches, unreadable), else the item to analyse."""
    try:
        data = read_source(source.fspath, analyzer.plan.max_file_bytes)
    except OversizeSource:
        return _oversize(source, analyzer.plan.max_file_bytes), None
    except UnreadableSource as error:
        return _unreadable(source, error), None
    digest = None
    if cache is not None:
        digest = _digest(data)
        hit = cache.by_digest(source, digest, signature)
        if hit is not None and (hit.complete or mode is Mode.PROJECT):
            return hit, None
    item = _Item(-1, source, data, None, mode, False, digest)
    rule_ids = analyzer.rule_ids(source, data, mode)
    if rule_ids is None:  # project mode: no project rule needs this file
        return FileOutcome(source.display, complete=False, needed=False), item
    if not rule_ids:
        return analyzer.analyze(source, data, rule_ids, mode), item
    item.rule_ids = rule_ids
    return None, item


def _process(analyzer: Analyzer, item: _Item) -> tuple[FileOutcome, str | None]:
    """Analyse one item, reading and prefiltering it first when the parent did not."""
    if item.data is None:
        try:
            item.data = read_source(item.source.fspath, analyzer.plan.max_file_bytes)
        except OversizeSource:
            return _oversize(item.source, analyzer.plan.max_file_bytes), None
        except UnreadableSource as error:
            return _unreadable(item.source, error), None
        if item.want_digest:
            item.digest = _digest(item.data)
    if item.rule_ids is None:
        rule_ids = analyzer.rule_ids(item.source, item.data, item.mode)
        if rule_ids is None:
            return FileOutcome(item.source.display, complete=False, needed=False), item.digest
        item.rule_ids = rule_ids
    return analyzer.analyze(item.source, item.data, item.rule_ids, item.mode), item.digest


def _digest(data: bytes) -> str:
    return ResultCache.digest(data)


def _unreadable(source: SourceFile, error: UnreadableSource) -> FileOutcome:
    # Not complete, so not cached: the file may be readable next time.
    return FileOutcome(
        source.display, notifications=[Notification(source.display, str(error))], complete=False
    )


def _oversize(source: SourceFile, limit: int) -> FileOutcome:
    return FileOutcome(
        source.display,
        notifications=[
            Notification(
                source.display,
                f"larger than {limit // (1024 * 1024)} MiB; skipped "
                "(raise the limit with --max-file-size)",
            )
        ],
    )


@dataclass
class _Item:
    index: int
    source: SourceFile
    #: None: the worker reads the file itself.
    data: bytes | None
    #: None: the worker runs the prefilter itself.
    rule_ids: tuple[str, ...] | None
    mode: Mode
    #: Hash the content for the cache (when the worker reads it).
    want_digest: bool = False
    digest: str | None = None


# --- the pool ------------------------------------------------------------------------------


@dataclass
class _Chunk:
    items: list[_Item]
    #: Times this chunk (or the chunk it was split from) was handed out again after a
    #: worker died outside any one file; bounded so a failure can never loop.
    retries: int = 0


@dataclass
class _Worker:
    process: Any  # multiprocessing.Process of whichever start method
    conn: Connection
    #: Index in the current chunk of the file being analysed (-1: between files).
    progress: Any  # a shared ctypes int
    chunk: _Chunk | None = None
    seen: int = -1
    since: float = field(default_factory=time.monotonic)


class _Pool:
    def __init__(
        self,
        analyzer: Analyzer,
        jobs: int,
        slim: Callable[[FileOutcome], FileOutcome],
        fresh: bool = False,
    ) -> None:
        # fork shares the parent's loaded rules and compiled prefilter with no start-up
        # cost; elsewhere (macOS, Windows) workers are spawned and rebuild them from the
        # picklable plan. ``fresh`` (a large tree, where the parent already holds the
        # discovered file list): workers come from a fork server that has imported
        # nothing, so they do not each carry a copy of the parent's memory; measured on
        # 50,000 files, 79 MB → 55 MB per worker for ~0.2 s of start-up, paid once.
        import multiprocessing  # only here: a run without a pool never needs it (~9 ms)

        linux = sys.platform.startswith("linux")
        method = ("forkserver" if fresh and FRESH_FROM_FORKSERVER else "fork") if linux else "spawn"
        self._context = multiprocessing.get_context(method)
        if method == "forkserver":
            self._context.set_forkserver_preload([])
        self._payload: Analyzer | FilePlan = analyzer if method == "fork" else analyzer.plan
        timeout = analyzer.plan.file_timeout
        self._kill_after = None if not timeout else timeout + KILL_GRACE
        self._queue: deque[_Chunk] = deque()
        self._done: list[tuple[int, FileOutcome, str | None]] = []
        #: Applied by workers to each outcome before sending it (picklable).
        self.slim = slim
        self._workers = [self._start() for _ in range(jobs)]

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        progress = self._context.RawValue("i", -1)
        process = self._context.Process(
            target=_worker_main, args=(child, progress, self._payload), daemon=True
        )
        process.start()
        child.close()
        return _Worker(process, parent, progress)

    def submit(self, items: list[_Item]) -> None:
        self._queue.append(_Chunk(items))
        self._dispatch()
        # Back-pressure: the parent reads faster than workers parse; holding every
        # passing file's bytes in the queue would cost memory for nothing.
        while len(self._queue) > 2 * len(self._workers):
            self.poll(_POLL)

    def _dispatch(self) -> None:
        for worker in self._workers:
            if not self._queue:
                return
            if worker.chunk is not None:
                continue
            chunk = self._queue.popleft()
            worker.chunk = chunk
            worker.seen = -1
            worker.since = time.monotonic()
            items = [
                (i.source, i.data, i.rule_ids, i.mode, i.want_digest, i.digest) for i in chunk.items
            ]
            message = (self.slim, items)
            try:
                worker.conn.send(message)
            except (OSError, ValueError):
                self._replace(worker, "the parser process could not be reached")

    def poll(self, timeout: float) -> None:
        """Collect finished chunks (waiting up to ``timeout`` seconds) and deal with dead
        or stuck workers."""
        busy = [w for w in self._workers if w.chunk is not None]
        if not busy:
            return
        from multiprocessing.connection import wait

        ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout)
        for worker in busy:
            if worker.conn in ready:
                try:
                    outcomes = loads_trusted(worker.conn.recv_bytes())
                except (EOFError, OSError):
                    self._replace(worker, _death(worker))
                    continue
                assert worker.chunk is not None
                for item, (outcome, digest) in zip(worker.chunk.items, outcomes, strict=True):
                    self._done.append((item.index, outcome, digest))
                worker.chunk = None
            elif worker.process.sentinel in ready:
                self._replace(worker, _death(worker))
            else:
                self._check_stuck(worker)
        self._dispatch()

    def _check_stuck(self, worker: _Worker) -> None:
        now = time.monotonic()
        position = worker.progress.value
        if position != worker.seen:
            worker.seen, worker.since = position, now
        elif self._kill_after is not None and now - worker.since > self._kill_after:
            worker.process.kill()
            worker.process.join()
            self._replace(worker, f"took longer than {self._kill_after:g} s and was stopped")

    def _replace(self, worker: _Worker, reason: str) -> None:
        """``worker`` is gone: report the file it was on, give the rest of its chunk to
        the others, and start a new worker in its place."""
        chunk = worker.chunk
        position = worker.progress.value
        with contextlib.suppress(Exception):
            worker.conn.close()
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        self._workers[self._workers.index(worker)] = self._start()
        if chunk is None:
            return
        items = chunk.items
        if 0 <= position < len(items):
            self._fail(items[position], reason)
            rest = items[:position] + items[position + 1 :]
            if rest:
                self._queue.appendleft(_Chunk(rest, chunk.retries))
        elif len(items) == 1 or chunk.retries >= 2:
            for item in items:
                self._fail(item, reason)
        else:
            # It died between files: retry them one by one to find the one at fault.
            for item in reversed(items):
                self._queue.appendleft(_Chunk([item], chunk.retries + 1))

    def _fail(self, item: _Item, reason: str) -> None:
        display = item.source.display
        self._done.append(
            (
                item.index,
                FileOutcome(
                    display,
                    rule_ids=item.rule_ids or (),
                    notifications=[Notification(display, f"{reason}; skipped")],
                    complete=False,
                ),
                None,
            )
        )

    def take(self) -> list[tuple[int, FileOutcome, str | None]]:
        """The results that came in since the last call."""
        done, self._done = self._done, []
        return done

    def drain(self) -> list[tuple[int, FileOutcome, str | None]]:
        """Wait for every submitted chunk; all results so far."""
        while self._queue or any(w.chunk is not None for w in self._workers):
            self.poll(_POLL)
        done, self._done = self._done, []
        return done

    def close(self) -> None:
        for worker in self._workers:
            with contextlib.suppress(Exception):
                worker.conn.send(None)
        deadline = time.monotonic() + 2.0
        for worker in self._workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            with contextlib.suppress(Exception):
                worker.conn.close()


def _death(worker: _Worker) -> str:
    worker.process.join(1.0)
    code = worker.process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return f"crashed the parser (signal {name})"
    return f"stopped the parser (exit code {code})"


def _worker_main(conn: Connection, progress: Any, payload: Analyzer | FilePlan) -> None:
    """A worker: analyse the chunks the parent sends until it sends None."""
    # Ctrl-C goes to the whole process group; the parent handles it and stops workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    analyzer = payload if isinstance(payload, Analyzer) else Analyzer(payload)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        slim, items = message
        outcomes = []
        for position, (source, data, rule_ids, mode, want_digest, digest) in enumerate(items):
            progress.value = position
            item = _Item(position, source, data, rule_ids, mode, want_digest, digest)
            outcome, found = _process(analyzer, item)
            outcomes.append((slim(outcome), found))
        progress.value = -1
        try:
            payload = dumps(outcomes)
        except Exception as error:  # an outcome that does not pickle is a bug, not a crash
            payload = dumps([(_unsendable(outcome, error), None) for outcome, _ in outcomes])
        try:
            conn.send_bytes(payload)
        except (OSError, EOFError):
            return


def _unsendable(outcome: FileOutcome, error: Exception) -> FileOutcome:
    return FileOutcome(
        outcome.display,
        notifications=[
            Notification(
                outcome.display,
                f"internal error: result could not be passed on ({type(error).__name__}); skipped",
                NotificationLevel.ERROR,
            )
        ],
        internal_error=True,
        complete=False,
    )
