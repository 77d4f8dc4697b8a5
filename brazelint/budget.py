"""Per-file budgets of time and memory, enforced wherever a file is analysed.

A malformed file must cost at most its budget, in a pool worker, in a single-process run
(one named file, pre-commit, ``--jobs 1``) and in the editor alike. Two kinds of code run
while a file is analysed, and each needs its own check:

- Python (the walkers, the rules): a ``SIGALRM`` timer ticks every ``TICK`` seconds while
  a budget is applied in the main thread, and its handler raises :class:`Exceeded` once
  the time is up or the process's resident memory grew past the allowance. A signal cannot
  interrupt C code, so:
- tree-sitter's parse (native code, where two mutants of one of our Kotlin fixtures ran
  for minutes and past 1.3 GB): the parse is given ``progress_callback``, which tree-sitter
  calls every few hundred bytes of progress and which cancels the parse by returning True.
  ``progress()`` gives that callback for the budget in force.

The budget in force lives in a ``ContextVar``: set for the length of one file's analysis
by ``enforced``, read by the parser wrapper, never shared between threads.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

#: Seconds between two checks of the Python-side budget.
TICK = 0.05
#: Progress callbacks between two reads of the resident memory (a read costs ~5 µs; the
#: parser calls back about every 250 bytes).
_MEMORY_EVERY = 64
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class Exceeded(BaseException):
    """A file ran out of its budget. A BaseException, so that a frontend's or a rule's
    ``except Exception`` cannot swallow it; ``what`` is ``"time"`` or ``"memory"``."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


@dataclass(frozen=True)
class Budget:
    """Wall-clock seconds and bytes of memory growth one file may take (None: unlimited)."""

    seconds: float | None = None
    memory_bytes: int | None = None

    @property
    def limited(self) -> bool:
        return bool(self.seconds) or bool(self.memory_bytes)


def resident_bytes() -> int | None:
    """This process's resident memory, or None where it cannot be read cheaply (only
    Linux's ``/proc`` can; elsewhere the memory budget is not enforced)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


@dataclass
class _Running:
    deadline: float | None
    memory_ceiling: int | None
    calls: int = 0
    exceeded: str | None = field(default=None)
    #: Inside native code that calls back into Python (the parse): the timer must not
    #: raise there (an exception from a callback breaks the C caller); the callback
    #: cancels the parse instead.
    native: bool = False

    def check(self, memory: bool = True) -> str | None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.exceeded = "time"
        elif memory and self.memory_ceiling is not None:
            resident = resident_bytes()
            if resident is not None and resident > self.memory_ceiling:
                self.exceeded = "memory"
        return self.exceeded

    def on_progress(self, offset: int, has_error: bool) -> bool:
        self.calls += 1
        return self.check(memory=self.calls % _MEMORY_EVERY == 0) is not None


_RUNNING: ContextVar[_Running | None] = ContextVar("brazelint_file_budget", default=None)


@contextmanager
def enforced(budget: Budget) -> Iterator[None]:
    """Analyse one file within ``budget``: raises :class:`Exceeded` from Python code (main
    thread only, where signals are delivered) and cancels tree-sitter parses (any thread)
    once it runs out."""
    if not budget.limited:
        yield
        return
    resident = resident_bytes() if budget.memory_bytes else None
    running = _Running(
        deadline=time.monotonic() + budget.seconds if budget.seconds else None,
        memory_ceiling=resident + budget.memory_bytes if resident and budget.memory_bytes else None,
    )
    token = _RUNNING.set(running)
    timer = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    previous = None
    if timer:

        def tick(signum: int, frame: object) -> None:
            what = running.check()
            if what is not None and not running.native:
                raise Exceeded(what)

        previous = signal.signal(signal.SIGALRM, tick)
        signal.setitimer(signal.ITIMER_REAL, TICK, TICK)
    try:
        yield
        if running.exceeded is not None:
            raise Exceeded(running.exceeded)  # a cancelled parse that was caught below us
    finally:
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        _RUNNING.reset(token)


@contextmanager
def native_parse() -> Iterator[Callable[[int, bool], bool] | None]:
    """Around a tree-sitter parse: gives its ``progress_callback`` under the budget in
    force (None when no budget is), and keeps the timer from raising inside it."""
    running = _RUNNING.get()
    if running is None:
        yield None
        return
    running.native = True
    try:
        yield running.on_progress
    finally:
        running.native = False


def exceeded() -> str | None:
    """What the budget in force ran out of (``"time"``/``"memory"``), or None."""
    running = _RUNNING.get()
    return None if running is None else running.exceeded
