"""What a release ships: `python -m build` makes a wheel and an sdist, the wheel holds the
package, its rule catalog and the licence, and the installed `brazelint` runs the demo."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

import brazelint

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(
    not (REPO / "pyproject.toml").is_file(), reason="needs the source tree, not an install"
)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("build")
    source = tmp_path_factory.mktemp("source")
    # A copy without local clutter (caches, benchmark trees), as a clean clone would be.
    shutil.copytree(
        REPO,
        source / "brazelint",
        ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", ".*_cache", "dist"),
    )
    out = tmp_path_factory.mktemp("dist")
    completed = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(source / "brazelint")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
    return out


def test_wheel_holds_the_package_catalog_and_licence(dist: Path) -> None:
    (wheel,) = dist.glob("brazelint-*.whl")
    assert wheel.name.startswith(f"brazelint-{brazelint.__version__}-")
    names = set(zipfile.ZipFile(wheel).namelist())
    package = REPO / "brazelint"
    modules = {
        f"brazelint/{path.relative_to(package).as_posix()}" for path in package.rglob("*.py")
    }
    assert modules <= names
    catalog = {name for name in names if name.startswith("brazelint/_catalog/BRZ")}
    assert len(catalog) == len(list((REPO / "rules").glob("BRZ*.toml")))
    assert any(name.endswith("licenses/LICENSE") for name in names)
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "brazelint = brazelint.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_sdist_holds_the_sources_tests_and_licence(dist: Path) -> None:
    (sdist,) = dist.glob("brazelint-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"LICENSE", "CHANGELOG.md", "README.md", "pyproject.toml"} <= names
    assert "brazelint/cli.py" in names and "rules/BRZ401.toml" in names


def test_installed_wheel_runs_the_demo(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("brazelint-*.whl")
    # The dependencies are those of this interpreter; only brazelint comes from the wheel.
    venv.create(tmp_path / "venv", system_site_packages=True, with_pip=True)
    python = tmp_path / "venv" / "bin" / "python"
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--force-reinstall",
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    completed = subprocess.run(
        [
            str(tmp_path / "venv" / "bin" / "brazelint"),
            "--no-cache",
            str(REPO / "examples" / "demo-app"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert completed.returncode == 1, completed.stderr
    assert "BRZ101" in completed.stdout and "Found " in completed.stdout
    # It ran the installed copy, not this source tree.
    where = subprocess.run(
        [str(python), "-c", "import brazelint; print(brazelint.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    ).stdout
    assert str(tmp_path / "venv") in where
