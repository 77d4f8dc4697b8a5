"""The one way brazelint runs git: with every setting that could run a command overridden.

brazelint is run on checkouts it did not make (pull requests from strangers, a repository
cloned to be audited), and a repository's own ``.git/config`` (or a file it includes) is
as untrusted as its code. Git reads that configuration on every command, and some of its
settings are commands: ``core.fsmonitor`` runs on any command that reads the index
(``ls-files``), so a planted one ran during a plain ``brazelint check``. Every git call
goes through ``command``/``run`` here, which put a ``-c`` override for each such setting
in front of the subcommand; ``-c`` wins over every configuration file.

What stays as configured: what git lists and ignores (``.gitignore``,
``.git/info/exclude``, the user's ``core.excludesFile``), so discovery still sees the
files the user sees. Settings nobody can make run a command are left alone too.

Not covered by ``-c``: filter drivers (``filter.<name>.clean``/``smudge``/``process``)
and diff drivers (``diff.<name>.textconv``/``command``), whose names the repository
chooses in its ``.gitattributes``. None of the commands brazelint runs applies a filter
(``rev-parse``, ``ls-files`` and ``grep`` of work-tree files read bytes as they are;
``ls-tree`` and ``cat-file --batch`` of ``--diff-base`` read objects as stored, and no
file is ever checked out);
``grep`` is given ``--no-textconv`` and diffs must be given ``DIFF_OPTIONS``.
``tests/test_git_safety.py`` plants each of these and checks none runs.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

#: ``-c`` overrides, each neutralising one setting that names a command git may run.
_OVERRIDES = (
    "core.fsmonitor=false",  # a hook run by every command that reads the index
    "core.hooksPath=" + os.devnull,  # hooks (read-only commands run none; belt and braces)
    "core.sshCommand=false",
    "core.gitProxy=",
    "core.askPass=",
    "credential.helper=",  # an empty value clears the helper list
    "core.pager=cat",
    "diff.external=",
    "gpg.program=false",
    "gpg.ssh.program=false",
    "gpg.x509.program=false",
    "protocol.allow=never",  # no transport at all: brazelint never uses the network
    "submodule.recurse=false",
)

#: Options for any ``git diff``/``log -p``/``show``: no external diff driver, no textconv.
DIFF_OPTIONS = ("--no-ext-diff", "--no-textconv")

#: How long one git command may take before brazelint gives up on it (seconds).
TIMEOUT = 60


def command(*args: str | bytes) -> list[str | bytes]:
    """The argument vector running ``git ARGS`` with every command-running setting off
    (``bytes`` arguments pass search patterns through as they are)."""
    overrides = [part for setting in _OVERRIDES for part in ("-c", setting)]
    return ["git", "--no-pager", *overrides, *args]


def environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for git: the user's, never prompting, never taking locks."""
    env = {**os.environ, **(extra or {})}
    env.update(
        GIT_TERMINAL_PROMPT="0",  # never ask for credentials
        GIT_OPTIONAL_LOCKS="0",  # never write the index back (a read-only scan)
        GIT_PAGER="cat",
        GIT_ASKPASS="",
        SSH_ASKPASS="",
    )
    # A pager or external diff named in the environment is the user's own choice, but
    # brazelint wants neither.
    env.pop("GIT_EXTERNAL_DIFF", None)
    return env


def run(folder: Path, *args: str) -> str | None:
    """Standard output of ``git ARGS`` in ``folder``, or None when git is missing, fails
    or runs past ``TIMEOUT``."""
    try:
        completed = subprocess.run(
            command(*args),
            cwd=folder,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
            env=environment(),
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if completed.returncode != 0:
        return None
    return completed.stdout.decode("utf-8", "surrogateescape")


def start(
    folder: Path, *args: str | bytes, extra_env: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes] | None:
    """``git ARGS`` started in ``folder`` with its output piped, or None when it cannot
    start; the caller reads and ends it."""
    try:
        return subprocess.Popen(
            command(*args),
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment(extra_env),
        )
    except (OSError, subprocess.SubprocessError):
        return None


# --- reading a commit's files from git objects (``--diff-base``) ---------------------------

#: Modes of tree entries that are plain files (symbolic links and submodules are not).
_FILE_MODES = frozenset({"100644", "100755"})


def commit_id(folder: Path, ref: str) -> str | None:
    """The commit ``ref`` names in the repository at ``folder``, or None when it names
    none. A ref starting with ``-`` is refused: git would read it as an option."""
    if not ref or ref.startswith("-") or "\0" in ref:
        return None
    found = run(folder, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    return found.strip() if found else None


def merge_base(folder: Path, first: str, second: str = "HEAD") -> str | None:
    """The best common ancestor of two commits, or None when they share none (or a
    shallow clone does not hold it)."""
    found = run(folder, "merge-base", first, second)
    return found.split()[0] if found and found.strip() else None


def tree_files(folder: Path, commit: str) -> list[tuple[str, int, str]] | None:
    """(blob id, size, path) of every regular file in ``commit``'s tree, paths relative
    to the repository's top; None when git cannot list it. Symbolic links and submodules
    are left out: discovery does not follow the one nor enter the other unchecked-out."""
    listed = run(folder, "ls-tree", "-r", "-l", "-z", "--full-tree", commit)
    if listed is None:
        return None
    files: list[tuple[str, int, str]] = []
    for record in listed.split("\0"):
        header, tab, path = record.partition("\t")
        parts = header.split()
        if not tab or len(parts) != 4 or parts[0] not in _FILE_MODES or parts[1] != "blob":
            continue
        try:
            size = int(parts[3])
        except ValueError:
            continue
        files.append((parts[2], size, path))
    return files


class GitError(Exception):
    """git could not answer a question brazelint cannot go on without."""


def read_blobs(folder: Path, blob_ids: Iterable[str]) -> Iterator[tuple[str, bytes]]:
    """(blob id, content as stored) for each blob, one at a time; raises ``GitError`` when
    git fails. ``cat-file --batch`` applies no filter and no textconv and checks nothing
    out. Each answer is read before the next request is written, so neither pipe fills."""
    process = start_batch(folder)
    if process is None:
        raise GitError("cannot run git")
    assert process.stdin is not None and process.stdout is not None
    try:
        for blob_id in blob_ids:
            try:
                process.stdin.write(blob_id.encode("ascii") + b"\n")
                process.stdin.flush()
                header = process.stdout.readline().split()
                if len(header) != 3 or header[1] != b"blob":
                    raise GitError(f"git cannot read object {blob_id}")
                size = int(header[2])
                data = process.stdout.read(size)
                process.stdout.read(1)  # the newline after each object
            except (OSError, ValueError) as error:
                raise GitError(f"git cannot read object {blob_id}: {error}") from error
            if len(data) != size:
                raise GitError(f"git cut object {blob_id} short")
            yield blob_id, data
    finally:
        with contextlib.suppress(OSError):
            process.stdin.close()
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            process.kill()
            process.wait(timeout=TIMEOUT)


def start_batch(folder: Path) -> subprocess.Popen[bytes] | None:
    """``git cat-file --batch`` in ``folder``, reading object names from its stdin."""
    try:
        return subprocess.Popen(
            command("cat-file", "--batch"),
            cwd=folder,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=environment(),
        )
    except (OSError, subprocess.SubprocessError):
        return None
