"""End to end: a real LSP client (pytest-lsp) against the real `brazelint server` process."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest.skip(
    "the pytest-lsp fixture hangs here; test_server_smoke.py drives the server meanwhile",
    allow_module_level=True,
)
pytest_lsp = pytest.importorskip("pytest_lsp")

from lsprotocol import types as lsp  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

PURCHASE = 'braze.logCustomEvent("purchase", {price: 9});\n'


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "brazelint", "server"]),
)
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("workspace")
    (root / ".git").mkdir()
    lsp_client.workspace_root = root  # type: ignore[attr-defined]  # remembered for the tests
    capabilities = client_capabilities("visual-studio-code")
    await lsp_client.initialize_session(
        lsp.InitializeParams(capabilities=capabilities, root_uri=root.as_uri())
    )
    yield
    await lsp_client.shutdown_session()


def _open(client: LanguageClient, path: Path, text: str, language: str) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
        )
    )
    return uri


def _change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def _diagnostics(client: LanguageClient, uri: str) -> list[lsp.Diagnostic]:
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    while uri not in client.diagnostics:
        await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


@pytest.mark.asyncio(loop_scope="module")
async def test_purchase_as_custom_event_then_fixed(client: LanguageClient) -> None:
    path = client.workspace_root / "shop.js"  # type: ignore[attr-defined]
    uri = _open(client, path, PURCHASE, "javascript")
    diagnostics = await _diagnostics(client, uri)
    assert [d.code for d in diagnostics] == ["BRZ401"]
    found = diagnostics[0]
    assert found.range.start == lsp.Position(line=0, character=21)
    assert found.range.end == lsp.Position(line=0, character=31)
    assert found.code_description is not None and "BRZ401" in found.code_description.href

    hover = await client.text_document_hover_async(
        lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            position=lsp.Position(line=0, character=25),
        )
    )
    assert hover is not None and "BRZ401" in hover.contents.value  # type: ignore[union-attr]

    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=found.range,
            context=lsp.CodeActionContext(diagnostics=[found]),
        )
    )
    assert actions and "this line" in actions[0].title  # type: ignore[union-attr]
    edit = actions[0].edit.changes[uri][0]  # type: ignore[union-attr]
    assert "brazelint: ignore-next-line[BRZ401]" in edit.new_text
    del client.diagnostics[uri]
    _change(client, uri, 2, edit.new_text + PURCHASE)
    assert await _diagnostics(client, uri) == []

    del client.diagnostics[uri]
    _change(client, uri, 3, 'braze.logPurchase("sku-1", 9, "USD", 1);\n')
    assert await _diagnostics(client, uri) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_non_ascii_columns_are_utf16(client: LanguageClient) -> None:
    path = client.workspace_root / "emoji.js"  # type: ignore[attr-defined]
    text = 'const s = "😀"; braze.logCustomEvent("purchase", {price: 9});\n'
    uri = _open(client, path, text, "javascript")
    diagnostics = await _diagnostics(client, uri)
    assert [d.code for d in diagnostics] == ["BRZ401"]
    start = text.index('"purchase"')
    # The emoji is one code point but two UTF-16 units.
    assert diagnostics[0].range.start.character == start + 1


@pytest.mark.asyncio(loop_scope="module")
async def test_malformed_and_enormous_documents_do_not_break_the_server(
    client: LanguageClient,
) -> None:
    root = client.workspace_root  # type: ignore[attr-defined]
    bad = _open(
        client, root / "bad.js", "braze.logCustomEvent((((( {{{ \x00 '\n" * 50, "javascript"
    )
    await _diagnostics(client, bad)
    huge = _open(client, root / "huge.js", "var x = 1;\n" * 1_200_000, "javascript")
    assert await _diagnostics(client, huge) == []
    after = _open(client, root / "after.js", PURCHASE, "javascript")
    assert [d.code for d in await _diagnostics(client, after)] == ["BRZ401"]
