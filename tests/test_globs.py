"""Path globs without ``pathspec`` (``discover._SimpleGlobs``): the plain globs brazelint
ships and most users write must mean exactly what ``pathspec``'s gitignore rules say,
on files and on folders (a trailing slash), at every depth."""

from __future__ import annotations

import pathspec
from hypothesis import example, given, settings
from hypothesis import strategies as st

from brazelint import discover
from brazelint.config import DEFAULT_TEST_PATHS

_NAME = st.sampled_from(
    ["a", "b", "test", "tests", "spec", "x.test.ts", "a-test.js", "FooTests", "src", ".env"]
)
_PATHS = st.lists(_NAME, min_size=1, max_size=5).map("/".join)
_LEVEL = st.one_of(
    _NAME,
    st.sampled_from(["*", "**", "*.test.*", "*Tests", "test_*.py", "*-test.*", "a*", "*b"]),
)
_GLOBS = st.builds(
    lambda lead, levels, trail: lead + "/".join(levels) + trail,
    st.sampled_from(["", "/", "**/"]),
    st.lists(_LEVEL, min_size=1, max_size=4),
    st.sampled_from(["", "/"]),
)


def _pathspec(glob: str, path: str) -> bool:
    return bool(pathspec.GitIgnoreSpec.from_lines([glob]).match_file(path))


def _ours(glob: str, path: str) -> bool | None:
    simple = discover._SimpleGlobs.of((glob,))
    return None if simple is None else simple.match_file(path)


def test_the_shipped_test_paths_are_simple() -> None:
    assert discover._SimpleGlobs.of(DEFAULT_TEST_PATHS) is not None
    assert isinstance(discover._spec(DEFAULT_TEST_PATHS), discover._SimpleGlobs)


@settings(max_examples=3000, deadline=None)
@given(_GLOBS, _PATHS, st.booleans())
@example("**/tests/**/*-test.*", "web/tests/unit/a-test.js", False)
@example("*Tests/", "ios/FooTests/a", False)
@example("src/test/", "src/test", True)
@example("a/**", "a", True)
def test_simple_globs_match_like_pathspec(glob: str, path: str, folder: bool) -> None:
    shown = path + "/" if folder else path
    ours = _ours(glob, shown)
    if ours is not None:
        assert ours == _pathspec(glob, shown), (glob, shown)


def test_other_globs_go_to_pathspec() -> None:
    for glob in ("!keep.ts", "a?c", "[ab].ts", "a\\*", "a**b/", "#x", "**", "../a", "a//b"):
        assert discover._SimpleGlobs.of((glob,)) is None, glob
    assert discover.matches_glob("web/ab.ts", "web/a?.ts")
    assert not discover.matches_glob("web/keep.ts", "!keep.ts")


def test_absolute_paths_are_matched_by_pathspec() -> None:
    simple = discover._SimpleGlobs.of(("test/",))
    assert simple is not None
    assert simple.match_file("/outside/test/a.ts") == _pathspec("test/", "/outside/test/a.ts")
    assert simple.match_file("/test/a.ts") == _pathspec("test/", "/test/a.ts")


@settings(max_examples=1000, deadline=None)
@given(st.lists(_GLOBS, min_size=1, max_size=3), _PATHS)
def test_excludes_match_like_pathspec_folder_by_folder(globs: list[str], path: str) -> None:
    """``_Excludes.match`` decides a simple spec by its expression alone; with pathspec it
    asks for the file and for every folder above it, and both must agree."""
    if discover._SimpleGlobs.of(tuple(globs)) is None:
        return
    excludes = discover._Excludes(globs)
    parts = path.split("/")
    folders = ["/".join(parts[: depth + 1]) + "/" for depth in range(len(parts) - 1)]
    spec = pathspec.GitIgnoreSpec.from_lines(globs)
    expected = any(spec.match_file(f) for f in folders) or spec.match_file(path)
    assert excludes.match(path) == bool(expected), (globs, path)


def test_names_with_a_newline_are_matched_by_pathspec() -> None:
    for glob in ("test/", "conftest.py", "**/tests/**/*-test.*"):
        simple = discover._SimpleGlobs.of((glob,))
        assert simple is not None
        for path in ("a\nb/test/x", "conftest.py\n", "a\n/tests/b/c-test.js"):
            assert simple.match_file(path) == _pathspec(glob, path), (glob, path)
            parts = path.split("/")
            folders = ["/".join(parts[: d + 1]) + "/" for d in range(len(parts) - 1)]
            expected = any(_pathspec(glob, f) for f in folders) or _pathspec(glob, path)
            assert discover._Excludes([glob]).match(path) == expected, (glob, path)
