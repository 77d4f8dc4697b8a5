"""The GitHub composite action (action.yml): its structure, its shell steps run locally
the way the runner runs them, and the workflow in docs/adoption.md that uploads the SARIF.

Running the install step builds a virtualenv with ``pip install`` of this checkout, so it
needs a package index (PyPI), like the pre-commit test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import REPO, copy_checkout

yaml = pytest.importorskip("yaml")  # installed with pre-commit, a test dependency

ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))
MISTAKE = 'import * as braze from "@braze/web-sdk";\nbraze.logCustomEvent("purchase");\n'
_EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def test_action_is_a_composite_with_the_documented_inputs() -> None:
    assert ACTION["name"] == "brazelint"
    assert ACTION["description"]
    assert ACTION["runs"]["using"] == "composite"
    inputs = ACTION["inputs"]
    assert set(inputs) == {"paths", "args", "sarif-file", "fail-on", "diff-base"}
    assert {name: spec["default"] for name, spec in inputs.items()} == {
        "paths": ".",
        "args": "",
        "sarif-file": "brazelint.sarif",
        "fail-on": "error",
        "diff-base": "",
    }
    assert all(spec["description"] and spec["required"] is False for spec in inputs.values())
    assert ACTION["outputs"]["sarif-file"]["value"] == "${{ steps.scan.outputs.sarif-file }}"
    assert ACTION["outputs"]["exit-code"]["value"] == "${{ steps.scan.outputs.exit-code }}"


STEPS = {step["name"]: step for step in ACTION["runs"]["steps"]}


def test_steps_are_bash_and_never_paste_inputs_into_scripts() -> None:
    assert list(STEPS) == [
        "Set up Python",
        "Install brazelint",
        "Run brazelint",
        "Write the job summary",
    ]
    for step in ACTION["runs"]["steps"]:
        if "uses" in step:
            continue
        assert step["shell"] == "bash"
        # Expressions inside `run:` are substituted into the script text before bash sees
        # it: an input holding `"; curl …` would run. They belong in `env:` only.
        assert "${{" not in step["run"], step["name"]
    assert STEPS["Run brazelint"]["id"] == "scan"


def test_python_comes_from_setup_python_pinned_by_commit() -> None:
    setup = STEPS["Set up Python"]
    action, _, ref = setup["uses"].partition("@")
    assert action == "actions/setup-python"
    assert re.fullmatch(r"[0-9a-f]{40}", ref)
    assert float(setup["with"]["python-version"]) >= 3.11
    # The workflow's own Python stays what the project chose.
    assert setup["with"]["update-environment"] is False
    install = STEPS["Install brazelint"]
    assert install["env"]["BRAZELINT_PYTHON"] == "${{ steps.python.outputs.python-path }}"


def _substitute(value: str, inputs: dict[str, str], action_path: Path) -> str:
    def one(match: re.Match[str]) -> str:
        expression = match.group(1)
        if expression == "github.action_path":
            return str(action_path)
        if expression == "steps.python.outputs.python-path":
            return "python3"  # what actions/setup-python gives; here, this machine's
        name = expression.removeprefix("inputs.")
        return inputs[name]

    return _EXPRESSION.sub(one, value)


class Runner:
    """Runs the action's steps as GitHub's runner does: ``bash --noprofile --norc -eo
    pipefail`` on the step's script, ``env:`` expressions filled in, ``GITHUB_PATH`` lines
    put on PATH for the steps after, ``GITHUB_OUTPUT`` collected."""

    def __init__(self, action_path: Path, temp: Path) -> None:
        self.action_path = action_path
        self.temp = temp
        self.path_entries: list[str] = []

    def run(
        self, step: dict[str, Any], workspace: Path, **given: str
    ) -> tuple[int, dict[str, str]]:
        inputs = {name: spec["default"] for name, spec in ACTION["inputs"].items()}
        inputs.update({name.replace("_", "-"): value for name, value in given.items()})
        serial = len(list(self.temp.iterdir()))
        files = {name: self.temp / f"{name}.{serial}" for name in ("path", "output", "summary")}
        for file in files.values():
            file.write_text("", encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_"))}
        env["PATH"] = os.pathsep.join([*self.path_entries, env.get("PATH", "")])
        env.update(
            GITHUB_PATH=str(files["path"]),
            GITHUB_OUTPUT=str(files["output"]),
            GITHUB_STEP_SUMMARY=str(files["summary"]),
            RUNNER_TEMP=str(self.temp),
            GITHUB_WORKSPACE=str(workspace),
        )
        for key, value in step.get("env", {}).items():
            env[key] = _substitute(str(value), inputs, self.action_path)
        script = self.temp / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        completed = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        self.path_entries = [
            *files["path"].read_text(encoding="utf-8").split(),
            *self.path_entries,
        ]
        outputs = dict(
            line.split("=", 1)
            for line in files["output"].read_text(encoding="utf-8").splitlines()
            if "=" in line
        )
        self.last = completed
        self.summary = files["summary"].read_text(encoding="utf-8")
        return completed.returncode, outputs


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Runner:
    if shutil.which("bash") is None:
        pytest.skip("the action's steps are bash scripts")
    base = tmp_path_factory.mktemp("action")
    runner = Runner(copy_checkout(base / "action"), base / "runner-temp")
    runner.temp.mkdir()
    install = STEPS["Install brazelint"]
    code, _ = runner.run(install, base)
    assert code == 0, runner.last.stdout + runner.last.stderr
    assert len(runner.path_entries) == 1
    assert (Path(runner.path_entries[0]) / "brazelint").exists()
    return runner


@pytest.fixture
def fixture_repo(tmp_path: Path) -> Path:
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "checkout.js").write_text(MISTAKE, encoding="utf-8")
    (tmp_path / "server").mkdir()
    (tmp_path / "server" / "clean.py").write_text("print('no braze here')\n", encoding="utf-8")
    return tmp_path


def _scan(runner: Runner, workspace: Path, **inputs: str) -> tuple[int, dict[str, str]]:
    return runner.run(STEPS["Run brazelint"], workspace, **inputs)


def test_scan_step_writes_sarif_and_fails_on_findings(
    installed: Runner, fixture_repo: Path
) -> None:
    code, outputs = _scan(installed, fixture_repo, fail_on="warning")
    assert code == 1
    assert outputs == {"sarif-file": "brazelint.sarif", "exit-code": "1"}
    assert "::error title=brazelint::findings at or above 'warning'" in installed.last.stdout
    document = json.loads((fixture_repo / "brazelint.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    [result] = document["runs"][0]["results"]
    assert result["ruleId"] == "BRZ401"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "web/checkout.js",
        "uriBaseId": "%SRCROOT%",
    }


def test_scan_step_below_fail_on_level_passes_and_still_writes_sarif(
    installed: Runner, fixture_repo: Path
) -> None:
    # BRZ401 is a warning: failing only on errors lets the step pass.
    code, outputs = _scan(installed, fixture_repo, fail_on="error", sarif_file="out/b.sarif")
    assert code == 0, installed.last.stderr
    assert outputs == {"sarif-file": "out/b.sarif", "exit-code": "0"}
    assert json.loads((fixture_repo / "out" / "b.sarif").read_text("utf-8"))["runs"][0]["results"]


def test_scan_step_passes_paths_and_args(installed: Runner, fixture_repo: Path) -> None:
    code, _ = _scan(installed, fixture_repo, paths="server", fail_on="note")
    assert code == 0
    code, _ = _scan(installed, fixture_repo, args="--ignore BRZ401", fail_on="note")
    assert code == 0
    code, _ = _scan(installed, fixture_repo, fail_on="never")
    assert code == 0
    assert json.loads((fixture_repo / "brazelint.sarif").read_text("utf-8"))["runs"][0]["results"]


def test_scan_step_rejects_a_bad_fail_on_and_reports_config_errors(
    installed: Runner, fixture_repo: Path
) -> None:
    code, _ = _scan(installed, fixture_repo, fail_on="sometimes")
    assert code == 2
    assert "fail-on must be note, warning, error or never" in installed.last.stdout
    code, outputs = _scan(installed, fixture_repo, args="--select BRZ999")
    assert code == 2
    assert outputs["exit-code"] == "2"
    assert "unknown rule selector 'BRZ999'" in installed.last.stderr


def test_inputs_cannot_inject_shell(installed: Runner, fixture_repo: Path) -> None:
    marker = fixture_repo / "pwned"
    code, _ = _scan(installed, fixture_repo, paths=f"web; touch {marker}", fail_on="never")
    assert not marker.exists()
    assert code == 2  # "web;" and "touch" are just paths that do not exist


def _workflow() -> dict[str, Any]:
    text = (REPO / "docs" / "adoption.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)
    workflows = [yaml.safe_load(block) for block in blocks if "upload-sarif" in block]
    assert len(workflows) == 1
    return workflows[0]


def test_job_summary_counts_findings_per_rule(installed: Runner, fixture_repo: Path) -> None:
    code, _ = _scan(installed, fixture_repo, fail_on="never")
    assert code == 0
    code, _ = installed.run(STEPS["Write the job summary"], fixture_repo)
    assert code == 0, installed.last.stderr
    assert installed.summary.splitlines()[:3] == [
        "## brazelint",
        "",
        "1 new finding(s); 0 unchanged, baselined or suppressed.",
    ]
    assert "| BRZ401 | purchase-as-custom-event | 1 |" in installed.summary


def test_scan_step_with_diff_base_fails_only_on_new_findings(
    installed: Runner, fixture_repo: Path
) -> None:
    from tests.conftest import run_git

    run_git(fixture_repo, "init", "-q", "-b", "main")
    run_git(fixture_repo, "add", "-A")
    run_git(fixture_repo, "commit", "-qm", "old")
    run_git(fixture_repo, "checkout", "-q", "-b", "feature")
    code, _ = _scan(installed, fixture_repo, fail_on="warning", diff_base="main")
    assert code == 0, installed.last.stderr  # the one finding is old
    checkout = fixture_repo / "web" / "checkout.js"
    checkout.write_text(MISTAKE + 'braze.logCustomEvent("completed_purchase");\n', encoding="utf-8")
    code, outputs = _scan(installed, fixture_repo, fail_on="warning", diff_base="main")
    assert code == 1
    assert outputs["exit-code"] == "1"
    results = json.loads((fixture_repo / "brazelint.sarif").read_text("utf-8"))["runs"][0]
    states = sorted(r["baselineState"] for r in results["results"])
    assert states == ["new", "unchanged"]
    code, _ = installed.run(STEPS["Write the job summary"], fixture_repo)
    assert code == 0, installed.last.stderr
    assert "1 new finding(s); 1 unchanged, baselined or suppressed." in installed.summary
    code, _ = _scan(installed, fixture_repo, diff_base="no-such-ref")
    assert code == 2
    assert "'no-such-ref' names no commit" in installed.last.stderr


def test_documented_workflow_uploads_the_sarif_with_a_category() -> None:
    workflow = _workflow()
    [job] = workflow["jobs"].values()
    assert job["permissions"]["security-events"] == "write"
    steps = job["steps"]
    [scan] = [s for s in steps if str(s.get("uses", "")).startswith("brazelint/brazelint@")]
    [upload] = [s for s in steps if str(s.get("uses", "")).startswith("github/")]
    assert re.fullmatch(r"github/codeql-action/upload-sarif@[0-9a-f]{40}", upload["uses"])
    [checkout] = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert re.fullmatch(r"actions/checkout@[0-9a-f]{40}", checkout["uses"])
    assert checkout["with"]["persist-credentials"] is False
    # The action brings its own Python: the workflow needs no setup-python step.
    assert not [s for s in steps if "setup-python" in str(s.get("uses", ""))]
    assert upload["with"]["sarif_file"] == scan["with"]["sarif-file"]
    assert upload["with"]["category"] == "brazelint"
    # Pull requests are judged on their new findings, which needs the merge base's history.
    assert scan["with"]["diff-base"] == "${{ github.event.pull_request.base.sha }}"
    assert checkout["with"]["fetch-depth"] == 0
    # Findings fail the scan step; the upload must still run so the alerts appear.
    assert upload["if"] == "${{ !cancelled() }}"
    assert set(scan["with"]) <= set(ACTION["inputs"])
    assert steps.index(scan) < steps.index(upload)


def _github_schema(name: str) -> dict[str, Any]:
    vendor = pytest.importorskip("check_jsonschema.builtin_schemas.vendor")
    path = Path(vendor.__file__).parent / f"{name}.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def test_action_is_valid_against_the_github_action_schema() -> None:
    schema = _github_schema("github-actions")
    jsonschema.validators.validator_for(schema)(schema).validate(ACTION)


def test_documented_workflow_is_valid_against_the_github_workflow_schema() -> None:
    schema = _github_schema("github-workflows")
    workflow = dict(_workflow())
    # PyYAML reads the key `on` as YAML 1.1's boolean true; GitHub reads it as "on".
    workflow["on"] = workflow.pop(True)
    jsonschema.validators.validator_for(schema)(schema).validate(workflow)
