"""A Language Server Protocol server over stdio (pygls 2).

Diagnostics come from the unsaved buffer, with the project rules and the second phase
(wrappers' call sites, constants imported from other files: brazelint/crossfile.py)
computed over the whole workspace at start-up and kept current as files change; a change
to one file republishes the diagnostics of the other open files it affects. Configuration
is found as the CLI finds it and reloaded when its file changes; editor settings are
layered over it as in ruff's server. Quick fixes apply a finding's own fix when the rule
gives one the editor may apply (safe, or unsafe with "(unsafe)" in its title; a
display-only fix is never an edit) and add inline suppressions; hover shows the rule's
documentation.

The event loop only keeps state and talks to the client. Each analysis runs in a child
process (brazelint/server/analysis.py) under the CLI's per-file budgets, reached from one
thread so that analyses queue in order; an analysis whose document changed meanwhile is
dropped before it starts, and its result is never published if it changed during it.
"""

from __future__ import annotations

import asyncio
import itertools
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from brazelint import __version__
from brazelint.analyzer import FileOutcome
from brazelint.catalog import load_catalog
from brazelint.config import CONFIG_NAMES
from brazelint.crossfile import CrossFile
from brazelint.discover import SourceFile
from brazelint.findings import Applicability, Finding, Fix, Notification, Severity
from brazelint.fixes import apply_fixes
from brazelint.languages import Language
from brazelint.server.analysis import AnalysisWorker
from brazelint.server.workspace import (
    ClientSettings,
    FileReport,
    Workspace,
    is_skip_notice,
)
from brazelint.source import OversizeSource, UnreadableSource, read_source

#: No timer: edits that arrive while an analysis runs queue behind it, and when their
#: turn comes all but the newest are dropped as stale (see ``AnalysisWorker.analyze``),
#: so a burst of keystrokes costs at most one analysis more than its last; a timer would
#: only add its length to every diagnostic's latency.
_DEBOUNCE_SECONDS = 0.0
#: Progress reports during a start-up scan: at most one per this many files.
_PROGRESS_EVERY = 25
_SEVERITIES = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.NOTE: lsp.DiagnosticSeverity.Information,
}
_HASH_COMMENT = frozenset({Language.PYTHON, Language.DOTENV})
_XML_COMMENT = frozenset({Language.ANDROID_XML, Language.PLIST})
SOURCE = "brazelint"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class OpenDocument:
    """An open editor buffer and what was last published for it."""

    uri: str
    path: Path
    #: Bumped on every open/change/save: an analysis started for an older value is stale.
    generation: int = 0
    #: The text and version the stored analysis was computed from.
    analysed_text: str | None = None
    analysed_version: int | None = None
    #: What was published last, each diagnostic with the finding it shows.
    shown: list[tuple[lsp.Diagnostic, Finding | None]] = field(default_factory=list)
    #: Analyses of this buffer scheduled and not yet done: while there are any, only
    #: the newest of them publishes the buffer (another file's change does not, as the
    #: workspace may already hold this buffer's newer outcome without its second phase).
    in_flight: int = 0


class BrazelintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("brazelint", __version__)
        self.catalog = load_catalog()
        self.settings = ClientSettings()
        self.workspaces: dict[Path, Workspace] = {}
        self.documents: dict[str, OpenDocument] = {}
        self.worker = AnalysisWorker()
        #: One thread in front of the worker process: analyses run one at a time, in
        #: the order asked, and never on the event loop.
        self.analysis_thread = ThreadPoolExecutor(1, thread_name_prefix="brazelint-analysis")
        self.tasks: set[asyncio.Task[None]] = set()
        #: Bumped per workspace when it must be scanned again; an older scan stops.
        self.scan_generation: dict[Path, int] = {}
        self.shown_problems: tuple[str, ...] = ()
        self.progress_tokens = itertools.count(1)
        #: Buffers waiting for their analysis; scans of files on disk wait while there are
        #: any, so that what the user is typing is analysed first.
        self.edits_pending = 0
        self.no_edits_pending = asyncio.Event()
        self.no_edits_pending.set()

    def spawn(self, coroutine: Any) -> None:
        """Run ``coroutine`` in the background, held until done so the loop cannot drop
        it; an exception is logged, never lost silently."""
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)

        def done(finished: asyncio.Task[None]) -> None:
            self.tasks.discard(finished)
            if not finished.cancelled() and finished.exception() is not None:
                self.log(lsp.MessageType.Error, f"internal error: {finished.exception()!r}")

        task.add_done_callback(done)

    def log(self, kind: lsp.MessageType, message: str) -> None:
        self.window_log_message(lsp.LogMessageParams(type=kind, message=message))


server = BrazelintServer()


# --- workspaces ----------------------------------------------------------------------------


def _path_of(uri: str) -> Path | None:
    fs_path = to_fs_path(uri)
    return None if fs_path is None else Path(fs_path).resolve()


def _workspace_for(ls: BrazelintServer, path: Path) -> Workspace:
    """The workspace a file belongs to: the innermost folder holding it, else one whose
    scan root does, else a new one for the file's folder (scanned if it is in git)."""
    holding = [folder for folder in ls.workspaces if folder == path or folder in path.parents]
    if holding:
        return ls.workspaces[max(holding, key=lambda folder: len(folder.parts))]
    for workspace in ls.workspaces.values():
        if workspace.contains(path):
            return workspace
    workspace = _add_workspace(ls, path.parent)
    if (workspace.root / ".git").exists():
        _rescan(ls, workspace)
    return workspace


def _add_workspace(ls: BrazelintServer, folder: Path) -> Workspace:
    workspace = Workspace(folder, ls.settings, ls.catalog)
    ls.workspaces[folder] = workspace
    _show_problems(ls)
    return workspace


def _show_problems(ls: BrazelintServer) -> None:
    """Configuration problems, shown once each time they change (a broken file is left
    out and the rest applies, as a half-typed config is normal while editing it)."""
    problems = tuple(
        dict.fromkeys(p for workspace in ls.workspaces.values() for p in workspace.problems)
    )
    if problems == ls.shown_problems:
        return
    ls.shown_problems = problems
    for problem in problems:
        ls.log(lsp.MessageType.Error, problem)
        ls.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Error, message=problem))


def _documents_of(ls: BrazelintServer, workspace: Workspace) -> list[OpenDocument]:
    return [
        document
        for document in ls.documents.values()
        if _workspace_for(ls, document.path) is workspace
    ]


def _open_displays(ls: BrazelintServer, workspace: Workspace) -> set[str]:
    """The workspace's files open in the editor: their buffers, not the disk, count."""
    return {
        source.display
        for document in _documents_of(ls, workspace)
        if (source := workspace.source_for(document.path)) is not None
    }


def _is_open(ls: BrazelintServer, workspace: Workspace, source: SourceFile) -> bool:
    return source.display in _open_displays(ls, workspace)


def _rescan(ls: BrazelintServer, workspace: Workspace) -> None:
    generation = ls.scan_generation.get(workspace.folder, 0) + 1
    ls.scan_generation[workspace.folder] = generation
    ls.spawn(_scan(ls, workspace, generation))


async def _scan(ls: BrazelintServer, workspace: Workspace, generation: int) -> None:
    """Analyse every file of the workspace from disk (open files come from their
    buffers), then publish the open files' diagnostics with the project rules' view."""

    def current() -> bool:
        return ls.scan_generation.get(workspace.folder) == generation

    loop = asyncio.get_running_loop()
    for document in _documents_of(ls, workspace):
        _schedule(ls, document, debounce=False)
    sources = await loop.run_in_executor(None, workspace.discover)
    if not current():
        return
    workspace.files.update((source.display, source) for source in sources)
    token = await _begin_progress(ls, f"Scanning {workspace.root.name or workspace.root}")
    plan = workspace.plan
    try:
        for done, source in enumerate(sources, 1):
            await ls.no_edits_pending.wait()  # the buffers being typed in go first
            if not current():
                return  # reconfigured meanwhile: a newer scan is on its way
            if source.display not in _open_displays(ls, workspace):
                outcome = await loop.run_in_executor(
                    ls.analysis_thread, ls.worker.analyze, plan, source, None, current
                )
                # Opened meanwhile: the buffer's analysis wins over the disk's.
                if outcome is not None and current() and not _is_open(ls, workspace, source):
                    _keep(workspace, outcome)
            if token is not None and done % _PROGRESS_EVERY == 0:
                ls.work_done_progress.report(
                    token,
                    lsp.WorkDoneProgressReport(
                        message=f"{done}/{len(sources)} files",
                        percentage=done * 100 // max(len(sources), 1),
                    ),
                )
    finally:
        if token is not None:
            ls.work_done_progress.end(
                token, lsp.WorkDoneProgressEnd(message=f"{len(sources)} files")
            )
    if current() and await _refresh_cross(ls, workspace, None, current) is not None:
        _publish_workspace(ls, workspace, project_changed=True)


def _keep(workspace: Workspace, outcome: FileOutcome) -> bool:
    """Store a file's outcome unless it says nothing (most files of a tree); True when
    the project rules must run again."""
    if outcome.facts is None and not outcome.findings and not outcome.notifications:
        return workspace.forget(outcome.display)
    return workspace.store(outcome)


async def _begin_progress(ls: BrazelintServer, title: str) -> str | None:
    """A work-done progress token, begun, when the client can show one."""
    window = ls.client_capabilities.window
    if window is None or not window.work_done_progress:
        return None
    token = f"brazelint-scan-{next(ls.progress_tokens)}"
    try:
        await asyncio.wait_for(ls.work_done_progress.create_async(token), 10)
    except Exception:  # the client refused or never answered: scan without progress
        return None
    ls.work_done_progress.begin(token, lsp.WorkDoneProgressBegin(title=title, percentage=0))
    return token


# --- diagnostics ---------------------------------------------------------------------------


def _schedule(ls: BrazelintServer, document: OpenDocument, debounce: bool = True) -> None:
    document.generation += 1
    document.in_flight += 1
    ls.edits_pending += 1
    ls.no_edits_pending.clear()
    ls.spawn(_analyse_document(ls, document, document.generation, debounce))


async def _analyse_document(
    ls: BrazelintServer, document: OpenDocument, generation: int, debounce: bool
) -> None:
    try:
        await _analyse_buffer(ls, document, generation, debounce)
    finally:
        document.in_flight -= 1
        ls.edits_pending -= 1
        if ls.edits_pending == 0:
            ls.no_edits_pending.set()


async def _analyse_buffer(
    ls: BrazelintServer, document: OpenDocument, generation: int, debounce: bool
) -> None:
    await asyncio.sleep(_DEBOUNCE_SECONDS if debounce else 0)  # let queued edits land

    def current() -> bool:
        return document.generation == generation and ls.documents.get(document.uri) is document

    if not current():
        return  # a newer edit arrived; its own task analyses it
    workspace = _workspace_for(ls, document.path)
    buffer = ls.workspace.get_text_document(document.uri)
    text, version = buffer.source, buffer.version
    source = workspace.source_for(document.path)
    if source is None:  # not a file brazelint reads, or excluded by configuration
        document.analysed_text, document.analysed_version = text, version
        _publish(ls, document, workspace, FileReport(), force=True)
        return
    data = text.encode("utf-8", "surrogatepass")
    plan = workspace.plan
    outcome = await asyncio.get_running_loop().run_in_executor(
        ls.analysis_thread, ls.worker.analyze, plan, source, data, current
    )
    if outcome is None or not current() or workspace.plan != plan:
        return  # stale: never published
    workspace.files.setdefault(source.display, source)
    project_changed = workspace.store(outcome)
    # The second phase for this file and the files it affects, before anything of this
    # version is published: the file's own findings may change with it. When the
    # wrappers changed, any file may call them: this file's share first, the rest of
    # the workspace after this version is published (dropped if a newer one comes).
    whole = workspace.cross_targets(source.display, data) is None
    changed = [(source.display, data)]
    crossed = await _refresh_cross(ls, workspace, changed, current, whole=not whole)
    if crossed is None:
        return  # stale: a newer version's analysis publishes
    document.analysed_text, document.analysed_version = text, version
    _publish_workspace(ls, workspace, project_changed or crossed, edited=document)
    if whole:  # in a task of its own: this buffer's analysis is done
        ls.spawn(_refresh_workspace(ls, workspace, current))


async def _refresh_workspace(
    ls: BrazelintServer, workspace: Workspace, still_wanted: Callable[[], bool]
) -> None:
    """The second phase over the whole workspace, then what it changed published."""
    crossed = await _refresh_cross(ls, workspace, None, still_wanted)
    if crossed is not None:
        _publish_workspace(ls, workspace, crossed)


async def _refresh_cross(
    ls: BrazelintServer,
    workspace: Workspace,
    changed: list[tuple[str, bytes | None]] | None,
    still_wanted: Callable[[], bool] = lambda: True,
    whole: bool = True,
) -> bool | None:
    """Run the second phase (wrappers' call sites, imported constants) for what the
    change of ``changed`` (display paths, with their text when known; None: the whole
    workspace) affects; True when the project rules must run again, None when
    ``still_wanted()`` said meanwhile that the result is stale (it is then dropped).
    ``whole=False``: only the changed files' own share, even when the wrappers changed
    (see ``Workspace.cross_targets``)."""
    wrappers = workspace.wrappers()
    outcomes = workspace.cross_outcomes()
    if not outcomes:  # no wrapper and no constants wanted: nothing of the phase stands
        had = bool(workspace.cross_facts or workspace.cross_findings)
        workspace.store_cross(CrossFile(), None, wrappers)
        return had
    only: set[str] | None = None
    if changed is not None:
        only = set()
        for display, data in changed:
            targets = workspace.cross_targets(display, data, whole)
            if targets is None:
                only = None
                break
            only |= targets
        if only is not None and not only:
            return False
    plan = workspace.plan
    frozen = None if only is None else frozenset(only)
    found = await asyncio.get_running_loop().run_in_executor(
        ls.analysis_thread,
        ls.worker.cross_file,
        plan,
        list(workspace.files.values()),
        outcomes,
        _buffers(ls, workspace),
        frozen,
        still_wanted,
    )
    if found is None or not still_wanted() or workspace.plan != plan:
        return None
    for notification in found.notifications:
        ls.log(lsp.MessageType.Warning, _notification_text(notification))
    return workspace.store_cross(found, frozen, wrappers)


def _buffers(ls: BrazelintServer, workspace: Workspace) -> dict[str, bytes]:
    """The open buffers of ``workspace`` by display path: what the second phase reads
    for those files instead of the disk."""
    buffers = {}
    for document in _documents_of(ls, workspace):
        source = workspace.source_for(document.path)
        if source is not None:
            text = ls.workspace.get_text_document(document.uri).source
            buffers[source.display] = text.encode("utf-8", "surrogatepass")
    return buffers


def _publish_workspace(
    ls: BrazelintServer,
    workspace: Workspace,
    project_changed: bool,
    edited: OpenDocument | None = None,
) -> None:
    """Publish the open files of ``workspace`` whose diagnostics changed (always
    ``edited``, whose new version the client waits to hear about)."""
    if project_changed or workspace.project is None:
        workspace.project, problems = workspace.project_findings()
        for problem in problems:
            ls.log(lsp.MessageType.Error, problem)
    by_display: dict[str, OpenDocument] = {}
    for document in _documents_of(ls, workspace):
        source = workspace.source_for(document.path)
        if source is not None and document.analysed_text is not None:
            by_display[source.display] = document
    reports = workspace.report(by_display, workspace.project)
    for display, document in by_display.items():
        if document is not edited and document.in_flight:
            continue  # its own analysis, on its way, publishes it
        report = reports.get(display, FileReport())
        _publish(ls, document, workspace, report, force=document is edited)


def _publish(
    ls: BrazelintServer,
    document: OpenDocument,
    workspace: Workspace,
    report: FileReport,
    force: bool,
) -> None:
    lines = _lsp_lines(document.analysed_text or "")
    shown: list[tuple[lsp.Diagnostic, Finding | None]] = [
        (_diagnostic(ls, workspace, finding, lines), finding) for finding in report.findings
    ]
    shown += [
        (_skip_diagnostic(notification), None)
        for notification in report.notifications
        if is_skip_notice(notification)
    ]
    if force:  # once per analysis, redacted like everything the report holds
        for notification in report.notifications:
            ls.log(lsp.MessageType.Warning, _notification_text(notification))
    elif [d for d, _ in shown] == [d for d, _ in document.shown]:
        return
    document.shown = shown
    ls.text_document_publish_diagnostics(
        lsp.PublishDiagnosticsParams(
            uri=document.uri,
            version=document.analysed_version,
            diagnostics=[diagnostic for diagnostic, _ in shown],
        )
    )


def _notification_text(notification: Notification) -> str:
    return (
        f"{notification.path}: {notification.message}"
        if notification.path
        else (notification.message)
    )


def _skip_diagnostic(notification: Notification) -> lsp.Diagnostic:
    start = lsp.Position(line=0, character=0)
    return lsp.Diagnostic(
        range=lsp.Range(start=start, end=start),
        message=f"brazelint did not analyse this file: {notification.message}",
        severity=lsp.DiagnosticSeverity.Information,
        source=SOURCE,
    )


def _lsp_lines(text: str) -> list[str]:
    """Lines as LSP counts them: only ``\\n``, ``\\r\\n`` and ``\\r`` end one
    (``str.splitlines`` also splits at form feeds and U+2028, which would shift rows)."""
    return _LINE_BREAK.split(text)


def _position(ls: BrazelintServer, lines: list[str], line: int, col: int) -> lsp.Position:
    """A 1-based code-point position as the client counts (UTF-16 units by default)."""
    row = max(line - 1, 0)
    character = max(col - 1, 0)
    if row < len(lines):
        character = ls.workspace.position_codec.client_num_units(lines[row][:character])
    return lsp.Position(line=row, character=character)


def _range(ls: BrazelintServer, lines: list[str], span: Any) -> lsp.Range:
    return lsp.Range(
        start=_position(ls, lines, span.line, span.col),
        end=_position(ls, lines, span.end_line, span.end_col),
    )


def _lines_of(ls: BrazelintServer, workspace: Workspace, display: str) -> list[str]:
    """The lines of another file, for a related location's columns: its buffer when
    open, else the lines its facts kept, else the file on disk."""
    path = (workspace.root / display).resolve()
    document = ls.documents.get(path.as_uri())
    if document is not None and document.analysed_text is not None:
        return _lsp_lines(document.analysed_text)
    outcome = workspace.outcomes.get(display)
    if outcome is not None and outcome.facts is not None and outcome.facts.lines:
        return list(outcome.facts.lines)
    try:
        data = read_source(path, workspace.plan.max_file_bytes)
    except (OversizeSource, UnreadableSource):
        return []  # columns then count code points; the line is still right
    return _lsp_lines(data.decode("utf-8", "replace"))


def _diagnostic(
    ls: BrazelintServer, workspace: Workspace, finding: Finding, lines: list[str]
) -> lsp.Diagnostic:
    entry = ls.catalog.get(finding.rule_id)
    related = [
        lsp.DiagnosticRelatedInformation(
            location=lsp.Location(
                uri=(workspace.root / r.path).resolve().as_uri(),
                range=_range(ls, _lines_of(ls, workspace, r.path), r.span),
            ),
            message=r.message,
        )
        for r in finding.related
    ]
    return lsp.Diagnostic(
        range=_range(ls, lines, finding.span),
        message=finding.message,
        severity=_SEVERITIES.get(finding.severity, lsp.DiagnosticSeverity.Warning),
        code=finding.rule_id,
        code_description=lsp.CodeDescription(href=entry.help_uri) if entry else None,
        source=SOURCE,
        related_information=related or None,
    )


# --- the protocol ----------------------------------------------------------------------------


@server.feature(lsp.INITIALIZE)
def initialize(ls: BrazelintServer, params: lsp.InitializeParams) -> None:
    raw = _settings_of(params.initialization_options)
    ls.settings, problems = ClientSettings.parse(raw)
    for problem in problems:
        ls.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Error, message=problem))


@server.feature(lsp.INITIALIZED)
async def initialized(ls: BrazelintServer, params: lsp.InitializedParams) -> None:
    folders = [
        path
        for folder in ls.workspace.folders.values()
        if (path := _path_of(folder.uri)) is not None
    ]
    if not folders and ls.workspace.root_uri and (root := _path_of(ls.workspace.root_uri)):
        folders = [root]
    workspaces = [_add_workspace(ls, folder) for folder in folders]
    if workspaces:
        plan = workspaces[0].plan
        asyncio.get_running_loop().run_in_executor(ls.analysis_thread, ls.worker.warm_up, plan)
    for workspace in workspaces:
        _rescan(ls, workspace)
    await _watch_files(ls)


async def _watch_files(ls: BrazelintServer) -> None:
    """Ask the client to report file changes on disk (another branch checked out, a file
    written by a tool, the configuration edited), when it can be asked."""
    workspace = ls.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace else None
    if watched is None or not watched.dynamic_registration:
        return
    registration = lsp.Registration(
        id="brazelint-watched-files",
        method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=lsp.DidChangeWatchedFilesRegistrationOptions(
            watchers=[lsp.FileSystemWatcher(glob_pattern="**/*")]
        ),
    )
    try:
        await asyncio.wait_for(
            ls.client_register_capability_async(lsp.RegistrationParams([registration])), 10
        )
    except Exception as error:  # the client can still send the notifications unasked
        ls.log(lsp.MessageType.Info, f"file watching not registered: {error}")


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: BrazelintServer, params: lsp.DidOpenTextDocumentParams) -> None:
    uri = params.text_document.uri
    path = _path_of(uri)
    if path is None:
        return  # not a file (an untitled buffer): nothing to say
    document = OpenDocument(uri, path)
    ls.documents[uri] = document
    _schedule(ls, document, debounce=False)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: BrazelintServer, params: lsp.DidChangeTextDocumentParams) -> None:
    document = ls.documents.get(params.text_document.uri)
    if document is not None:
        _schedule(ls, document)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: BrazelintServer, params: lsp.DidSaveTextDocumentParams) -> None:
    document = ls.documents.get(params.text_document.uri)
    if document is None:
        return
    if document.path.name in CONFIG_NAMES:
        _reconfigure(ls)
    _schedule(ls, document, debounce=False)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: BrazelintServer, params: lsp.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    document = ls.documents.pop(uri, None)
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
    if document is None:
        return
    # The file is what is on disk again for the project rules (or nothing, if the buffer
    # was never saved).
    workspace = _workspace_for(ls, document.path)
    source = workspace.source_for(document.path)
    if source is not None:
        on_disk = document.path.is_file()
        ls.spawn(
            _reread(ls, workspace, [source] if on_disk else [], [] if on_disk else [source.display])
        )


@server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: BrazelintServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    changed: dict[Path, tuple[list[SourceFile], list[str]]] = {}
    config_changed = False
    for change in params.changes:
        path = _path_of(change.uri)
        if path is None:
            continue
        if path.name in CONFIG_NAMES:
            config_changed = True
            continue
        if change.uri in ls.documents:
            continue  # the buffer, not the disk, is what the editor shows
        workspace = _workspace_for(ls, path)
        source = workspace.source_for(path)
        if source is None:
            continue
        reread, gone = changed.setdefault(workspace.folder, ([], []))
        if change.type == lsp.FileChangeType.Deleted:
            gone.append(source.display)
        else:
            reread.append(source)
    if config_changed:
        _reconfigure(ls)
    for folder, (reread, gone) in changed.items():
        ls.spawn(_reread(ls, ls.workspaces[folder], reread, gone))


async def _reread(
    ls: BrazelintServer, workspace: Workspace, sources: list[SourceFile], gone: list[str]
) -> None:
    """Files changed on disk: analyse them again, then republish what they affect."""
    loop = asyncio.get_running_loop()
    plan = workspace.plan
    project_changed = False
    changed: list[tuple[str, bytes | None]] = []
    for display in gone:
        project_changed |= workspace.forget(display)
        workspace.files.pop(display, None)
        changed.append((display, None))
    for source in sources:
        outcome = await loop.run_in_executor(
            ls.analysis_thread, ls.worker.analyze, plan, source, None, lambda: True
        )
        if outcome is not None and workspace.plan == plan and not _is_open(ls, workspace, source):
            workspace.files[source.display] = source
            project_changed |= _keep(workspace, outcome)
            changed.append((source.display, None))
    if workspace.plan != plan:
        return  # reconfigured meanwhile: its scan publishes
    crossed = await _refresh_cross(ls, workspace, changed, lambda: workspace.plan == plan)
    if crossed is not None:
        _publish_workspace(ls, workspace, project_changed or crossed)


@server.feature(lsp.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
def did_change_workspace_folders(
    ls: BrazelintServer, params: lsp.DidChangeWorkspaceFoldersParams
) -> None:
    for removed in params.event.removed:
        path = _path_of(removed.uri)
        if path is not None and ls.workspaces.pop(path, None) is not None:
            ls.scan_generation[path] = ls.scan_generation.get(path, 0) + 1  # stop its scan
    for added in params.event.added:
        path = _path_of(added.uri)
        if path is not None and path not in ls.workspaces:
            _rescan(ls, _add_workspace(ls, path))


@server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(
    ls: BrazelintServer, params: lsp.DidChangeConfigurationParams
) -> None:
    raw = params.settings
    if isinstance(raw, dict) and SOURCE in raw:
        raw = _settings_of(raw[SOURCE])
    elif _can_pull_configuration(ls):
        try:
            pulled = await asyncio.wait_for(
                ls.workspace_configuration_async(
                    lsp.ConfigurationParams(items=[lsp.ConfigurationItem(section=SOURCE)])
                ),
                10,
            )
        except Exception as error:
            ls.log(lsp.MessageType.Warning, f"could not read the editor settings: {error}")
            return
        raw = _settings_of(pulled[0]) if pulled else None
    else:
        return
    ls.settings, problems = ClientSettings.parse(raw)
    for problem in problems:
        ls.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Error, message=problem))
    _reconfigure(ls)


def _settings_of(section: object) -> object:
    """The ``settings`` of the editor's ``brazelint`` section (its other keys, such as
    VS Code's ``path``, are the editor's own), as in ``initializationOptions``."""
    return section.get("settings") if isinstance(section, dict) else None


def _can_pull_configuration(ls: BrazelintServer) -> bool:
    workspace = ls.client_capabilities.workspace
    return bool(workspace and workspace.configuration)


def _reconfigure(ls: BrazelintServer) -> None:
    """Configuration files or settings changed: find the configuration again; a workspace
    whose analysis depends on what changed is scanned again."""
    for workspace in list(ls.workspaces.values()):
        if workspace.reconfigure(ls.settings):
            _rescan(ls, workspace)
    _show_problems(ls)


@server.feature(lsp.SHUTDOWN)
def shutdown(ls: BrazelintServer, params: None) -> None:
    for generation_folder in ls.scan_generation:
        ls.scan_generation[generation_folder] += 1  # scans stop at their next file
    ls.worker.close()
    ls.analysis_thread.shutdown(wait=False, cancel_futures=True)


# --- code actions and hover --------------------------------------------------------------------


def _comment(language: Language | None, body: str) -> str:
    if language in _HASH_COMMENT:
        return f"# {body}"
    if language is Language.LIQUID:
        # A Liquid comment, unlike an HTML one, is not rendered into the message sent.
        return f"{{% comment %}}{body}{{% endcomment %}}"
    if language in _XML_COMMENT:
        return f"<!-- {body} -->"
    return f"// {body}"


def _file_directive_row(lines: list[str]) -> int:
    """Where a whole-file suppression goes: the first line, unless that must stay first
    (an XML declaration, a shebang)."""
    if lines and lines[0].lstrip("\ufeff").startswith(("<?xml", "#!")):
        return 1
    return 0


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


def _same(a: lsp.Diagnostic, b: lsp.Diagnostic) -> bool:
    """The diagnostic a client sent back is one the server published (clients may drop
    or add fields of their own: range, code and message decide)."""
    return a.range == b.range and a.code == b.code and a.message == b.message


def _fix_action(
    ls: BrazelintServer, document: OpenDocument, diagnostic: lsp.Diagnostic, fix: Fix
) -> lsp.CodeAction | None:
    """The quick fix applying ``fix``, or None when it may not be applied from the
    editor (display-only), the buffer changed since the analysis, or its edits no longer
    hold the text the rule saw (checked as ``brazelint --fix`` checks them)."""
    if fix.applicability is Applicability.DISPLAY_ONLY or not fix.edits:
        return None
    text = document.analysed_text
    if text is None or ls.workspace.get_text_document(document.uri).source != text:
        return None  # positions computed for another text; the next analysis offers it
    if not apply_fixes(text.encode("utf-8", "surrogatepass"), [fix]).applied:
        return None
    lines = _lsp_lines(text)
    edits = [
        lsp.TextEdit(range=_range(ls, lines, e.span), new_text=e.replacement) for e in fix.edits
    ]
    unsafe = fix.applicability is Applicability.UNSAFE
    return lsp.CodeAction(
        title=f"{fix.message} (unsafe)" if unsafe else fix.message,
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=not unsafe,
        edit=lsp.WorkspaceEdit(changes={document.uri: edits}),
    )


@server.feature(
    lsp.TEXT_DOCUMENT_CODE_ACTION,
    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
)
def code_action(ls: BrazelintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    uri = params.text_document.uri
    document = ls.workspace.get_text_document(uri)
    lines = _lsp_lines(document.source)
    path = _path_of(uri)
    language = None
    if path is not None and (source := _workspace_for(ls, path).source_for(path)) is not None:
        language = source.language
    opened = ls.documents.get(uri)
    actions: list[lsp.CodeAction] = []
    for diagnostic in params.context.diagnostics:
        if diagnostic.source != SOURCE or not isinstance(diagnostic.code, str):
            continue
        # The finding's own fix first, when it has one the editor may apply.
        shown = opened.shown if opened is not None else []
        finding = next((f for d, f in shown if f is not None and _same(d, diagnostic)), None)
        if opened is not None and finding is not None and finding.fix is not None:
            fixed = _fix_action(ls, opened, diagnostic, finding.fix)
            if fixed is not None:
                actions.append(fixed)
        rule_id = diagnostic.code
        row = diagnostic.range.start.line
        line = lines[row] if row < len(lines) else ""
        indent = line[: len(line) - len(line.lstrip())]
        above = _comment(language, f"brazelint: ignore-next-line[{rule_id}]")
        whole = _comment(language, f"brazelint: ignore-file[{rule_id}]")
        actions += [
            _insertion(
                f"Suppress {rule_id} on this line", diagnostic, uri, row, f"{indent}{above}\n"
            ),
            _insertion(
                f"Suppress {rule_id} in this file",
                diagnostic,
                uri,
                _file_directive_row(lines),
                f"{whole}\n",
            ),
        ]
    return actions


def _contains(range_: lsp.Range, position: lsp.Position) -> bool:
    start, end = range_.start, range_.end
    after_start = (position.line, position.character) >= (start.line, start.character)
    before_end = (position.line, position.character) <= (end.line, end.character)
    return after_start and before_end


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: BrazelintServer, params: lsp.HoverParams) -> lsp.Hover | None:
    document = ls.documents.get(params.text_document.uri)
    if document is None:
        return None
    position = params.position
    shown = [(d, f) for d, f in document.shown if f is not None]
    hits = [(d, f) for d, f in shown if _contains(d.range, position)] or [
        (d, f) for d, f in shown if d.range.start.line <= position.line <= d.range.end.line
    ]
    for diagnostic, finding in hits:
        entry = ls.catalog.get(finding.rule_id) if finding is not None else None
        if entry is not None:
            return lsp.Hover(
                contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=entry.markdown()),
                range=diagnostic.range,
            )
    return None


def run() -> None:
    server.start_io()
