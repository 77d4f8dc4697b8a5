"""The command line: ``brazelint [check] PATHS``, ``brazelint rule ID``, ``brazelint rules``.

Exit codes follow ruff: 0 no findings at or above the failing level, 1 findings,
2 usage / configuration error or an internal failure.

Options mirror the configuration keys (``brazelint/config.py``) and win over the file.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from brazelint import __version__
from brazelint.catalog import CatalogEntry, CatalogError, load_catalog, lookup, rule_table_markdown
from brazelint.config import (
    Config,
    ConfigError,
    Layer,
    find_config,
    load_file,
    parse_layer,
    resolve,
)
from brazelint.discover import find_root
from brazelint.findings import Severity
from brazelint.suggest import closest, hint

if TYPE_CHECKING:
    from brazelint.baseline import Baseline
    from brazelint.diff_base import MergeBase
    from brazelint.engine import ScanOptions, ScanResult
    from brazelint.findings import Finding, Notification
    from brazelint.fixing import FixOutcome
    from brazelint.report.model import Report

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")
STDIN = "-"


class _DefaultToCheck(click.Group):
    """``brazelint PATH`` means ``brazelint check PATH``, as users of ruff's old CLI and of
    detect-secrets expect; subcommands stay reachable by name."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        word = args[0] if args else None
        if word in self.commands:
            if word != "check" and "--" not in args and os.path.lexists(word):
                # `brazelint server` in a repository with a server/ folder must not start a
                # language server in CI, nor `brazelint rules` skip scanning rules/.
                _fail(
                    f"`{word}` is both a brazelint command and a path here: run "
                    f"`brazelint check {word}` to scan the path, or `brazelint {word} --` "
                    "for the command"
                )
        elif word is None or word not in ("--help", "-h", "--version"):
            if (
                word is not None
                and not word.startswith("-")
                and not os.path.lexists(word)
                and (command := closest(word, self.commands)) is not None
            ):
                _fail(f"no such path or command: {word!r} (did you mean `brazelint {command}`?)")
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="brazelint")
def main() -> None:
    """Find Braze integration mistakes: leaked REST keys, wrong clusters, identity and
    data-model errors, Liquid without defaults."""


_SEVERITY_CHOICE = click.Choice([s.value for s in Severity])


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read settings from this file (pyproject.toml or .brazelint.toml) instead of the "
    "nearest one above the scanned paths.",
)
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help="Only these rules (IDs, prefixes like BRZ4, names, or ALL); comma-separated or repeated.",
)
@click.option("--extend-select", multiple=True, metavar="RULES", help="Add rules to the selection.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Turn these rules off.")
@click.option(
    "--per-file-ignores",
    multiple=True,
    metavar="GLOB:RULES",
    help="Turn rules off in matching files (repeatable); replaces the file's setting.",
)
@click.option(
    "--extend-per-file-ignores",
    multiple=True,
    metavar="GLOB:RULES",
    help="Like --per-file-ignores, added to the file's setting.",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Skip paths matching this gitignore-style glob (repeatable); replaces the file's setting.",
)
@click.option("--extend-exclude", multiple=True, metavar="GLOB", help="Skip these paths as well.")
@click.option(
    "--severity",
    "severity_overrides",
    multiple=True,
    metavar="RULES=LEVEL",
    help="Report these rules at this level (note, warning, error); repeatable.",
)
@click.option(
    "--fail-on",
    type=_SEVERITY_CHOICE,
    default=None,
    help="Lowest severity that makes the exit code 1 [default: note].",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option(
    "--client-paths",
    multiple=True,
    metavar="GLOB",
    help="Treat matching files as client code, whatever inference says (repeatable).",
)
@click.option(
    "--server-paths",
    multiple=True,
    metavar="GLOB",
    help="Treat matching files as server code, whatever inference says (repeatable).",
)
@click.option(
    "--allowed-clusters",
    multiple=True,
    metavar="CLUSTERS",
    help="The Braze clusters this project may use (iad-01, fra-02 …); comma-separated.",
)
@click.option(
    "--track-batch-limit",
    type=int,
    default=None,
    metavar="N",
    help="Objects one /users/track request may carry [default: 75].",
)
@click.option(
    "--environment-globs",
    multiple=True,
    metavar="GLOB",
    help="Files that configure one environment each (may use a different cluster).",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Report only findings not recorded in this baseline file.",
)
@click.option(
    "--write-baseline",
    "write_baseline_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Record the current findings in this baseline file and exit 0.",
)
@click.option(
    "--diff-base",
    metavar="REF",
    help="Report only findings that are new since the merge base of REF and HEAD (a pull "
    "request's base branch); the merge base is read from git objects and scanned too.",
)
@click.option(
    "--add-suppressions",
    "add_suppressions",
    is_flag=True,
    help="Write a `brazelint: ignore[RULE]` comment at the end of the line of every current "
    "finding, in the file's own comment syntax, and exit 0 (adopting brazelint in a "
    "codebase; like ruff's --add-noqa).",
)
@click.option(
    "--fix",
    "fix",
    is_flag=True,
    help="Apply the safe fixes of the findings to the files, then report what is left.",
)
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix or --diff: also apply unsafe fixes (they change what the code does, "
    "presumably to what was meant; review them).",
)
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Print the fixes --fix would apply as a unified diff and change nothing; exit 1 "
    "when there is something to fix.",
)
@click.option(
    "--reason",
    metavar="TEXT",
    help="With --add-suppressions: the reason written into each comment.",
)
@click.option(
    "--include-suppressed",
    is_flag=True,
    help="Also report findings silenced by comments or the baseline (marked as such).",
)
@click.option(
    "--stdin-filename",
    type=click.Path(path_type=Path),
    help="With the path `-`: the name of the file read from standard input.",
)
@click.option(
    "--max-file-size",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    metavar="MIB",
    help="Skip (with a notification) files larger than this.",
)
@click.option(
    "--file-timeout",
    type=click.FloatRange(min=0),
    default=20.0,
    show_default=True,
    metavar="SECONDS",
    help="Skip (with a notification) a file that takes longer than this to analyse; 0: no limit.",
)
@click.option(
    "--file-memory",
    type=click.IntRange(min=0),
    default=512,
    show_default=True,
    metavar="MIB",
    help="Skip (with a notification) a file whose analysis needs more memory than this; "
    "0: no limit (enforced where /proc is, i.e. on Linux).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for parsing [default: one per CPU]; a pool is only started "
    "when enough files need parsing.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Neither read nor write the result cache.",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to keep the result cache [default: $BRAZELINT_CACHE_DIR, else the user "
    "cache folder, e.g. ~/.cache/brazelint].",
)
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead.")
@click.option(
    "--show-settings",
    is_flag=True,
    help="Print the resolved configuration and where each value came from, and exit "
    "(text, or JSON with --format json).",
)
@click.option(
    "--quiet", "-q", is_flag=True, help="Print findings only: no summary, no notifications."
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour text output (default: on a terminal, unless NO_COLOR is set).",
)
def check(
    paths: tuple[Path, ...],
    output_format: str,
    output: Path | None,
    config_path: Path | None,
    isolated: bool,
    baseline_path: Path | None,
    write_baseline_path: Path | None,
    diff_base: str | None,
    add_suppressions: bool,
    fix: bool,
    unsafe_fixes: bool,
    show_diff: bool,
    reason: str | None,
    include_suppressed: bool,
    stdin_filename: Path | None,
    max_file_size: int,
    file_timeout: float,
    file_memory: int,
    jobs: int | None,
    no_cache: bool,
    cache_dir: Path | None,
    statistics: bool,
    show_settings: bool,
    exit_zero: bool,
    quiet: bool,
    color: bool | None,
    **settings: Any,
) -> None:
    """Scan PATHS (default: the current directory; `-` reads standard input)."""
    # Imported here so that `brazelint rules` and `--help` stay fast.
    from brazelint.discover import DiscoveryError
    from brazelint.engine import ScanOptions, scan
    from brazelint.report import get_reporter
    from brazelint.report.model import Report
    from brazelint.report.text import render_findings, render_notifications
    from brazelint.repository_search import start_early_search

    stdin = None
    if STDIN in (str(path) for path in paths):
        if len(paths) != 1:
            _fail("`-` (standard input) cannot be combined with other paths")
        if stdin_filename is None:
            _fail("reading standard input (`-`) needs --stdin-filename to know the language")
        stdin = (stdin_filename, sys.stdin.buffer.read())
    elif stdin_filename is not None:
        _fail("--stdin-filename is only used with the path `-`")
    if diff_base is not None and stdin is not None:
        _fail("--diff-base compares files in git; it cannot be used with `-` (standard input)")
    if diff_base is not None and write_baseline_path is not None:
        _fail("--write-baseline records every current finding; it cannot be used with --diff-base")
    fixing = fix or show_diff
    if fixing:
        if stdin is not None:
            _fail("--fix and --diff work on files; they cannot be used with `-` (standard input)")
        if add_suppressions or write_baseline_path is not None:
            _fail("--fix and --diff cannot be combined with --add-suppressions or --write-baseline")
        if fix and show_diff:
            _fail("--diff shows what --fix would change; choose one")
    elif unsafe_fixes:
        _fail("--unsafe-fixes is only used with --fix or --diff")
    if reason is not None and not add_suppressions:
        _fail("--reason is only used with --add-suppressions")
    if add_suppressions:
        from brazelint.suppressions import reason_problem

        if stdin is not None:
            _fail("--add-suppressions writes files; it cannot be used with `-` (standard input)")
        if write_baseline_path is not None:
            _fail("--add-suppressions and --write-baseline are two ways to adopt; choose one")
        if reason is not None and (problem := reason_problem(reason)) is not None:
            _fail(f"--reason: {problem}")

    # A mistyped path next to good ones must still fail the job, but only after the good
    # ones were scanned and reported: a CI step should show what it could check.
    missing = [path for path in paths if str(path) != STDIN and not os.path.lexists(path)]
    if missing and (len(missing) == len(paths) or write_baseline_path is not None):
        # Nothing to scan; or a baseline that would silently lose the missing path's findings.
        _fail(f"path does not exist: {missing[0]}")
    paths = tuple(path for path in paths if path not in missing)

    start = _start_folder(paths, stdin_filename if stdin else None)
    git_root = find_root(start)
    cache_folder = None if no_cache else _cache_dir(cache_dir)
    if show_settings:
        _show_settings(
            start, git_root, config_path, isolated, settings, output_format, cache_folder
        )
        sys.exit(EXIT_CLEAN)
    early_search = None
    if stdin is None:
        early_search = start_early_search(paths, git_root, cache_folder)
        if early_search is not None:
            # Stopped however the command ends (scan() stops it too, once answered).
            click.get_current_context().call_on_close(early_search.cancel)
    try:
        catalog = load_catalog()
        config, root = _configure(catalog, start, git_root, config_path, isolated, settings)
    except (ConfigError, CatalogError) as error:
        _fail(str(error))
    baseline = None
    if baseline_path is not None or write_baseline_path is not None:
        from brazelint import baseline as baselines  # only a baseline run needs it

        if baseline_path is not None:
            try:
                baseline = baselines.load(baseline_path)
            except baselines.BaselineError as error:
                _fail(str(error))
    merge_base = None
    if diff_base is not None:
        from brazelint import diff_base as diffs  # only a --diff-base run needs it

        try:
            merge_base = diffs.find_merge_base(root, diff_base)
        except diffs.DiffBaseError as error:
            _fail(str(error))

    options = ScanOptions(
        targets=paths if paths and stdin is None else (Path("."),),
        enabled=config.enabled,
        root=root,
        excludes=config.excludes,
        severity_overrides=config.severity_overrides,
        settings=config.settings,
        max_file_bytes=max_file_size * 1024 * 1024,
        per_file_ignores=config.per_file_ignores,
        context_overrides=config.context_overrides,
        baseline=baseline,
        stdin=stdin,
        jobs=jobs,
        cache_dir=cache_folder,
        file_timeout=file_timeout or None,
        file_memory=file_memory * 1024 * 1024 or None,
    )
    from brazelint import progress as progress_line

    shown_progress = None
    if not quiet and progress_line.wanted(sys.stderr, os.environ):
        shown_progress = progress_line.Progress(sys.stderr)
    try:
        scanned_options = options
        if shown_progress is not None:
            scanned_options = replace(options, progress=shown_progress.update)
        result = scan(scanned_options, early_search)
    except DiscoveryError as error:
        _fail(str(error))
    finally:
        if shown_progress is not None:
            shown_progress.finish()
    unchanged = None
    if merge_base is not None:
        try:
            unchanged, base_notes = diffs.base_findings(options, merge_base)
        except (diffs.DiffBaseError, DiscoveryError) as error:
            _fail(str(error))
        result.notifications.extend(base_notes)
        result.findings = diffs.hide_unchanged(result.findings, result.lines, unchanged)

    if add_suppressions:
        _add_suppressions(options, result, merge_base, unchanged, reason, quiet)
        for path in missing:
            click.echo(f"brazelint: error: path does not exist: {path}", err=True)
        sys.exit(EXIT_ERROR if result.internal_error or missing else EXIT_CLEAN)

    if fixing:
        outcome = _apply_fixes(options, result, unsafe_fixes, write=fix, quiet=quiet)
        if show_diff:
            for path in missing:
                click.echo(f"brazelint: error: path does not exist: {path}", err=True)
            if result.internal_error or missing:
                sys.exit(EXIT_ERROR)
            sys.exit(EXIT_FINDINGS if outcome.changes else EXIT_CLEAN)
        if outcome.changes:
            # Report what is left, as a run after the fixes would.
            result = scan(options)
            if merge_base is not None and unchanged is not None:
                result.findings = diffs.hide_unchanged(result.findings, result.lines, unchanged)
        result.notifications.extend(outcome.notifications)

    if write_baseline_path is not None:
        # Findings the old baseline matched are still current: record them again.
        unsilenced = [
            replace(f, suppressed_by=None)
            for f in result.findings
            if f.suppressed_by in (None, baselines.SUPPRESSED_BY)
        ]
        _write(write_baseline_path, baselines.render(unsilenced, result.lines))
        click.echo(
            f"brazelint: recorded {len(unsilenced)} finding(s) in {write_baseline_path}",
            err=True,
        )
        sys.exit(EXIT_ERROR if result.internal_error else EXIT_CLEAN)

    report = Report(
        findings=tuple(result.findings),
        notifications=tuple(result.notifications),
        rules={rule_id: catalog[rule_id] for rule_id in sorted(config.enabled)},
        files_scanned=result.files_scanned,
        root=str(result.root),
        lines=result.lines,
        include_suppressed=include_suppressed,
        compared=baseline is not None or merge_base is not None,
    )
    use_color = _want_color(color, output, sys.stdout) and output_format == "text"
    if statistics:
        rendered = _statistics(report, output_format)
    elif quiet and output_format == "text":
        rendered = render_findings(report, color=use_color)
    else:
        rendered = get_reporter(output_format)(report, color=use_color)
    if output is not None:
        _write(output, rendered)
    elif rendered:
        # click.echo strips ANSI codes off a non-terminal unless told: --color must win.
        click.echo(rendered, nl=not rendered.endswith("\n"), color=use_color)
    if not quiet and report.notifications:
        notes_color = _want_color(color, None, sys.stderr)
        notes = render_notifications(report, color=notes_color)
        click.echo(notes, err=True, nl=False, color=notes_color)

    for path in missing:
        click.echo(f"brazelint: error: path does not exist: {path}", err=True)
    if result.internal_error or missing:
        sys.exit(EXIT_ERROR)
    threshold = config.fail_on.rank
    # With --include-suppressed the silenced findings are shown, but never fail the run.
    failing = any(f.severity.rank >= threshold for f in report.shown if f.suppressed_by is None)
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN)


def _add_suppressions(
    options: ScanOptions,
    result: ScanResult,
    merge_base: MergeBase | None,
    unchanged: Baseline | None,
    reason: str | None,
    quiet: bool,
) -> None:
    """``--add-suppressions``: write the comments, check them by scanning the changed files
    again (with the same baseline and merge base), and say what was done on stderr."""
    from brazelint import add_suppressions as adder
    from brazelint.engine import scan
    from brazelint.report.model import Report
    from brazelint.report.text import render_notifications

    def rescan(paths: list[Path]) -> tuple[list[Finding], list[Notification]]:
        again = scan(replace(options, targets=tuple(paths)))
        found = again.findings
        if merge_base is not None and unchanged is not None:
            from brazelint.diff_base import hide_unchanged

            found = hide_unchanged(found, again.lines, unchanged)
        return found, again.notifications

    added = adder.add(result.findings, result.lines, result.root, reason or "", rescan)
    if quiet:
        return
    notes = Report(findings=(), notifications=(*result.notifications, *added.notifications))
    color = _want_color(None, None, sys.stderr)
    click.echo(render_notifications(notes, color=color), err=True, nl=False, color=color)
    files = len(added.files)
    click.echo(
        f"brazelint: added suppression comments for {added.findings} finding(s) in {files} "
        f"file{'' if files == 1 else 's'}",
        err=True,
    )


def _apply_fixes(
    options: ScanOptions, result: ScanResult, unsafe: bool, *, write: bool, quiet: bool
) -> FixOutcome:
    """``--fix``/``--diff``: work the fixes out in memory (brazelint.fixing), then write them
    (``--fix``) or print them as a diff with every detected key redacted (``--diff``)."""
    from brazelint import fixing
    from brazelint.engine import scan
    from brazelint.redact import scrub, secrets_of

    def reanalyse(files: Mapping[str, bytes]) -> list[Finding]:
        found: list[Finding] = []
        for path, data in files.items():
            target = result.root / path
            again = scan(replace(options, targets=(target,), stdin=(target, data), cache_dir=None))
            found.extend(again.findings)
        return found

    outcome = fixing.fix_findings(
        result.findings, result.lines, result.root, reanalyse, unsafe=unsafe
    )
    if not write:
        secrets = secrets_of(result.facts.values())
        click.echo(fixing.unified_diff(outcome, lambda line: scrub(line, secrets)), nl=False)
        if not quiet and outcome.notifications:
            for note in outcome.notifications:
                click.echo(f"brazelint: warning: {note.path}: {note.message}", err=True)
        return outcome
    written = fixing.write_changes(outcome, result.root)
    if not quiet:
        fixed = sum(outcome.applied.get(path, 0) for path in written)
        files = len(written)
        click.echo(
            f"brazelint: applied {fixed} fix(es) in {files} file{'' if files == 1 else 's'}",
            err=True,
        )
    return outcome


def _show_settings(
    start: Path,
    git_root: Path,
    config_path: Path | None,
    isolated: bool,
    options: dict[str, Any],
    output_format: str,
    cache_folder: Path | None,
) -> None:
    from click.core import ParameterSource

    from brazelint import settings_view

    try:
        catalog = load_catalog()
        layers, root = _config_layers(catalog, start, git_root, config_path, isolated, options)
        config = resolve(layers, catalog)
    except (ConfigError, CatalogError) as error:
        _fail(str(error))
    context = click.get_current_context()

    def given(*names: str) -> tuple[Any, str]:
        value = context.params[names[0]]
        for name in names:
            source = context.get_parameter_source(name)
            if source is ParameterSource.COMMANDLINE:
                return value, settings_view.COMMAND_LINE
            if source is ParameterSource.ENVIRONMENT:
                return value, "environment"
        return value, settings_view.DEFAULT

    cache_source = given("cache_dir", "no_cache")[1]
    if cache_source == settings_view.DEFAULT and os.environ.get("BRAZELINT_CACHE_DIR"):
        cache_source = "BRAZELINT_CACHE_DIR"
    command_line_only = {
        "format": given("output_format"),
        "max-file-size": given("max_file_size"),
        "file-timeout": given("file_timeout"),
        "file-memory": given("file_memory"),
        "jobs": given("jobs"),
        "cache-dir": (None if cache_folder is None else str(cache_folder), cache_source),
        "baseline": _as_text(given("baseline_path")),
        "diff-base": given("diff_base"),
    }
    if config_path is not None:
        origin = settings_view.COMMAND_LINE + " (--config)"
    elif isolated:
        origin = "none: --isolated"
    elif len(layers) > 1:
        origin = "the nearest one above the scanned paths"
    else:
        origin = "none found above the scanned paths"
    rows = settings_view.collect(layers, config, root, command_line_only, origin)
    click.echo(settings_view.render(rows, output_format), nl=False)


def _as_text(pair: tuple[Any, str]) -> tuple[Any, str]:
    value, source = pair
    return (None if value is None else str(value)), source


def _cache_dir(option: Path | None) -> Path:
    if option is not None:
        return option
    from brazelint.cache import default_cache_dir

    return default_cache_dir()


def _start_folder(paths: tuple[Path, ...], stdin_filename: Path | None) -> Path:
    """Where the configuration search starts: the scanned paths' common folder."""
    if stdin_filename is not None:
        candidates = [stdin_filename.absolute().parent]
    else:
        candidates = [
            path.absolute() if path.is_dir() else path.absolute().parent
            for path in paths or (Path("."),)
        ]
    common = Path(os.path.commonpath([str(path) for path in candidates]))
    # A --stdin-filename (or a path about to fail as missing) may name a folder that does
    # not exist; search from the nearest one that does.
    while not common.is_dir() and common != common.parent:
        common = common.parent
    return common


def _configure(
    catalog: dict[str, CatalogEntry],
    start: Path,
    git_root: Path,
    config_path: Path | None,
    isolated: bool,
    options: dict[str, Any],
) -> tuple[Config, Path]:
    """The resolved configuration and the scan root. ``git_root``: ``find_root(start)``."""
    layers, root = _config_layers(catalog, start, git_root, config_path, isolated, options)
    return resolve(layers, catalog), root


def _config_layers(
    catalog: dict[str, CatalogEntry],
    start: Path,
    git_root: Path,
    config_path: Path | None,
    isolated: bool,
    options: dict[str, Any],
) -> tuple[list[Layer], Path]:
    """The configuration's layers (the file's, then the command line's) and the scan root."""
    root = git_root
    layers: list[Layer] = []
    if config_path is not None:
        if not config_path.is_file():
            raise ConfigError(f"{config_path}: configuration file not found")
        found: Path | None = config_path
    else:
        found = None if isolated else find_config(start)
    if found is not None:
        folder = found.absolute().parent
        if not (root / ".git").exists() and folder in root.parents:
            # Outside git the scan root is the scanned folder; a config found above it
            # makes its own folder the project root (as ruff does), so that its globs and
            # the reported paths are relative to the same place.
            root = folder
        try:
            base = folder.relative_to(root).as_posix()
        except ValueError:
            base = ""
        layers.append(load_file(found, catalog, base="" if base == "." else base))
    layers.append(_command_line_layer(catalog, options))
    return layers, root


def _command_line_layer(catalog: dict[str, CatalogEntry], options: dict[str, Any]) -> Layer:
    table: dict[str, Any] = {}
    for key in ("select", "extend_select", "ignore", "allowed_clusters"):
        if options[key]:
            table[key.replace("_", "-")] = _split(options[key])
    for key in ("exclude", "extend_exclude", "client_paths", "server_paths", "environment_globs"):
        if options[key]:
            table[key.replace("_", "-")] = list(options[key])
    for key in ("per_file_ignores", "extend_per_file_ignores"):
        if options[key]:
            table[key.replace("_", "-")] = _pairs(options[key], ":", f"--{key.replace('_', '-')}")
    if options["severity_overrides"]:
        table["severity"] = _pairs(options["severity_overrides"], "=", "--severity")
    if options["fail_on"] is not None:
        table["fail-on"] = options["fail_on"]
    if options["track_batch_limit"] is not None:
        table["track-batch-limit"] = options["track_batch_limit"]
    return parse_layer(table, source="command line", name=lambda key: f"--{key}", catalog=catalog)


def _pairs(values: tuple[str, ...], separator: str, flag: str) -> dict[str, Any]:
    """``GLOB:RULES`` / ``RULES=LEVEL`` values as the table the config file would hold."""
    table: dict[str, Any] = {}
    for value in values:
        # Rule IDs and levels never hold the separator; a glob might, so split on the last.
        left, found, right = value.rpartition(separator)
        if not found or not left or not right:
            shape = "GLOB:RULES" if separator == ":" else "RULES=LEVEL"
            raise ConfigError(f"{flag}: expected {shape}, got {value!r}")
        if separator == ":":
            table.setdefault(left, []).extend(_split((right,)))
        else:
            for selector in _split((left,)):
                table[selector] = right
    return table


def _statistics(report: Report, output_format: str) -> str:
    """ruff's ``--statistics``: one ``count<TAB>ID<TAB>name`` line per rule, most first."""
    counts = report.rule_counts()
    if output_format == "json":
        rows = [
            {"rule_id": rule_id, "name": report.rule_name(rule_id), "count": count}
            for rule_id, count in counts
        ]
        return json.dumps(rows, indent=2) + "\n"
    lines = [f"{count}\t{rule_id}\t{report.rule_name(rule_id)}" for rule_id, count in counts]
    total = sum(count for _, count in counts)
    lines.append(f"Found {total} finding{'' if total == 1 else 's'}.")
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        _fail(f"cannot write {path}: {error.strerror}")


@main.command("context")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def context_command(paths: tuple[Path, ...]) -> None:
    """Show whether each file under PATHS runs in a client, on a server or unknown, and why
    (what BRZ102 decides by; `client-paths` / `server-paths` in configuration override it)."""
    from collections import defaultdict

    from brazelint.discover import DiscoveryError
    from brazelint.explain import explain_contexts, format_context

    try:
        # No command-line layer: every option reads as unset, so only the config file counts.
        unset: dict[str, Any] = defaultdict(lambda: None)
        start = _start_folder(paths, None)
        config, root = _configure(load_catalog(), start, find_root(start), None, False, unset)
        for path, context in explain_contexts(
            paths or (Path("."),), root, config.context_overrides, config.excludes
        ):
            click.echo(format_context(path, context))
    except (ConfigError, CatalogError, DiscoveryError) as error:
        _fail(str(error))


@main.command("inventory")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "csv", "markdown"]),
    default="text",
    show_default=True,
    help="text: a table per kind; json: the schema of docs/inventory.md; csv: a row per "
    "use; markdown: tables for a pull request or a wiki.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the inventory to this file instead of standard output.",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes.")
@click.option(
    "--write-plan",
    "write_plan",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the inventory as a starting tracking plan to this file (TOML when it ends "
    ".toml, else JSON; docs/tracking-plan.md) instead of listing it.",
)
def inventory_command(
    paths: tuple[Path, ...],
    output_format: str,
    output: Path | None,
    jobs: int | None,
    write_plan: Path | None,
) -> None:
    """List what PATHS send to Braze: custom events, purchases, custom attributes, identity
    calls and endpoints, with platform, locations and property types."""
    from collections import defaultdict

    from brazelint import inventory
    from brazelint.discover import DiscoveryError
    from brazelint.engine import ScanOptions, scan
    from brazelint.report.model import Report
    from brazelint.report.text import render_notifications

    missing = [path for path in paths if not os.path.lexists(path)]
    if missing:
        _fail(f"path does not exist: {missing[0]}")
    try:
        catalog = load_catalog()
        unset: dict[str, Any] = defaultdict(lambda: None)
        start = _start_folder(paths, None)
        config, root = _configure(catalog, start, find_root(start), None, False, unset)
        # Every rule's keywords, so that every file naming Braze is parsed; the findings
        # are not this command's.
        options = ScanOptions(
            targets=paths or (Path("."),),
            enabled=frozenset(catalog),
            root=root,
            excludes=config.excludes,
            settings=config.settings,
            context_overrides=config.context_overrides,
            jobs=jobs,
            keep_facts=True,
        )
        result = scan(options)
    except (ConfigError, CatalogError, DiscoveryError) as error:
        _fail(str(error))
    files = [result.facts[path] for path in sorted(result.facts)]
    flutter = inventory.flutter_folders(result.root, result.facts)
    grouped = inventory.group(inventory.collect(files, flutter))
    if write_plan is not None:
        from brazelint import plan_writer

        plan = plan_writer.plan_from_inventory(grouped, str(write_plan))
        as_toml = write_plan.suffix.lower() == ".toml"
        _write(write_plan, plan_writer.render(plan, as_toml, grouped))
        click.echo(
            f"brazelint: wrote a tracking plan of {len(plan.events or ())} event(s) and "
            f"{len(plan.attributes or ())} custom attribute(s) to {write_plan}",
            err=True,
        )
    # With --write-plan the inventory itself is written only where --output says.
    if output is not None or write_plan is None:
        rendered = inventory.render(grouped, output_format, str(result.root))
        if output is not None:
            _write(output, rendered)
        else:
            click.echo(rendered, nl=not rendered.endswith("\n"))
    if result.notifications:
        notes = Report(findings=(), notifications=tuple(result.notifications))
        click.echo(render_notifications(notes, color=False), err=True, nl=False)
    sys.exit(EXIT_ERROR if result.internal_error else EXIT_CLEAN)


@main.command("server")
def server_command() -> None:
    """Run the language server over stdio (needs `pip install 'brazelint[lsp]'`)."""
    try:
        from brazelint.server.main import run
    except ImportError:
        _fail("brazelint server needs pygls: pip install 'brazelint[lsp]'")
    run()


@main.command("rule")
@click.argument("selector")
def rule_command(selector: str) -> None:
    """Show the documentation of one rule (by ID or name), with examples."""
    try:
        entry = lookup(selector)
    except CatalogError as error:
        _fail(str(error))
    if entry is None:
        catalog = load_catalog()
        names = [*catalog, *(rule.name for rule in catalog.values())]
        _fail(f"unknown rule {selector!r}{hint(selector, names)}; `brazelint rules` lists them")
    click.echo(entry.markdown(), nl=False)


@main.command("rules")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    help="markdown prints the README's rule table.",
)
def rules_command(output_format: str) -> None:
    """List every rule."""
    try:
        catalog = load_catalog()
    except CatalogError as error:
        _fail(str(error))
    if output_format == "markdown":
        click.echo(rule_table_markdown(), nl=False)
        return
    if output_format == "json":
        rows = [
            {
                "id": e.id,
                "name": e.name,
                "severity": e.severity.value,
                "languages": [lang.value for lang in e.languages],
                "short": e.short,
            }
            for e in catalog.values()
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(_rule_table(list(catalog.values())), nl=False)


def _rule_table(entries: list[CatalogEntry]) -> str:
    name_width = max([len("NAME"), *(len(e.name) for e in entries)])
    rows = [f"{'ID':<6}  {'NAME':<{name_width}}  {'SEVERITY':<8}  SUMMARY"]
    rows += [
        f"{e.id:<6}  {e.name:<{name_width}}  {e.severity.value:<8}  {e.short}" for e in entries
    ]
    return "\n".join(rows) + "\n"


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _want_color(flag: bool | None, output: Path | None, stream: Any) -> bool:
    """An explicit --color/--no-color wins; otherwise colour only on a terminal, and never
    when NO_COLOR is set to anything (https://no-color.org)."""
    if flag is not None:
        return flag
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    isatty: Callable[[], bool] | None = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _fail(message: str) -> NoReturn:
    click.echo(f"brazelint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)
