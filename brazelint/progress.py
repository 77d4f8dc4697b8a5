"""A progress line on stderr for a scan that takes a while: ``brazelint: 1,204/5,310
files``, rewritten in place, shown only once the scan has run for a second, and wiped when
it ends, so that a fast run prints nothing extra.

Only on a terminal, and never in CI (where stderr may be a pseudo-terminal, but a log
would fill with rewritten lines): not when stderr is not a TTY, not when a CI variable is
set, not with ``--quiet``. The clock is passed in, so tests drive it without waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import TextIO

#: Seconds a scan runs before the line appears.
DELAY = 1.0
#: Seconds between two rewrites of the line (a redraw per file would cost more than the
#: file on a fast scan).
INTERVAL = 0.1
#: Environment variables set by CI services (any value): no progress line there.
CI_VARIABLES = (
    "CI",
    "GITHUB_ACTIONS",
    "GITLAB_CI",
    "BUILDKITE",
    "CIRCLECI",
    "TRAVIS",
    "JENKINS_URL",
    "TEAMCITY_VERSION",
    "TF_BUILD",
    "BITBUCKET_BUILD_NUMBER",
    "CODEBUILD_BUILD_ID",
)
_CLEAR = "\r\x1b[K"


def wanted(stream: TextIO, environment: Mapping[str, str]) -> bool:
    """Whether a progress line belongs on ``stream``: a terminal, outside CI."""
    isatty = getattr(stream, "isatty", None)
    if isatty is None or not isatty():
        return False
    return not any(environment.get(name) for name in CI_VARIABLES)


class Progress:
    """Call ``update(done, total)`` as files finish and ``finish()`` at the end."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] | None = None) -> None:
        self._stream = stream
        self._clock = clock or time.monotonic
        self._start = self._clock()
        self._drawn_at: float | None = None

    def update(self, done: int, total: int) -> None:
        now = self._clock()
        if now - self._start < DELAY:
            return
        if self._drawn_at is not None and now - self._drawn_at < INTERVAL and done < total:
            return
        self._drawn_at = now
        self._stream.write(f"{_CLEAR}brazelint: {done:,}/{total:,} files")
        self._stream.flush()

    def finish(self) -> None:
        """Wipe the line, if one was drawn, so that what follows starts on a clean line."""
        if self._drawn_at is not None:
            self._stream.write(_CLEAR)
            self._stream.flush()
            self._drawn_at = None
