"""End to end: the "apply fix" code action of `brazelint server`, with a real LSP client.

No rule of the catalog carries a fix the tests can use yet, so the server here is
tests/lsp_fixing_server.py: the real server with BRZ401's findings given a fix whose
applicability the file's name chooses (see there).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")

from lsprotocol import types as lsp  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

from tests.test_server_lsp import (  # noqa: E402
    PURCHASE,
    TIMEOUT,
    _change,
    _codes,
    _initialize,
    _open,
    _recording_client,
    _until,
    _version,
    close,
)

SERVER = Path(__file__).resolve().parent / "lsp_fixing_server.py"
RENAMED = '"order_viewed"'


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[sys.executable, str(SERVER)],
        client_factory=_recording_client,
    ),
)
async def client(lsp_client: LanguageClient):
    yield
    await close(lsp_client)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "app"
    root.mkdir()
    (root / ".git").mkdir()
    return root


async def _actions(
    client: LanguageClient, uri: str, diagnostic: lsp.Diagnostic
) -> list[lsp.CodeAction]:
    async with asyncio.timeout(TIMEOUT):
        found = await client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri),
                range=diagnostic.range,
                context=lsp.CodeActionContext(diagnostics=[diagnostic]),
            )
        )
    return [a for a in found or () if isinstance(a, lsp.CodeAction)]


def _apply(text: str, edits: list[lsp.TextEdit], encoding: str = "utf-16-le") -> str:
    """``text`` with single-line ``edits`` applied, columns counted in ``encoding``'s
    units (UTF-16 code units, or UTF-8 bytes)."""
    unit = 2 if encoding.startswith("utf-16") else 1
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))[::-1]:
        assert edit.range.start.line == edit.range.end.line
        raw = lines[edit.range.start.line].encode(encoding)
        start, end = edit.range.start.character * unit, edit.range.end.character * unit
        lines[edit.range.start.line] = (
            raw[:start] + edit.new_text.encode(encoding) + raw[end:]
        ).decode(encoding)
    return "\n".join(lines)


@pytest.mark.asyncio
async def test_a_safe_fix_is_offered_first_and_applying_it_clears_the_finding(
    client: LanguageClient, workspace: Path
) -> None:
    await _initialize(client, workspace)
    uri = _open(client, workspace / "safe.js", PURCHASE, "javascript")
    (found,) = (await _until(client, uri, _version(1))).diagnostics
    actions = await _actions(client, uri, found)
    fix = actions[0]
    assert fix.title == "Rename the event"
    assert fix.kind == lsp.CodeActionKind.QuickFix and fix.is_preferred
    assert list(fix.diagnostics or ()) == [found]
    assert fix.edit is not None and fix.edit.changes is not None
    (edit,) = fix.edit.changes[uri]
    assert edit.range == found.range and edit.new_text == RENAMED
    # The suppressions are still offered after it.
    assert [a.title for a in actions[1:]] == [
        "Suppress BRZ401 on this line",
        "Suppress BRZ401 in this file",
    ]
    fixed = _apply(PURCHASE, fix.edit.changes[uri])
    assert fixed == PURCHASE.replace('"purchase"', RENAMED)
    _change(client, uri, 2, fixed)
    assert _codes(await _until(client, uri, _version(2))) == []


@pytest.mark.asyncio
async def test_an_unsafe_fix_says_so_and_a_display_only_fix_is_never_an_edit(
    client: LanguageClient, workspace: Path
) -> None:
    await _initialize(client, workspace)
    unsafe = _open(client, workspace / "unsafe.js", PURCHASE, "javascript")
    (found,) = (await _until(client, unsafe, _version(1))).diagnostics
    fix = (await _actions(client, unsafe, found))[0]
    assert fix.title == "Rename the event (unsafe)" and not fix.is_preferred
    assert fix.edit is not None and fix.edit.changes is not None
    assert _apply(PURCHASE, fix.edit.changes[unsafe]) == PURCHASE.replace('"purchase"', RENAMED)

    display = _open(client, workspace / "display.js", PURCHASE, "javascript")
    (found,) = (await _until(client, display, _version(1))).diagnostics
    titles = [a.title for a in await _actions(client, display, found)]
    assert titles == ["Suppress BRZ401 on this line", "Suppress BRZ401 in this file"]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("offered", "encoding"),
    [(None, "utf-16-le"), ([lsp.PositionEncodingKind.Utf8], "utf-8")],
)
async def test_fix_positions_use_the_negotiated_encoding(
    client: LanguageClient,
    workspace: Path,
    offered: list[lsp.PositionEncodingKind] | None,
    encoding: str,
) -> None:
    await _initialize(client, workspace, encodings=offered)
    text = 'const s = "😀é"; braze.logCustomEvent("purchase", {price: 9});\n'
    uri = _open(client, workspace / "safe_emoji.js", text, "javascript")
    (found,) = (await _until(client, uri, _version(1))).diagnostics
    fix = (await _actions(client, uri, found))[0]
    assert fix.edit is not None and fix.edit.changes is not None
    (edit,) = fix.edit.changes[uri]
    prefix = text[: text.index('"purchase"')]
    unit = 2 if encoding.startswith("utf-16") else 1
    assert edit.range.start.character == len(prefix.encode(encoding)) // unit
    assert _apply(text, [edit], encoding) == text.replace('"purchase"', RENAMED)


@pytest.mark.asyncio
async def test_no_fix_is_offered_for_a_buffer_changed_since_its_analysis(
    client: LanguageClient, workspace: Path
) -> None:
    await _initialize(client, workspace)
    uri = _open(client, workspace / "safe.js", PURCHASE, "javascript")
    (found,) = (await _until(client, uri, _version(1))).diagnostics
    # A line added above: the finding's range is stale until version 2 is analysed, and
    # the request may arrive before that; the fix is then left out, never misplaced.
    _change(client, uri, 2, "// a comment\n" + PURCHASE)
    actions = await _actions(client, uri, found)
    for action in actions:
        if action.title == "Rename the event":
            assert action.edit is not None and action.edit.changes is not None
            (edit,) = action.edit.changes[uri]
            assert edit.range.start.line == 1  # only offered once version 2 is analysed
    now = (await _until(client, uri, _version(2))).diagnostics
    (fix,) = [a for a in await _actions(client, uri, now[0]) if a.title == "Rename the event"]
    assert fix.edit is not None and fix.edit.changes is not None
    assert fix.edit.changes[uri][0].range.start.line == 1
