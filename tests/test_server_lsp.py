"""End to end: a real LSP client (pytest-lsp) against the real `brazelint server` process.

Each test gets its own server and workspace folder (function-scoped fixture and event loop:
a fixture on one loop and a test on another is what hung before). Every wait is bounded,
so a server that stops answering fails the test instead of hanging CI.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")

from lsprotocol import types as lsp  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features  # noqa: E402

#: Seconds any one wait may take (the first analysis starts the analysis process);
#: LSP_TEST_TIMEOUT shortens it while debugging a test that waits for what never comes.
TIMEOUT = int(os.environ.get("LSP_TEST_TIMEOUT", "60"))
PURCHASE = 'braze.logCustomEvent("purchase", {price: 9});\n'
LOG_PURCHASE = 'braze.logPurchase("sku-1", 9, "USD", 1);\n'
LEAK_PY = (
    "import requests\n\n"
    'BRAZE_REST_API_KEY = "f00dfeed-5eed-4b1d-9bad-decafc0ffee0"\n'
    'requests.post("https://rest.iad-01.braze.com/users/track", '
    'headers={"Authorization": f"Bearer {BRAZE_REST_API_KEY}"})\n'
)
SWIFT = """import BrazeKit

let configuration = Braze.Configuration(apiKey: "key", endpoint: "sdk.iad-01.braze.com")
"""
KOTLIN = """import com.braze.configuration.BrazeConfig

val config = BrazeConfig.Builder()
    .setApiKey("key")
    .setCustomEndpoint("sdk.iad-03.braze.com")
    .build()
"""


class RecordingClient(LanguageClient):
    """pytest-lsp's client, also keeping every diagnostics notification in order."""

    published: list[lsp.PublishDiagnosticsParams]


def _accept_registration(client: RecordingClient, params: lsp.RegistrationParams) -> None:
    """Accept the server's file watching registration, as editors do."""


def _recording_client() -> LanguageClient:
    client = RecordingClient()
    client.published = []
    features = dict(DEFAULT_CLIENT_FEATURES)
    keep_last = features[lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def publish(client: RecordingClient, params: lsp.PublishDiagnosticsParams) -> None:
        client.published.append(params)
        keep_last(client, params)

    features[lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[lsp.CLIENT_REGISTER_CAPABILITY] = _accept_registration
    register_lsp_features(client, features)
    return client


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "brazelint", "server"],
        client_factory=_recording_client,
    ),
)
async def client(lsp_client: LanguageClient):
    """A started server, not yet initialized (each test says how, see ``_initialize``);
    shut down cleanly afterwards, and the exit checked."""
    yield
    await close(lsp_client)


async def close(lsp_client: LanguageClient) -> None:
    """Shut a test's server down, killing it when it does not exit."""
    try:
        if lsp_client.capabilities is not None and lsp_client.error is None:
            async with asyncio.timeout(TIMEOUT):
                await lsp_client.shutdown_session()
    finally:
        # pytest-lsp then waits for the process to end, unbounded: a server that did not
        # exit (a test that failed before initializing, a hung shutdown) is killed first.
        process = lsp_client._server
        if process is not None and process.returncode is None:
            process.kill()
            async with asyncio.timeout(TIMEOUT):
                await process.wait()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "app"
    root.mkdir()
    (root / ".git").mkdir()
    return root


async def _initialize(
    client: LanguageClient,
    root: Path,
    *,
    settings: dict[str, Any] | None = None,
    encodings: list[lsp.PositionEncodingKind] | None = None,
) -> lsp.InitializeResult:
    capabilities = client_capabilities("visual-studio-code")
    if encodings is not None:
        capabilities.general = lsp.GeneralClientCapabilities(position_encodings=encodings)
    async with asyncio.timeout(TIMEOUT):
        return await client.initialize_session(
            lsp.InitializeParams(
                capabilities=capabilities,
                root_uri=root.as_uri(),
                workspace_folders=[lsp.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
                initialization_options={"settings": settings} if settings else None,
            )
        )


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


async def _until(
    client: LanguageClient,
    uri: str,
    wanted: Callable[[lsp.PublishDiagnosticsParams], bool],
    after: int = 0,
) -> lsp.PublishDiagnosticsParams:
    """The first diagnostics for ``uri`` published after the ``after``-th notification
    that ``wanted`` accepts."""
    published: list[lsp.PublishDiagnosticsParams] = client.published  # type: ignore[attr-defined]
    seen = after
    async with asyncio.timeout(TIMEOUT):
        while True:
            for params in published[seen:]:
                if params.uri == uri and wanted(params):
                    return params
            seen = len(published)
            await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)


def _version(number: int) -> Callable[[lsp.PublishDiagnosticsParams], bool]:
    return lambda params: params.version == number


def _codes(params: lsp.PublishDiagnosticsParams) -> list[str]:
    return [str(d.code) for d in params.diagnostics]


async def _apply_first_action(
    client: LanguageClient, uri: str, diagnostic: lsp.Diagnostic, text: str, title: str
) -> str:
    """Ask for the quick fixes of ``diagnostic``, apply the one whose title holds
    ``title`` to ``text`` (a single insertion at a line start) and return the result."""
    async with asyncio.timeout(TIMEOUT):
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri),
                range=diagnostic.range,
                context=lsp.CodeActionContext(diagnostics=[diagnostic]),
            )
        )
    assert actions is not None
    chosen = next(a for a in actions if isinstance(a, lsp.CodeAction) and title in a.title)
    assert chosen.edit is not None and chosen.edit.changes is not None
    (edit,) = chosen.edit.changes[uri]
    assert edit.range.start == edit.range.end and edit.range.start.character == 0
    lines = text.splitlines(keepends=True)
    row = edit.range.start.line
    return "".join([*lines[:row], edit.new_text, *lines[row:]])


@pytest.mark.asyncio
async def test_purchase_as_custom_event_is_reported_then_cleared_by_log_purchase(
    client: LanguageClient, workspace: Path
) -> None:
    result = await _initialize(client, workspace)
    assert result.capabilities.position_encoding == lsp.PositionEncodingKind.Utf16
    uri = _open(client, workspace / "shop.js", PURCHASE, "javascript")
    first = await _until(client, uri, _version(1))
    assert _codes(first) == ["BRZ401"]
    found = first.diagnostics[0]
    assert found.range == lsp.Range(
        start=lsp.Position(line=0, character=21), end=lsp.Position(line=0, character=31)
    )
    assert found.severity == lsp.DiagnosticSeverity.Warning
    assert found.source == "brazelint"
    assert found.code_description is not None and "BRZ401" in found.code_description.href

    _change(client, uri, 2, LOG_PURCHASE)
    assert _codes(await _until(client, uri, _version(2))) == []


@pytest.mark.asyncio
async def test_hover_shows_the_rule_documentation(client: LanguageClient, workspace: Path) -> None:
    await _initialize(client, workspace)
    uri = _open(client, workspace / "shop.js", PURCHASE, "javascript")
    await _until(client, uri, _version(1))
    async with asyncio.timeout(TIMEOUT):
        on_finding = await client.text_document_hover_async(
            lsp.HoverParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri),
                position=lsp.Position(line=0, character=25),
            )
        )
        elsewhere = await client.text_document_hover_async(
            lsp.HoverParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri),
                position=lsp.Position(line=1, character=0),
            )
        )
    assert on_finding is not None
    assert isinstance(on_finding.contents, lsp.MarkupContent)
    text = on_finding.contents.value
    assert "BRZ401" in text and "purchase-as-custom-event" in text
    assert "logPurchase" in text  # the rule's full documentation, not just its title
    assert elsewhere is None


@pytest.mark.asyncio
async def test_suppression_quick_fixes_silence_the_finding(
    client: LanguageClient, workspace: Path
) -> None:
    await _initialize(client, workspace)
    text = "function buy() {\n    " + PURCHASE + "}\n"
    uri = _open(client, workspace / "shop.js", text, "javascript")
    found = (await _until(client, uri, _version(1))).diagnostics[0]
    assert found.range.start.line == 1

    on_line = await _apply_first_action(client, uri, found, text, "on this line")
    assert on_line.splitlines()[1] == "    // brazelint: ignore-next-line[BRZ401]"
    _change(client, uri, 2, on_line)
    assert _codes(await _until(client, uri, _version(2))) == []

    in_file = await _apply_first_action(client, uri, found, text, "in this file")
    assert in_file.startswith("// brazelint: ignore-file[BRZ401]\n")
    _change(client, uri, 3, in_file)
    assert _codes(await _until(client, uri, _version(3))) == []


@pytest.mark.asyncio
async def test_swift_and_kotlin_on_different_clusters_give_the_region_finding(
    client: LanguageClient, workspace: Path
) -> None:
    await _initialize(client, workspace)
    swift_path, kotlin_path = workspace / "ios" / "Setup.swift", workspace / "android" / "Setup.kt"
    swift = _open(client, swift_path, SWIFT, "swift")
    await _until(client, swift, _version(1))
    kotlin = _open(client, kotlin_path, KOTLIN, "kotlin")
    await _until(client, kotlin, _version(1))

    def region(params: lsp.PublishDiagnosticsParams) -> bool:
        return "BRZ203" in _codes(params)

    # The tie between one iad-01 file and one iad-03 file goes to the first in path order
    # (android/ before ios/): the Swift file is reported, the Kotlin file is related.
    reported = await _until(client, swift, region)
    (finding,) = [d for d in reported.diagnostics if d.code == "BRZ203"]
    assert finding.severity == lsp.DiagnosticSeverity.Error
    line = SWIFT.splitlines()[2]
    assert finding.range.start == lsp.Position(line=2, character=line.index("sdk.iad-01"))
    assert finding.related_information
    (related,) = finding.related_information
    assert related.location.uri == kotlin_path.resolve().as_uri()
    assert related.location.range.start.line == 4
    assert "BRZ203" not in _codes(_latest(client, kotlin))

    # The quick fix's suppression silences it.
    suppressed = await _apply_first_action(client, swift, finding, SWIFT, "on this line")
    _change(client, swift, 2, suppressed)
    assert "BRZ203" not in _codes(await _until(client, swift, _version(2)))


def _latest(client: LanguageClient, uri: str) -> lsp.PublishDiagnosticsParams:
    published = client.published  # type: ignore[attr-defined]
    return next(p for p in reversed(published) if p.uri == uri)


@pytest.mark.asyncio
async def test_a_change_in_one_file_republishes_the_files_it_affects(
    client: LanguageClient, workspace: Path
) -> None:
    await _initialize(client, workspace)
    swift = _open(client, workspace / "ios" / "Setup.swift", SWIFT, "swift")
    kotlin = _open(client, workspace / "android" / "Setup.kt", KOTLIN, "kotlin")
    await _until(client, swift, lambda params: "BRZ203" in _codes(params))
    mark = len(client.published)  # type: ignore[attr-defined]

    _change(client, kotlin, 2, KOTLIN.replace("iad-03", "iad-01"))
    # Only the Kotlin file was edited; the Swift file's finding goes away all the same.
    cleared = await _until(client, swift, lambda params: "BRZ203" not in _codes(params), mark)
    assert cleared.version == 1


@pytest.mark.asyncio
async def test_project_rules_see_the_workspace_on_disk_from_start_up(
    client: LanguageClient, workspace: Path
) -> None:
    kotlin_path = workspace / "android" / "Setup.kt"
    kotlin_path.parent.mkdir()
    kotlin_path.write_text(KOTLIN)
    for n in range(60):  # enough files for progress reports
        (workspace / f"module{n}.js").write_text(f"export const n = {n};\n")
    await _initialize(client, workspace)
    swift = _open(client, workspace / "ios" / "Setup.swift", SWIFT, "swift")
    reported = await _until(client, swift, lambda params: "BRZ203" in _codes(params))
    (finding,) = [d for d in reported.diagnostics if d.code == "BRZ203"]
    assert finding.related_information
    assert finding.related_information[0].location.uri == kotlin_path.resolve().as_uri()

    # The start-up scan reported its progress, from begin to end.
    (reports,) = client.progress_reports.values()
    assert isinstance(reports[0], lsp.WorkDoneProgressBegin)
    assert any(isinstance(r, lsp.WorkDoneProgressReport) for r in reports)
    assert isinstance(reports[-1], lsp.WorkDoneProgressEnd)

    # The closed Kotlin file changes on disk: the open Swift file is republished.
    mark = len(client.published)  # type: ignore[attr-defined]
    kotlin_path.write_text(KOTLIN.replace("iad-03", "iad-01"))
    client.workspace_did_change_watched_files(
        lsp.DidChangeWatchedFilesParams(
            changes=[lsp.FileEvent(uri=kotlin_path.as_uri(), type=lsp.FileChangeType.Changed)]
        )
    )
    await _until(client, swift, lambda params: "BRZ203" not in _codes(params), mark)


WEB = 'import * as braze from "@braze/web-sdk";\n'
EVENTS = 'export const EVENTS = { ORDER: "purchase", SEEN: "item_seen" };\n'
PAGE = (
    WEB
    + 'import { EVENTS } from "./events";\n'
    + "braze.logCustomEvent(EVENTS.ORDER, { price: 9.99 });\n"
    + "braze.logCustomEvent(EVENTS.SEEN, { price: 9.99 });\n"
)
ANALYTICS = (
    WEB
    + "export function track(name: string, props?: object) {\n"
    + "  braze.logCustomEvent(name, props);\n}\n"
)
CHECKOUT = (
    'import { track } from "./analytics";\n'
    + 'export function done(o) { track("purchase", { price: o.total }); }\n'
    + 'export function seen() { track("page_seen"); }\n'
)


def _lines_of(params: lsp.PublishDiagnosticsParams, code: str) -> list[int]:
    return [d.range.start.line for d in params.diagnostics if d.code == code]


@pytest.mark.asyncio
async def test_editing_a_constants_module_republishes_the_file_importing_it(
    client: LanguageClient, workspace: Path
) -> None:
    (workspace / "src").mkdir()
    (workspace / "src" / "events.ts").write_text(EVENTS)  # on disk, not open
    await _initialize(client, workspace)
    page = _open(client, workspace / "src" / "page.ts", PAGE, "typescript")
    # The constant from the closed module, read at start-up, makes the first call a
    # purchase logged as a custom event.
    found = await _until(client, page, lambda params: _lines_of(params, "BRZ401") == [2])
    assert found.version == 1

    # The module's buffer changes (unsaved): the importer's finding follows it.
    events = _open(client, workspace / "src" / "events.ts", EVENTS, "typescript")
    await _until(client, events, _version(1))
    mark = len(client.published)  # type: ignore[attr-defined]
    _change(client, events, 2, EVENTS.replace('SEEN: "item_seen"', 'SEEN: "purchase"'))
    both = await _until(client, page, lambda params: _lines_of(params, "BRZ401") == [2, 3], mark)
    assert both.version == 1  # republished, though the page itself did not change
    mark = len(client.published)  # type: ignore[attr-defined]
    _change(client, events, 3, EVENTS.replace('ORDER: "purchase"', 'ORDER: "screen_viewed"'))
    await _until(client, page, lambda params: _lines_of(params, "BRZ401") == [], mark)

    # Editing the importer itself keeps seeing the module's buffer.
    _change(client, page, 2, PAGE + "braze.logCustomEvent(EVENTS.ORDER);\n")
    assert _lines_of(await _until(client, page, _version(2)), "BRZ401") == []


@pytest.mark.asyncio
async def test_editing_a_wrapper_republishes_its_call_sites(
    client: LanguageClient, workspace: Path
) -> None:
    (workspace / "src").mkdir()
    (workspace / "src" / "analytics.ts").write_text(ANALYTICS)
    await _initialize(client, workspace)
    checkout_path = workspace / "src" / "checkout.ts"
    checkout = _open(client, checkout_path, CHECKOUT, "typescript")
    # The call site has no Braze keyword of its own: the wrapper, found at start-up,
    # makes its `track("purchase", …)` a Braze call.
    found = await _until(client, checkout, lambda params: "BRZ401" in _codes(params))
    (diagnostic,) = found.diagnostics
    assert diagnostic.range.start.line == 1
    assert diagnostic.related_information
    related = diagnostic.related_information[0].location
    assert related.uri == (workspace / "src" / "analytics.ts").resolve().as_uri()
    assert related.range.start.line == 2

    # The wrapper stops calling Braze in its (unsaved) buffer: the call site clears.
    analytics = _open(client, workspace / "src" / "analytics.ts", ANALYTICS, "typescript")
    await _until(client, analytics, _version(1))
    mark = len(client.published)  # type: ignore[attr-defined]
    _change(client, analytics, 2, ANALYTICS.replace("braze.logCustomEvent", "console.log"))
    cleared = await _until(client, checkout, lambda params: not params.diagnostics, mark)
    assert cleared.version == 1

    # And comes back when the call site is edited to call it again after the wrapper does.
    _change(client, analytics, 3, ANALYTICS)
    await _until(client, checkout, lambda params: "BRZ401" in _codes(params), mark)
    _change(client, checkout, 2, CHECKOUT.replace('"page_seen"', '"purchase"'))
    again = await _until(client, checkout, _version(2))
    assert _lines_of(again, "BRZ401") == [1, 2]


@pytest.mark.asyncio
async def test_editing_the_swift_cluster_clears_the_region_finding_on_the_kotlin_file(
    client: LanguageClient, workspace: Path
) -> None:
    other = workspace / "ios" / "Widget.swift"
    other.parent.mkdir()
    other.write_text(SWIFT)  # a second iad-01 file, closed: iad-01 is the majority
    await _initialize(client, workspace)
    swift = _open(client, workspace / "ios" / "Setup.swift", SWIFT, "swift")
    kotlin = _open(client, workspace / "android" / "Setup.kt", KOTLIN, "kotlin")
    reported = await _until(client, kotlin, lambda params: "BRZ203" in _codes(params))
    assert reported.version == 1
    assert "BRZ203" not in _codes(_latest(client, swift))

    mark = len(client.published)  # type: ignore[attr-defined]
    _change(client, swift, 2, SWIFT.replace("iad-01", "iad-03"))
    # Only the Swift file was edited; the Kotlin file, now with the majority, clears.
    cleared = await _until(client, kotlin, lambda params: "BRZ203" not in _codes(params), mark)
    assert cleared.version == 1


@pytest.mark.asyncio
async def test_workspace_configuration_applies_and_is_reloaded(
    client: LanguageClient, workspace: Path
) -> None:
    config = workspace / "pyproject.toml"
    config.write_text('[project]\nname = "app"\n\n[tool.brazelint]\nignore = ["BRZ401"]\n')
    await _initialize(client, workspace)
    uri = _open(client, workspace / "shop.js", PURCHASE, "javascript")
    assert _codes(await _until(client, uri, _version(1))) == []

    mark = len(client.published)  # type: ignore[attr-defined]
    config.write_text('[tool.brazelint]\nseverity = { BRZ401 = "error" }\n')
    client.workspace_did_change_watched_files(
        lsp.DidChangeWatchedFilesParams(
            changes=[lsp.FileEvent(uri=config.as_uri(), type=lsp.FileChangeType.Changed)]
        )
    )
    now = await _until(client, uri, lambda params: bool(params.diagnostics), mark)
    assert _codes(now) == ["BRZ401"]
    assert now.diagnostics[0].severity == lsp.DiagnosticSeverity.Error


@pytest.mark.asyncio
async def test_a_broken_configuration_is_shown_and_the_rest_still_works(
    client: LanguageClient, workspace: Path
) -> None:
    (workspace / ".brazelint.toml").write_text('select = ["BRZ9999"]\n')
    await _initialize(client, workspace)
    uri = _open(client, workspace / "shop.js", PURCHASE, "javascript")
    assert _codes(await _until(client, uri, _version(1))) == ["BRZ401"]
    async with asyncio.timeout(TIMEOUT):
        while not client.messages:
            await client.wait_for_notification(lsp.WINDOW_SHOW_MESSAGE)
    (message,) = client.messages
    assert message.type == lsp.MessageType.Error
    assert ".brazelint.toml" in message.message and "BRZ9999" in message.message


@pytest.mark.asyncio
async def test_editor_settings_override_the_configuration_file(
    client: LanguageClient, workspace: Path
) -> None:
    (workspace / ".brazelint.toml").write_text('severity = { BRZ401 = "note" }\n')
    await _initialize(client, workspace, settings={"ignore": ["BRZ401"]})
    uri = _open(client, workspace / "shop.js", PURCHASE, "javascript")
    assert _codes(await _until(client, uri, _version(1))) == []

    mark = len(client.published)  # type: ignore[attr-defined]
    client.workspace_did_change_configuration(
        lsp.DidChangeConfigurationParams(settings={"brazelint": {"settings": {"select": ["BRZ4"]}}})
    )
    now = await _until(client, uri, lambda params: bool(params.diagnostics), mark)
    assert _codes(now) == ["BRZ401"]
    # The file's severity still applies where the editor says nothing about it.
    assert now.diagnostics[0].severity == lsp.DiagnosticSeverity.Information


@pytest.mark.asyncio
async def test_non_ascii_columns_are_utf16_by_default(
    client: LanguageClient, workspace: Path
) -> None:
    await _initialize(client, workspace)
    # A line separator and a form feed on the line before: LSP does not count them as
    # line breaks, so neither may the server.
    before = 'const a = "\u2028x\x0cy";\n'
    line = 'const s = "😀é"; braze.logCustomEvent("purchase", {price: 9});\n'
    uri = _open(client, workspace / "emoji.js", before + line, "javascript")
    (found,) = (await _until(client, uri, _version(1))).diagnostics
    start = line.index('"purchase"')
    # The emoji is one code point but two UTF-16 units; é is one unit.
    assert found.range.start == lsp.Position(line=1, character=start + 1)
    assert found.range.end == lsp.Position(line=1, character=start + 1 + len('"purchase"'))


@pytest.mark.asyncio
async def test_utf8_positions_when_the_client_offers_them(
    client: LanguageClient, workspace: Path
) -> None:
    result = await _initialize(client, workspace, encodings=[lsp.PositionEncodingKind.Utf8])
    assert result.capabilities.position_encoding == lsp.PositionEncodingKind.Utf8
    text = 'const s = "😀é"; braze.logCustomEvent("purchase", {price: 9});\n'
    uri = _open(client, workspace / "emoji.js", text, "javascript")
    (found,) = (await _until(client, uri, _version(1))).diagnostics
    prefix = text[: text.index('"purchase"')]
    assert found.range.start.character == len(prefix.encode("utf-8"))  # emoji 4, é 2


@pytest.mark.asyncio
async def test_a_stale_version_is_never_published(client: LanguageClient, workspace: Path) -> None:
    await _initialize(client, workspace)
    # Long enough that one analysis outlasts the burst of edits below reaching the server
    # (thousands of calls to parse, against a few small messages to read).
    body = "".join(f'braze.logCustomEvent("viewed_{n}", {{sku: "s{n}"}});\n' for n in range(1000))
    uri = _open(client, workspace / "shop.js", body, "javascript")
    assert _codes(await _until(client, uri, _version(1))) == []
    mark = len(client.published)  # type: ignore[attr-defined]
    for version in range(2, 12):  # typing faster than the analysis
        _change(client, uri, version, body + (PURCHASE if version % 2 else LOG_PURCHASE))
    last = await _until(client, uri, _version(11), mark)
    assert _codes(last) == ["BRZ401"]
    assert last.diagnostics[0].range.start.line == 1000
    # Anything still in flight would arrive with the answer to a later request.
    async with asyncio.timeout(TIMEOUT):
        await client.text_document_hover_async(
            lsp.HoverParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri),
                position=lsp.Position(line=0, character=0),
            )
        )
    await asyncio.sleep(0.5)
    published = client.published[mark:]  # type: ignore[attr-defined]
    # Only the newest version: the analysis running when the edits came was dropped, the
    # ones queued behind it never started.
    assert [p.version for p in published if p.uri == uri] == [11]


@pytest.mark.asyncio
async def test_malformed_and_enormous_documents_do_not_break_the_server(
    client: LanguageClient, workspace: Path
) -> None:
    await _initialize(client, workspace)
    bad = _open(
        client, workspace / "bad.js", "braze.logCustomEvent((((( {{{ \x00 '\n" * 50, "javascript"
    )
    await _until(client, bad, _version(1))
    huge = _open(client, workspace / "huge.js", "var x = 1;\n" * 1_200_000, "javascript")
    (skipped,) = (await _until(client, huge, _version(1))).diagnostics
    assert skipped.severity == lsp.DiagnosticSeverity.Information
    assert "larger than 10 MiB; skipped" in skipped.message
    # A buffer that is not a file, and text no file could hold (a lone surrogate).
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(
                uri="untitled:Untitled-1", language_id="javascript", version=1, text=PURCHASE
            )
        )
    )
    lone = _open(client, workspace / "lone.js", 'braze.logCustomEvent("\ud800");\n', "javascript")
    (undecodable,) = (await _until(client, lone, _version(1))).diagnostics
    assert "did not analyse this file" in undecodable.message
    after = _open(client, workspace / "after.js", PURCHASE, "javascript")
    assert _codes(await _until(client, after, _version(1))) == ["BRZ401"]


@pytest.mark.asyncio
async def test_shutdown_and_exit_are_clean(client: LanguageClient, workspace: Path) -> None:
    await _initialize(client, workspace)
    uri = _open(client, workspace / "shop.js", PURCHASE, "javascript")
    await _until(client, uri, _version(1))
    async with asyncio.timeout(TIMEOUT):
        await client.shutdown_session()
    assert client._server is not None and client._server.returncode == 0
    client.capabilities = None  # the fixture must not shut it down twice


@pytest.mark.asyncio
async def test_an_added_workspace_folder_is_scanned(
    client: LanguageClient, workspace: Path, tmp_path: Path
) -> None:
    await _initialize(client, workspace)
    other = tmp_path / "other"
    (other / "android").mkdir(parents=True)
    (other / ".git").mkdir()
    (other / "android" / "Setup.kt").write_text(KOTLIN)
    client.workspace_did_change_workspace_folders(
        lsp.DidChangeWorkspaceFoldersParams(
            event=lsp.WorkspaceFoldersChangeEvent(
                added=[lsp.WorkspaceFolder(uri=other.as_uri(), name="other")], removed=[]
            )
        )
    )
    swift = _open(client, other / "ios" / "Setup.swift", SWIFT, "swift")
    await _until(client, swift, lambda params: "BRZ203" in _codes(params))


@pytest.mark.asyncio
async def test_settings_are_pulled_when_the_notification_carries_none(
    client: LanguageClient, workspace: Path
) -> None:
    await _initialize(client, workspace)
    uri = _open(client, workspace / "shop.js", PURCHASE, "javascript")
    assert _codes(await _until(client, uri, _version(1))) == ["BRZ401"]
    mark = len(client.published)  # type: ignore[attr-defined]
    client.set_configuration({"settings": {"ignore": ["BRZ401"]}}, section="brazelint")
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=None))
    await _until(client, uri, lambda params: not params.diagnostics, mark)


@pytest.mark.asyncio
async def test_suppressions_are_written_in_each_language_s_comments(
    client: LanguageClient, workspace: Path
) -> None:
    await _initialize(client, workspace)
    cases = [
        ("welcome.liquid", "<p>Hi {{${first_name}}}.</p>\n", "liquid", "{% comment %}brazelint"),
        ("track.py", LEAK_PY, "python", "# brazelint"),
        (
            "res/values/braze.xml",
            '<?xml version="1.0" encoding="utf-8"?>\n<resources>\n'
            '  <string name="com_braze_custom_endpoint">sdk.iad-01.braze.com</string>\n'
            '  <string name="rn_braze_endpoint">sdk.iad-02.braze.com</string>\n'
            "</resources>\n",
            "xml",
            "<!-- brazelint",
        ),
    ]
    for name, text, language, prefix in cases:
        uri = _open(client, workspace / name, text, language)
        published = await _until(client, uri, _version(1))
        assert published.diagnostics, name
        found = published.diagnostics[0]
        in_file = await _apply_first_action(client, uri, found, text, "in this file")
        # After an XML declaration, which must stay first.
        first = 1 if text.startswith("<?xml") else 0
        assert in_file.splitlines()[first].startswith(prefix), name
        _change(client, uri, 2, in_file)
        assert [
            d for d in (await _until(client, uri, _version(2))).diagnostics if d.code == found.code
        ] == [], name


@pytest.mark.asyncio
async def test_a_hard_coded_key_never_reaches_the_editor_whole(
    client: LanguageClient, workspace: Path
) -> None:
    await _initialize(client, workspace)
    uri = _open(client, workspace / "track.py", LEAK_PY, "python")
    published = await _until(client, uri, _version(1))
    assert "BRZ101" in _codes(published)
    key = "f00dfeed-5eed-4b1d-9bad-decafc0ffee0"
    shown = [d.message for p in client.published for d in p.diagnostics]  # type: ignore[attr-defined]
    shown += [
        r.message
        for p in client.published
        for d in p.diagnostics
        for r in d.related_information or ()
    ]  # type: ignore[attr-defined]
    shown += [m.message for m in client.log_messages]
    assert shown and not any(key in text for text in shown)


@pytest.mark.asyncio
async def test_the_https_fix_of_brz204_is_a_quick_fix(
    client: LanguageClient, workspace: Path
) -> None:
    await _initialize(client, workspace)
    text = (
        "import BrazeKit\n\n"
        'let configuration = Braze.Configuration(apiKey: "key", '
        'endpoint: "http://sdk.iad-01.braze.com")\n'
    )
    uri = _open(client, workspace / "Setup.swift", text, "swift")
    published = await _until(client, uri, _version(1))
    (found,) = [d for d in published.diagnostics if d.code == "BRZ204"]
    async with asyncio.timeout(TIMEOUT):
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri),
                range=found.range,
                context=lsp.CodeActionContext(diagnostics=[found]),
            )
        )
    assert actions
    fix = actions[0]
    assert isinstance(fix, lsp.CodeAction)
    assert fix.title == "Replace `http://` with `https://`" and fix.is_preferred
    assert fix.edit is not None and fix.edit.changes is not None
    (edit,) = fix.edit.changes[uri]
    line = text.splitlines()[2]
    start = line.index("http://")
    assert edit.range == lsp.Range(
        start=lsp.Position(line=2, character=start),
        end=lsp.Position(line=2, character=start + len("http://")),
    )
    assert edit.new_text == "https://"
    fixed = text.replace("http://", "https://")
    _change(client, uri, 2, fixed)
    assert "BRZ204" not in _codes(await _until(client, uri, _version(2)))
