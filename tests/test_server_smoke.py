"""The real `brazelint server` process, driven by pygls's own client: BRZ401 on open."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient


async def _first_diagnostics(folder: Path, text: str) -> list[lsp.Diagnostic]:
    client = LanguageClient("smoke", "1")
    received: asyncio.Queue[list[lsp.Diagnostic]] = asyncio.Queue()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def publish(params: lsp.PublishDiagnosticsParams) -> None:
        received.put_nowait(list(params.diagnostics))

    await client.start_io(sys.executable, "-m", "brazelint", "server")
    try:
        async with asyncio.timeout(60):  # a server that stops answering fails, never hangs
            await client.initialize_async(
                lsp.InitializeParams(
                    capabilities=lsp.ClientCapabilities(), root_uri=folder.as_uri()
                )
            )
            client.initialized(lsp.InitializedParams())
            item = lsp.TextDocumentItem(
                uri=(folder / "shop.js").as_uri(), language_id="javascript", version=1, text=text
            )
            client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=item))
            diagnostics = await received.get()
            await client.shutdown_async(None)
            client.exit(None)
            await client.stop()
    finally:
        process = client._server
        if process is not None and process.returncode is None:
            process.kill()
    return diagnostics


def test_purchase_as_custom_event_is_reported_with_its_range(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    text = 'braze.logCustomEvent("purchase", {price: 9});\n'
    diagnostics = asyncio.run(_first_diagnostics(tmp_path, text))
    assert [d.code for d in diagnostics] == ["BRZ401"]
    assert diagnostics[0].range == lsp.Range(
        start=lsp.Position(line=0, character=21), end=lsp.Position(line=0, character=31)
    )
