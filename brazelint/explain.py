"""``brazelint context PATH``: where each file's code runs, and why.

BRZ102 reports REST calls and REST keys only in client code, so users need to see (and,
with ``client-paths`` / ``server-paths`` in configuration, correct) what brazelint inferred.
Every discovered file is listed, whether or not it mentions Braze.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from brazelint.analyzer import DEFAULT_MAX_FILE_BYTES, parse_source
from brazelint.context import ContextOverride, infer_context
from brazelint.discover import discover, find_root
from brazelint.facts import FileContext, FileFacts
from brazelint.findings import Notification
from brazelint.languages import Language

#: Only JS/TS needs its facts (imports, globals, directives); other languages are decided by
#: their name, so they are not parsed.
_PARSED = frozenset({Language.JAVASCRIPT, Language.TYPESCRIPT, Language.TSX})


def explain_contexts(
    targets: Sequence[Path],
    root: Path | None = None,
    overrides: Sequence[ContextOverride] = (),
    excludes: Sequence[str] = (),
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> Iterator[tuple[str, FileContext]]:
    """``(path, context)`` for every file under ``targets``, in discovery order."""
    targets = tuple(targets) or (Path("."),)
    root = root or find_root(targets[0].resolve())
    for source in discover(targets, root, excludes).files:
        minimal = FileFacts(source.display, source.language)
        facts: FileFacts | None = None
        if source.language in _PARSED:
            try:
                with source.path.open("rb") as handle:
                    data = handle.read(max_file_bytes + 1)
            except OSError:
                data = b""
            if 0 < len(data) <= max_file_bytes:
                notes: list[Notification] = []
                facts = parse_source(source.display, source.language, data, notes, overrides)
        if facts is None:
            yield source.display, infer_context(minimal, overrides)
        else:
            yield source.display, facts.context


def format_context(path: str, context: FileContext) -> str:
    return f"{path}: {context.kind.value} ({context.reason})"
