"""``--diff-base REF``: only findings new since the merge base are reported (issue 15).

A fixture repository has a ``main`` commit with old findings and a ``feature`` branch that
moves an old line, leaves another untouched, copies an old mistake once more and adds a
new one. The merge base is read from git objects, never checked out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from brazelint.cli import main
from brazelint.diff_base import safe_relative
from tests.conftest import REPO, run_git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)

OLD_APP = (
    'import * as braze from "@braze/web-sdk";\n'
    'braze.logCustomEvent("purchase");\n'  # old, moved down on the branch
    "braze.changeUser(user.email);\n"  # old, untouched
)
NEW_APP = (
    'import * as braze from "@braze/web-sdk";\n'
    "// two lines added above the old event\n"
    "\n"
    'braze.logCustomEvent("purchase");\n'
    "braze.changeUser(user.email);\n"
    'braze.logCustomEvent("completed_purchase");\n'  # new
)


def _commit(repo: Path, message: str) -> None:
    run_git(repo, "add", "-A")
    run_git(repo, "commit", "-qm", message)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = tmp_path / "repo"
    (repo / "web").mkdir(parents=True)
    run_git(repo, "init", "-q", "-b", "main")
    (repo / "web" / "app.js").write_text(OLD_APP, encoding="utf-8")
    (repo / "web" / "untouched.js").write_text(OLD_APP, encoding="utf-8")
    _commit(repo, "old code")
    run_git(repo, "checkout", "-q", "-b", "feature")
    (repo / "web" / "app.js").write_text(NEW_APP, encoding="utf-8")
    _commit(repo, "feature")
    monkeypatch.chdir(repo)
    return repo


def _json(*args: str) -> tuple[int, dict, str]:
    outcome = CliRunner().invoke(main, ["check", *args, "--no-cache", "--format", "json"])
    data = json.loads(outcome.stdout) if outcome.stdout.strip() else {}
    return outcome.exit_code, data, outcome.stderr


def _located(data: dict) -> list[tuple[str, int, str]]:
    return [(f["path"], f["line"], f["rule_id"]) for f in data["findings"]]


def test_only_findings_new_since_the_merge_base_are_reported(repo: Path) -> None:
    code, everything, _ = _json(".")
    assert code == 1
    assert len(everything["findings"]) == 7  # 3 per old file, one more on the branch
    code, data, stderr = _json(".", "--diff-base", "main")
    assert code == 1, stderr
    # The moved event (line 2 → 4), the untouched changeUser and the untouched file are old.
    assert _located(data) == [("web/app.js", 6, "BRZ401")]
    assert data["summary"]["hidden"] == {"baseline": 0, "diff_base": 6, "inline": 0}


def test_a_second_copy_of_an_old_mistake_is_new(repo: Path) -> None:
    (repo / "web" / "untouched.js").write_text(
        OLD_APP + 'braze.logCustomEvent("purchase");\n', encoding="utf-8"
    )
    _commit(repo, "copy")
    _, data, _ = _json("web/untouched.js", "--diff-base", "main")
    # The copy is new; which of the two identical findings is shown is the later one.
    assert _located(data) == [("web/untouched.js", 4, "BRZ401")]


def test_a_file_the_merge_base_lacks_is_all_new(repo: Path) -> None:
    (repo / "web" / "added.js").write_text(OLD_APP, encoding="utf-8")
    code, data, _ = _json("web", "--diff-base", "main")
    assert code == 1
    assert {path for path, _, _ in _located(data)} == {"web/added.js", "web/app.js"}


def test_a_branch_moved_on_since_compares_with_the_merge_base(repo: Path) -> None:
    # main gets a fix after the branch started: the merge base still has the finding.
    run_git(repo, "checkout", "-q", "main")
    (repo / "web" / "untouched.js").write_text("// fixed\n", encoding="utf-8")
    _commit(repo, "fix on main")
    run_git(repo, "checkout", "-q", "feature")
    _, data, _ = _json(".", "--diff-base", "main")
    assert _located(data) == [("web/app.js", 6, "BRZ401")]


def test_clean_text_summary_says_how_many_were_hidden(repo: Path) -> None:
    outcome = CliRunner().invoke(main, ["web/untouched.js", "--no-cache", "--diff-base", "main"])
    assert outcome.exit_code == 0
    assert outcome.stdout.splitlines() == [
        "No findings in 1 file.",
        "3 findings not shown: 3 already at the merge base (--diff-base).",
    ]


def test_sarif_keeps_unchanged_results_with_a_baseline_state(repo: Path) -> None:
    outcome = CliRunner().invoke(
        main, [".", "--no-cache", "--format", "sarif", "--diff-base", "main"]
    )
    assert outcome.exit_code == 1
    document = json.loads(outcome.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    results = document["runs"][0]["results"]
    states = sorted(
        (r["locations"][0]["physicalLocation"]["region"]["startLine"], r["baselineState"])
        for r in results
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "web/app.js"
    )
    assert states == [(4, "unchanged"), (4, "unchanged"), (5, "unchanged"), (6, "new")]
    # Not suppressed, only not new: no `suppressions`, so GitHub keeps the alert open.
    assert not [r for r in results if "suppressions" in r]
    assert len(results) == 7


def test_baseline_and_diff_base_together(repo: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    outcome = CliRunner().invoke(
        main, ["web/app.js", "--no-cache", "--write-baseline", str(baseline)]
    )
    assert outcome.exit_code == 0
    args = ["web", "--no-cache", "--baseline", str(baseline), "--diff-base", "main"]
    outcome = CliRunner().invoke(main, [*args, "--format", "sarif", "--include-suppressed"])
    results = json.loads(outcome.stdout)["runs"][0]["results"]
    jsonschema.Draft4Validator(SCHEMA).validate(json.loads(outcome.stdout))
    by_state = {(r["baselineState"], bool(r.get("suppressions"))) for r in results}
    # app.js: all recorded in the baseline (suppressed, external); untouched.js: unchanged.
    assert by_state == {("unchanged", True), ("unchanged", False)}
    assert {s["kind"] for r in results for s in r.get("suppressions", [])} == {"external"}
    code, data, _ = _json(*args)
    assert code == 0
    assert data["findings"] == []
    assert data["summary"]["hidden"] == {"baseline": 4, "diff_base": 3, "inline": 0}


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("no-such-branch", "--diff-base: 'no-such-branch' names no commit in this repository"),
        ("--output=x", "--diff-base: '--output=x' names no commit in this repository"),
        ("main:web/app.js", "names no commit in this repository"),
    ],
)
def test_a_bad_ref_is_one_line_and_exit_2(repo: Path, ref: str, message: str) -> None:
    outcome = CliRunner().invoke(main, [".", "--no-cache", f"--diff-base={ref}"])
    assert outcome.exit_code == 2
    assert outcome.stdout == ""
    [line] = outcome.stderr.splitlines()
    assert line.startswith("brazelint: error: ") and message in line
    assert not (repo / "x").exists()


def test_no_common_ancestor_is_exit_2(repo: Path) -> None:
    run_git(repo, "checkout", "-q", "--orphan", "unrelated")
    _commit(repo, "unrelated history")
    run_git(repo, "checkout", "-q", "feature")
    outcome = CliRunner().invoke(main, [".", "--no-cache", "--diff-base", "unrelated"])
    assert outcome.exit_code == 2
    assert "have no common ancestor here" in outcome.stderr
    assert "fetch-depth: 0" in outcome.stderr


def test_outside_git_and_with_stdin_is_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "app.js").write_text(OLD_APP, encoding="utf-8")
    monkeypatch.chdir(folder)
    outcome = CliRunner().invoke(main, [".", "--no-cache", "--diff-base", "main"])
    assert outcome.exit_code == 2
    assert "--diff-base needs a git repository" in outcome.stderr
    outcome = CliRunner().invoke(
        main, ["-", "--stdin-filename", "a.js", "--diff-base", "main"], input=OLD_APP
    )
    assert outcome.exit_code == 2
    assert "cannot be used with `-`" in outcome.stderr


def test_the_merge_base_is_read_without_running_filters_or_hooks(
    repo: Path, tmp_path: Path
) -> None:
    markers = tmp_path / "markers"
    markers.mkdir()
    (repo / ".gitattributes").write_text("* filter=planted diff=planted\n", encoding="utf-8")
    _commit(repo, "attributes")
    for setting in (
        "filter.planted.smudge",
        "filter.planted.clean",
        "filter.planted.process",
        "diff.planted.textconv",
        "core.fsmonitor",
        "core.pager",
    ):
        script = tmp_path / f"{setting}.sh"
        script.write_text(f"#!/bin/sh\ntouch '{markers / setting}'\ncat\n", encoding="utf-8")
        script.chmod(0o755)
        run_git(repo, "config", setting, str(script))
    code, data, stderr = _json(".", "--diff-base", "main")
    assert code == 1, stderr
    assert _located(data) == [("web/app.js", 6, "BRZ401")]
    assert sorted(path.name for path in markers.iterdir()) == []


@pytest.mark.parametrize(
    ("path", "safe"),
    [
        ("web/app.js", True),
        ("a/../../etc/passwd", False),
        ("/etc/passwd", False),
        (".git/hooks/post-checkout", False),
        ("sub/.GIT/config", False),
        ("a//b.js", False),
        ("a\\..\\b.js", False),
    ],
)
def test_paths_git_stores_are_written_only_inside_the_temporary_tree(path: str, safe: bool) -> None:
    assert (safe_relative(path) is not None) is safe


def test_a_merge_base_file_that_cannot_be_written_counts_as_new_with_a_warning(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins
    import errno

    import brazelint.diff_base

    def refusing_open(path: object, *args: object, **kwargs: object) -> object:
        if str(path).endswith("untouched.js"):
            raise OSError(errno.EINVAL, "Invalid argument")
        return builtins.open(path, *args, **kwargs)

    monkeypatch.setattr(brazelint.diff_base, "open", refusing_open, raising=False)
    code, data, _ = _json(".", "--diff-base", "main")
    assert code == 1
    assert {path for path, _, _ in _located(data)} == {"web/app.js", "web/untouched.js"}
    [note] = [n for n in data["notifications"] if "--diff-base" in n["message"]]
    assert note["level"] == "warning"
    assert "1 file(s) of the merge base could not be written" in note["message"]
    assert "web/untouched.js" in note["message"]


def test_project_rules_are_judged_on_each_whole_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # BRZ203 compares the clusters of every file: a file-list run (as pre-commit makes)
    # still judges the whole merge base, so an old mismatch on a named file is not new.
    repo = tmp_path / "regions"
    shutil.copytree(REPO / "tests" / "fixtures" / "region-mismatch", repo)
    run_git(repo, "init", "-q", "-b", "main")
    _commit(repo, "old mismatch")
    run_git(repo, "checkout", "-q", "-b", "feature")
    settings = repo / "server" / "settings.py"
    settings.write_text("# moved down\n" + settings.read_text(encoding="utf-8"), "utf-8")
    _commit(repo, "unrelated change")
    monkeypatch.chdir(repo)
    code, everything, _ = _json("server/settings.py")
    assert "BRZ203" in {f["rule_id"] for f in everything["findings"]}
    code, data, stderr = _json("server/settings.py", "--diff-base", "main")
    assert code == 0, stderr
    assert data["findings"] == []
    # A third cluster in another file is a new mismatch.
    (repo / "server" / "extra.py").write_text(
        'EXPORT_URL = "https://rest.fra-02.braze.eu/users/export/ids"\n', encoding="utf-8"
    )
    _, data, _ = _json(".", "--diff-base", "main")
    assert {f["path"] for f in data["findings"] if f["rule_id"] == "BRZ203"} == {"server/extra.py"}
