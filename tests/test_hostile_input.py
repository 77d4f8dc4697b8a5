"""Hostile input (issue 7): every case yields a notification naming the file (or is
handled without one), never a crash or a hang, and the rest of the scan is intact: the
good file beside the hostile one is still parsed and still reported."""

from __future__ import annotations

import codecs
import faulthandler
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from brazelint import analyzer as analyzer_module
from brazelint import engine, workers
from brazelint.catalog import load_catalog
from brazelint.cli import main
from brazelint.engine import ScanOptions, ScanResult, scan

GOOD = 'import * as braze from "@braze/web-sdk";\nbraze.logCustomEvent("purchase");\n'
GOOD_NAME = "web/good.js"
#: Bytes that make every file pass the prefilter, so the hostile part reaches a parser.
KEYWORDS = 'braze.changeUser(user.email); braze.logCustomEvent("purchase");'

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _tree(tmp_path: Path) -> Path:
    (tmp_path / "web").mkdir(parents=True)
    (tmp_path / GOOD_NAME).write_text(GOOD)
    return tmp_path


def _scan(root: Path, *targets: Path, **options: object) -> ScanResult:
    settings: dict[str, object] = {"jobs": 1, **options}
    return scan(
        ScanOptions(
            targets=targets or (root,),
            enabled=frozenset(load_catalog()),
            root=root,
            **settings,  # type: ignore[arg-type]  # keyword options of ScanOptions
        )
    )


def _assert_intact(result: ScanResult) -> None:
    assert any(f.path == GOOD_NAME and f.rule_id == "BRZ401" for f in result.findings), (
        result.findings
    )
    assert GOOD_NAME in result.facts


def _messages(result: ScanResult, path: str) -> list[str]:
    return [n.message for n in result.notifications if n.path == path]


# --- content ---------------------------------------------------------------------------------


def test_binary_file_with_a_source_extension(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "blob.py").write_bytes(b"\x7fELF\x00\x01\x02" + KEYWORDS.encode() + bytes(range(256)))
    result = _scan(root)
    assert _messages(result, "blob.py") == ["binary file (contains NUL bytes); skipped"]
    _assert_intact(result)


def test_invalid_utf8(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "bad.js").write_bytes(KEYWORDS.encode() + b"\n// caf\xe9 \xff\xfe\n")
    result = _scan(root)
    messages = _messages(result, "bad.js")
    assert len(messages) == 1 and messages[0].startswith("not valid UTF-8 (byte ")
    _assert_intact(result)


def test_utf16_with_bom_is_decoded_and_checked(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "web" / "wide.js").write_bytes(codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"))
    result = _scan(root)
    assert _messages(result, "web/wide.js") == []
    assert any(f.path == "web/wide.js" and f.rule_id == "BRZ401" for f in result.findings)
    _assert_intact(result)


def test_broken_utf16_with_bom(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    # An odd number of bytes after the BOM, ending in half a surrogate pair.
    (root / "half.js").write_bytes(
        codecs.BOM_UTF16_LE + KEYWORDS.encode("utf-16-le") + b"\x00\xd8x"
    )
    result = _scan(root)
    messages = _messages(result, "half.js")
    assert len(messages) == 1 and messages[0].startswith("invalid UTF-16"), messages
    _assert_intact(result)


def test_50_mb_minified_javascript_is_skipped_unread(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    line = ("var a=braze.changeUser(b);" * 1024).encode()
    with (root / "bundle.js").open("wb") as handle:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    result = _scan(root)
    assert _messages(result, "bundle.js") == [
        "larger than 10 MiB; skipped (raise the limit with --max-file-size)"
    ]
    _assert_intact(result)


def test_a_single_5_mb_line(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    body = '"' + "x" * (5 * 1024 * 1024) + '"'
    (root / "line.js").write_text(f"var blob = {body}; {KEYWORDS}")
    result = _scan(root, file_timeout=60.0)
    # Parsed in time (then nothing to say) or over budget (then said so): never a hang.
    for message in _messages(result, "line.js"):
        assert "took longer than" in message
    _assert_intact(result)


NESTED = 10_000
DEEP_SOURCES: dict[str, str] = {
    "deep.py": 'import requests\nrequests.post("https://rest.iad-01.braze.com/users/track", '
    "json=" + "[" * NESTED + "]" * NESTED + ")\n",
    "deep.js": "braze.changeUser" + "(" * NESTED + ")" * NESTED + ";\n",
    "deep.ts": "braze.changeUser(" + "[" * NESTED + "]" * NESTED + ");\n",
    "deep.tsx": "braze.changeUser(" + "{a:" * NESTED + "1" + "}" * NESTED + ");\n",
    "deep.swift": "braze.changeUser" + "(" * NESTED + ")" * NESTED + "\n",
    "deep.kt": "fun a() { braze.changeUser" + "(" * NESTED + ")" * NESTED + " }\n",
    "Deep.java": "class A { void a() { braze.changeUser" + "(" * NESTED + ")" * NESTED + "; } }\n",
    "Deep.m": "void a(void) { " + "[" * NESTED + "braze" + " changeUser]" * NESTED + "; }\n",
    "deep.dart": "void a() { braze.changeUser" + "(" * NESTED + ")" * NESTED + "; }\n",
    "deep.liquid": "{{ ${first_name} }}" + "{% if x %}" * NESTED + "{% endif %}" * NESTED,
    "deep.html": "{{${first_name}}}" + "{{" * NESTED + "}}" * NESTED,
    "res/values/braze.xml": "<resources>"
    + "<a>" * NESTED
    + "</a>" * NESTED
    + '<string name="com_braze_custom_endpoint">sdk.iad-09.braze.com</string></resources>',
    "Info.plist": '<?xml version="1.0"?><plist><dict>'
    + "<array>" * NESTED
    + "</array>" * NESTED
    + "<key>Braze</key></dict></plist>",
    ".env": "BRAZE_ENDPOINT=sdk.iad-09.braze.com" + "(" * NESTED + "\n",
}


@pytest.mark.parametrize("name", sorted(DEEP_SOURCES))
def test_10000_deep_nesting(tmp_path: Path, name: str) -> None:
    root = _tree(tmp_path)
    target = root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(DEEP_SOURCES[name])
    result = _scan(root)
    # Whatever the frontend makes of it, it says so about this file only and nothing
    # escapes: no RecursionError, no internal error.
    assert not result.internal_error
    for notification in result.notifications:
        assert notification.path == name, notification
        assert "internal error" not in notification.message
    _assert_intact(result)


def test_deep_python_is_read_like_any_other_file(tmp_path: Path) -> None:
    # tree-sitter builds deep nesting without recursion; nothing to refuse or report.
    root = _tree(tmp_path)
    without = _scan(root)
    (root / "deep.py").write_text(DEEP_SOURCES["deep.py"])
    result = _scan(root)
    assert result.files_parsed == without.files_parsed + 1
    assert _messages(result, "deep.py") == []
    _assert_intact(result)


# --- files changing under the scan -------------------------------------------------------------


def _after_discovery(monkeypatch: pytest.MonkeyPatch, action: Callable[[], None]) -> None:
    """Run ``action`` right after discovery, before any file is read."""
    discover = engine.discover

    def discover_then_act(*args: object, **kwargs: object) -> object:
        found = discover(*args, **kwargs)  # type: ignore[arg-type]  # same signature
        action()
        return found

    monkeypatch.setattr(engine, "discover", discover_then_act)


def test_file_deleted_between_discovery_and_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path)
    doomed = root / "gone.js"
    doomed.write_text(KEYWORDS)
    _after_discovery(monkeypatch, doomed.unlink)
    result = _scan(root)
    assert _messages(result, "gone.js") == ["cannot be read: No such file or directory"]
    _assert_intact(result)


def test_file_replaced_by_a_fifo_between_discovery_and_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path)
    target = root / "swap.js"
    target.write_text(KEYWORDS)

    def swap() -> None:
        target.unlink()
        os.mkfifo(target)

    _after_discovery(monkeypatch, swap)
    result = _scan(root)  # opening a FIFO for reading would block without O_NONBLOCK
    assert _messages(result, "swap.js") == ["is not a regular file; skipped"]
    _assert_intact(result)


def test_file_replaced_by_a_symlink_between_discovery_and_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.js").write_text(GOOD)
    root = _tree(tmp_path / "repo")
    target = root / "swap.js"
    target.write_text(KEYWORDS)

    def swap() -> None:
        target.unlink()
        target.symlink_to(outside / "secret.js")

    _after_discovery(monkeypatch, swap)
    result = _scan(root)
    assert _messages(result, "swap.js") == ["is a symbolic link; not followed"]
    assert not any(f.path == "swap.js" for f in result.findings)
    _assert_intact(result)


@pytest.mark.skipif(IS_ROOT, reason="root reads files whatever their permissions")
def test_file_becomes_unreadable_between_discovery_and_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path)
    target = root / "locked.js"
    target.write_text(KEYWORDS)
    _after_discovery(monkeypatch, lambda: target.chmod(0))
    try:
        result = _scan(root)
    finally:
        target.chmod(0o644)
    assert _messages(result, "locked.js") == ["cannot be read: Permission denied"]
    _assert_intact(result)


@pytest.mark.skipif(IS_ROOT, reason="root reads files whatever their permissions")
def test_permission_denied_file_and_folder(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "locked.js").write_text(KEYWORDS)
    (root / "private").mkdir()
    (root / "private" / "x.js").write_text(KEYWORDS)
    (root / "locked.js").chmod(0)
    (root / "private").chmod(0)
    try:
        result = _scan(root)
    finally:
        (root / "locked.js").chmod(0o644)
        (root / "private").chmod(0o755)
    assert _messages(result, "locked.js") == ["cannot be read: Permission denied"]
    assert any(
        n.path is not None and n.path.endswith("private") and "Permission denied" in n.message
        for n in result.notifications
    )
    _assert_intact(result)


# --- the tree itself ----------------------------------------------------------------------------


def test_symlink_loops_and_links_out_of_the_tree_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.js").write_text(GOOD)
    root = _tree(tmp_path / "repo")
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "a").symlink_to(root / "b")
    (root / "b").symlink_to(root / "a")
    (root / "out").symlink_to(outside, target_is_directory=True)
    (root / "leak.js").symlink_to(outside / "leak.js")
    result = _scan(root)
    assert {f.path for f in result.findings} == {GOOD_NAME}
    assert result.files_scanned == 1
    _assert_intact(result)


def test_a_symlink_named_on_the_command_line(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "link.js").symlink_to(root / GOOD_NAME)
    result = _scan(root, root / "link.js", root / GOOD_NAME)
    assert any(
        n.path == str(root / "link.js") and n.message == "is a symbolic link; not followed"
        for n in result.notifications
    )
    _assert_intact(result)


def test_fifo_and_device_files(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    os.mkfifo(root / "pipe.js")
    result = _scan(root)  # would block forever if the FIFO were opened
    assert any(
        n.path is not None
        and n.path.endswith("pipe.js")
        and n.message == "is not a regular file; skipped"
        for n in result.notifications
    )
    _assert_intact(result)
    device = Path("/dev/null")
    named = _scan(root, root / GOOD_NAME, device)
    assert any(
        n.path == str(device) and n.message == "is not a regular file" for n in named.notifications
    )
    _assert_intact(named)


def test_names_with_spaces_newlines_and_non_utf8_bytes(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    names = [b"with space.js", b"new\nline.js", b"caf\xe9.js"]
    for name in names:
        with open(os.path.join(os.fsencode(root / "web"), name), "wb") as handle:
            handle.write(GOOD.encode())
    result = _scan(root)
    found = {f.path for f in result.findings if f.rule_id == "BRZ401"}
    assert found == {
        GOOD_NAME,
        "web/with space.js",
        "web/new\nline.js",
        "web/caf\\xe9.js",  # shown escaped, so every reporter can write it
    }
    runner = CliRunner()
    for output_format in ("text", "json", "sarif", "github"):
        outcome = runner.invoke(main, ["check", "--no-cache", "--format", output_format, str(root)])
        assert outcome.exit_code == 1, (output_format, outcome.output, outcome.exception)
        # Text and annotations show the escape; JSON escapes its backslash; SARIF URIs
        # percent-encode it.
        assert any(
            shown in outcome.output for shown in ("caf\\xe9.js", "caf\\\\xe9.js", "caf%5Cxe9.js")
        ), outcome.output


def test_empty_folder_and_empty_repository(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = _scan(empty)
    assert result.findings == [] and result.notifications == [] and result.files_scanned == 0
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    result = _scan(repo)
    assert result.findings == [] and result.notifications == [] and result.files_scanned == 0
    outcome = CliRunner().invoke(main, ["check", "--no-cache", str(repo)])
    assert outcome.exit_code == 0, outcome.output


def test_git_repository_without_commits(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".gitignore").write_text("ignored/\n")
    (root / "ignored").mkdir()
    (root / "ignored" / "x.js").write_text(GOOD)
    result = _scan(root)
    assert {f.path for f in result.findings} == {GOOD_NAME}
    _assert_intact(result)


# --- time budget and crashes --------------------------------------------------------------------


def _segfault() -> None:
    # pytest's faulthandler, inherited by forked workers, would print "Fatal Python error:
    # Segmentation fault" and a stack into the test log for this intended crash.
    faulthandler.disable()
    os.kill(os.getpid(), signal.SIGSEGV)


def _slow_parser(
    monkeypatch: pytest.MonkeyPatch, marker: bytes, action: Callable[[], None]
) -> None:
    """Make parsing any file that holds ``marker`` run ``action`` first."""
    parse_source = analyzer_module.parse_source

    def patched(display: str, language: object, data: bytes, *args: object) -> object:
        if marker in data:
            action()
        return parse_source(display, language, data, *args)  # type: ignore[arg-type]  # the patched signature is looser on purpose

    monkeypatch.setattr(analyzer_module, "parse_source", patched)


def _spin() -> None:
    while True:  # pure Python: the in-process deadline can interrupt it
        pass


def test_time_budget_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(tmp_path)
    (root / "slow.js").write_text(KEYWORDS + " // SLOW")
    _slow_parser(monkeypatch, b"SLOW", _spin)
    started = time.monotonic()
    result = _scan(root, file_timeout=0.5)
    assert time.monotonic() - started < 30
    assert _messages(result, "slow.js") == [
        "took longer than 0.5 s to analyse; skipped (raise the limit with --file-timeout)"
    ]
    _assert_intact(result)


def _pool_tree(root: Path, hostile: str, marker: str) -> None:
    """Enough parseable files for the pool to start, one of them hostile."""
    for index in range(6):
        (root / "web" / f"f{index}.js").write_text(GOOD)
    (root / hostile).write_text(KEYWORDS + f" // {marker}")


@pytest.fixture
def small_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "POOL_THRESHOLD", 2)
    monkeypatch.setattr(workers, "CHUNK_FILES", 2)
    monkeypatch.setattr(workers, "KILL_GRACE", 0.5)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="patches reach workers by fork")
@pytest.mark.usefixtures("small_pool")
def test_segfaulting_worker_becomes_a_notification(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path)
    _pool_tree(root, "crash.js", "CRASH")
    _slow_parser(monkeypatch, b"CRASH", _segfault)
    result = _scan(root, jobs=2)
    assert _messages(result, "crash.js") == ["crashed the parser (signal SIGSEGV); skipped"]
    for index in range(6):
        assert f"web/f{index}.js" in result.facts
    _assert_intact(result)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="patches reach workers by fork")
@pytest.mark.usefixtures("small_pool")
def test_worker_stuck_in_native_code_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path)
    _pool_tree(root, "stuck.js", "STUCK")

    def stuck() -> None:
        # Like a parser looping in C: the alarm signal never gets through.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)

    _slow_parser(monkeypatch, b"STUCK", stuck)
    started = time.monotonic()
    result = _scan(root, jobs=2, file_timeout=0.5)
    assert time.monotonic() - started < 60
    assert _messages(result, "stuck.js") == ["took longer than 1 s and was stopped; skipped"]
    _assert_intact(result)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="patches reach workers by fork")
@pytest.mark.usefixtures("small_pool")
def test_time_budget_in_a_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(tmp_path)
    _pool_tree(root, "slow.js", "SLOW")
    _slow_parser(monkeypatch, b"SLOW", _spin)
    result = _scan(root, jobs=2, file_timeout=0.5)
    assert _messages(result, "slow.js") == [
        "took longer than 0.5 s to analyse; skipped (raise the limit with --file-timeout)"
    ]
    _assert_intact(result)


@pytest.mark.usefixtures("small_pool")
def test_pool_and_serial_runs_give_the_same_result(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    for index in range(12):
        (root / "web" / f"f{index}.js").write_text(GOOD.replace("purchase", f"purchase {index}"))
    serial = _scan(root, jobs=1)
    pooled = _scan(root, jobs=2)
    assert serial.findings == pooled.findings
    assert serial.notifications == pooled.notifications
    assert list(serial.facts) == list(pooled.facts)


def test_cli_reports_hostile_files_as_notifications(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "blob.py").write_bytes(b"\x00" + KEYWORDS.encode())
    outcome = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", str(root)])
    assert outcome.exit_code == 1, outcome.output
    report = json.loads(outcome.stdout)
    assert any(n["path"] == "blob.py" for n in report["notifications"])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="patches reach workers by fork")
@pytest.mark.usefixtures("small_pool")
def test_bulk_mode_workers_read_files_and_survive_crashes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path)
    _pool_tree(root, "crash.js", "CRASH")
    (root / "blob.py").write_bytes(b"\x00" + KEYWORDS.encode())
    serial = _scan(root, jobs=1)
    monkeypatch.setattr(workers, "BULK_THRESHOLD", 1)
    monkeypatch.setattr(workers, "BULK_CHUNK_FILES", 3)
    bulk = _scan(root, jobs=2)
    assert bulk.findings == serial.findings
    assert bulk.notifications == serial.notifications
    # Workers forked from the parent, so that the patch below reaches them.
    monkeypatch.setattr(workers, "FRESH_FROM_FORKSERVER", False)
    _slow_parser(monkeypatch, b"CRASH", _segfault)
    crashed = _scan(root, jobs=2)
    assert _messages(crashed, "crash.js") == ["crashed the parser (signal SIGSEGV); skipped"]
    assert _messages(crashed, "blob.py") == ["binary file (contains NUL bytes); skipped"]
    _assert_intact(crashed)
