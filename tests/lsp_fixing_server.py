"""`brazelint server` with BRZ401 findings carrying a fix, for the code-action tests
(tests/test_server_lsp.py) until a rule of the catalog has one the tests can use.

Run as a script: the analysis child process (forkserver or spawn) imports this file as
its main module, so the patch below is made there too, where the rules run. The fix's
applicability follows the file name (``safe``, ``unsafe``, ``display`` in it), so one
server serves every case.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from brazelint.facts import FileFacts
from brazelint.findings import Applicability, Edit, Finding, Fix
from brazelint.rules.brz401_purchase_as_custom_event import PurchaseAsCustomEvent

_unpatched = PurchaseAsCustomEvent.check
#: The event name the injected fix writes instead of the one found.
REPLACEMENT = '"order_viewed"'


def _applicability(path: str) -> Applicability:
    name = Path(path).name
    if "unsafe" in name:
        return Applicability.UNSAFE
    if "display" in name:
        return Applicability.DISPLAY_ONLY
    return Applicability.SAFE


def _with_fix(self: PurchaseAsCustomEvent, facts: FileFacts) -> Iterator[Finding]:
    for finding in _unpatched(self, facts):
        span = finding.span
        line = facts.lines[span.line - 1] if span.line <= len(facts.lines) else ""
        original = line[span.col - 1 : span.end_col - 1] if span.line == span.end_line else ""
        fix = Fix(
            "Rename the event",
            (Edit(span, REPLACEMENT, original),),
            _applicability(finding.path),
        )
        yield dataclasses.replace(finding, fix=fix)


PurchaseAsCustomEvent.check = _with_fix  # type: ignore[method-assign]  # the test's patch

if __name__ == "__main__":
    from brazelint.server.main import run

    run()
