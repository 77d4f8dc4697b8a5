"""A Language Server Protocol server over stdio: diagnostics from the unsaved buffer,
suppression quick fixes and rule docs on hover. Analysis runs in a worker thread so the
editor is never blocked; a result for an older document version is dropped."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from brazelint.catalog import load_catalog
from brazelint.config import ConfigError, find_config, load_file, resolve
from brazelint.discover import find_root
from brazelint.engine import DEFAULT_MAX_FILE_BYTES, ScanOptions, scan
from brazelint.findings import Finding, Severity

_DEBOUNCE_SECONDS = 0.05
_SEVERITIES = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.NOTE: lsp.DiagnosticSeverity.Information,
}
_HASH_COMMENT = (".py", ".rb", ".sh", ".yml", ".yaml", ".toml")
_XML_COMMENT = (".xml", ".plist", ".html")


class BrazelintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("brazelint", "0.1")
        self.catalog = load_catalog()
        self.versions: dict[str, int] = {}
        self.findings: dict[str, list[Finding]] = {}
        self.pending: set[asyncio.Future[None]] = set()
        self.analysis_lock = threading.Lock()  # scans share the signal-based time budget


server = BrazelintServer()


def _options(path: Path, text: str) -> ScanOptions:
    start = path.parent if path.parent.is_dir() else Path.cwd()
    root = find_root(start)
    catalog = load_catalog()
    found = find_config(start)
    try:
        layers = [load_file(found, catalog)] if found is not None else []
        config = resolve(layers, catalog)
    except ConfigError:  # a broken config while it is being edited: defaults meanwhile
        config = resolve([], catalog)
    return ScanOptions(
        targets=(path,),
        enabled=config.enabled,
        root=root,
        excludes=config.excludes,
        severity_overrides=config.severity_overrides,
        settings=config.settings,
        max_file_bytes=DEFAULT_MAX_FILE_BYTES,
        per_file_ignores=config.per_file_ignores,
        context_overrides=config.context_overrides,
        stdin=(path, text.encode("utf-8", "surrogatepass")),
        file_timeout=None,  # SIGALRM works only on the main thread; size budget still applies
    )


def analyse_text(path: Path, text: str) -> list[Finding]:
    """Findings of the buffer ``text`` as the file at ``path`` (unsuppressed only)."""
    if len(text.encode("utf-8", "surrogatepass")) > DEFAULT_MAX_FILE_BYTES:
        return []
    result = scan(_options(path, text))
    own = path.resolve()
    return [
        f
        for f in result.findings
        if f.suppressed_by is None and (result.root / f.path).resolve() == own
    ]


def _utf16_col(line: str, col: int) -> int:
    return len(line[:col].encode("utf-16-le")) // 2


def _position(lines: list[str], line: int, col: int, utf16: bool) -> lsp.Position:
    row = max(line - 1, 0)
    character = max(col - 1, 0)
    if utf16 and row < len(lines):
        character = _utf16_col(lines[row], character)
    elif not utf16 and row < len(lines):
        character = len(lines[row][:character].encode("utf-8"))
    return lsp.Position(line=row, character=character)


def _diagnostic(
    ls: BrazelintServer, finding: Finding, lines: list[str], root: Path
) -> lsp.Diagnostic:
    utf16 = ls.workspace.position_encoding != lsp.PositionEncodingKind.Utf8
    span = finding.span
    entry = ls.catalog.get(finding.rule_id)
    related = [
        lsp.DiagnosticRelatedInformation(
            location=lsp.Location(
                uri=(root / r.path).resolve().as_uri(),
                range=lsp.Range(
                    start=lsp.Position(
                        line=max(r.span.line - 1, 0), character=max(r.span.col - 1, 0)
                    ),
                    end=lsp.Position(
                        line=max(r.span.end_line - 1, 0), character=max(r.span.end_col - 1, 0)
                    ),
                ),
            ),
            message=r.message,
        )
        for r in finding.related
    ]
    return lsp.Diagnostic(
        range=lsp.Range(
            start=_position(lines, span.line, span.col, utf16),
            end=_position(lines, span.end_line, span.end_col, utf16),
        ),
        message=finding.message,
        severity=_SEVERITIES.get(finding.severity, lsp.DiagnosticSeverity.Warning),
        code=finding.rule_id,
        code_description=lsp.CodeDescription(href=entry.help_uri) if entry else None,
        source="brazelint",
        related_information=related or None,
    )


async def _publish(ls: BrazelintServer, uri: str, version: int) -> None:
    await asyncio.sleep(_DEBOUNCE_SECONDS)
    if ls.versions.get(uri) != version:
        return  # a newer edit arrived; its own task analyses it
    document = ls.workspace.get_text_document(uri)
    text = document.source
    path = Path(document.path)

    def work() -> list[Finding]:
        with ls.analysis_lock:
            try:
                return analyse_text(path, text)
            except Exception as error:  # a bug in one rule must not kill the server
                ls.window_log_message(
                    lsp.LogMessageParams(type=lsp.MessageType.Error, message=f"{path}: {error}")
                )
                return []

    findings = await asyncio.get_running_loop().run_in_executor(None, work)
    if ls.versions.get(uri) != version:
        return  # stale
    ls.findings[uri] = findings
    lines = text.splitlines()
    root = find_root(path.parent if path.parent.is_dir() else Path.cwd())
    ls.text_document_publish_diagnostics(
        lsp.PublishDiagnosticsParams(
            uri=uri,
            version=version,
            diagnostics=[_diagnostic(ls, f, lines, root) for f in findings],
        )
    )


def _schedule(ls: BrazelintServer, uri: str, version: int | None) -> None:
    number = version if version is not None else ls.versions.get(uri, 0) + 1
    ls.versions[uri] = number
    task = asyncio.ensure_future(_publish(ls, uri, number))
    ls.pending.add(task)  # held until done, so the loop cannot drop it
    task.add_done_callback(ls.pending.discard)


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: BrazelintServer, params: lsp.DidOpenTextDocumentParams) -> None:
    _schedule(ls, params.text_document.uri, params.text_document.version)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: BrazelintServer, params: lsp.DidChangeTextDocumentParams) -> None:
    _schedule(ls, params.text_document.uri, params.text_document.version)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: BrazelintServer, params: lsp.DidSaveTextDocumentParams) -> None:
    _schedule(ls, params.text_document.uri, None)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: BrazelintServer, params: lsp.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.versions.pop(uri, None)
    ls.findings.pop(uri, None)
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def _comment(path: str, body: str) -> str:
    if path.endswith(_HASH_COMMENT):
        return f"# {body}"
    if path.endswith(_XML_COMMENT):
        return f"<!-- {body} -->"
    return f"// {body}"


def _insertion(
    title: str, diagnostic: lsp.Diagnostic, uri: str, row: int, text: str
) -> lsp.CodeAction:
    """A quick fix that inserts ``text`` at the start of line ``row``."""
    start = lsp.Position(line=row, character=0)
    return lsp.CodeAction(
        title=title,
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=lsp.WorkspaceEdit(
            changes={uri: [lsp.TextEdit(range=lsp.Range(start=start, end=start), new_text=text)]}
        ),
    )


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION)
def code_action(ls: BrazelintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    uri = params.text_document.uri
    document = ls.workspace.get_text_document(uri)
    lines = document.lines
    actions: list[lsp.CodeAction] = []
    for diagnostic in params.context.diagnostics:
        if diagnostic.source != "brazelint" or not isinstance(diagnostic.code, str):
            continue
        rule_id = diagnostic.code
        row = diagnostic.range.start.line
        line = lines[row].rstrip("\r\n") if row < len(lines) else ""
        indent = line[: len(line) - len(line.lstrip())]
        above = _comment(document.path, f"brazelint: ignore-next-line[{rule_id}]")
        whole = _comment(document.path, f"brazelint: ignore-file[{rule_id}]")
        actions += [
            _insertion(
                f"Suppress {rule_id} on this line", diagnostic, uri, row, f"{indent}{above}\n"
            ),
            _insertion(f"Suppress {rule_id} in this file", diagnostic, uri, 0, f"{whole}\n"),
        ]
    return actions


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: BrazelintServer, params: lsp.HoverParams) -> lsp.Hover | None:
    row = params.position.line
    for finding in ls.findings.get(params.text_document.uri, []):
        if finding.span.line - 1 <= row <= finding.span.end_line - 1:
            entry = ls.catalog.get(finding.rule_id)
            if entry is None:
                continue
            return lsp.Hover(
                contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=entry.markdown())
            )
    return None


def run() -> None:
    server.start_io()
