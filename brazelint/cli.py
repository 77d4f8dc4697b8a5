"""The command line: ``brazelint [check] PATHS``, ``brazelint rule ID``, ``brazelint rules``.

Exit codes follow ruff: 0 no findings at or above the failing level, 1 findings,
2 usage / configuration error or an internal failure.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from brazelint import __version__
from brazelint.catalog import CatalogError, load_catalog, lookup, rule_table_markdown
from brazelint.findings import Severity

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

FORMATS = ("text", "json", "sarif", "github")


class _DefaultToCheck(click.Group):
    """``brazelint PATH`` means ``brazelint check PATH``, as users of ruff's old CLI and of
    detect-secrets expect; subcommands stay reachable by name."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (
            args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")
        ):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="brazelint")
def main() -> None:
    """Find Braze integration mistakes: leaked REST keys, wrong clusters, identity and
    data-model errors, Liquid without defaults."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
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
    "--select",
    multiple=True,
    metavar="RULES",
    help="Only these rules (IDs, prefixes like BRZ4, names, or ALL); comma-separated or repeated.",
)
@click.option("--extend-select", multiple=True, metavar="RULES", help="Add rules to the selection.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Turn these rules off.")
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Skip paths matching this gitignore-style glob (repeatable).",
)
@click.option(
    "--fail-on",
    type=click.Choice([s.value for s in Severity]),
    default="note",
    show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option(
    "--max-file-size",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    metavar="MIB",
    help="Skip (with a notification) files larger than this.",
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
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    exclude: tuple[str, ...],
    fail_on: str,
    exit_zero: bool,
    max_file_size: int,
    quiet: bool,
    color: bool | None,
) -> None:
    """Scan PATHS (default: the current directory)."""
    from brazelint.discover import DiscoveryError
    from brazelint.engine import ScanOptions, scan
    from brazelint.report import get_reporter
    from brazelint.report.model import Report
    from brazelint.report.text import render_notifications
    from brazelint.selection import SelectorError, select_rules

    try:
        catalog = load_catalog()
        enabled = select_rules(catalog, _split(select), _split(extend_select), _split(ignore))
    except (SelectorError, CatalogError) as error:
        _fail(str(error))
    options = ScanOptions(
        targets=paths or (Path("."),),
        enabled=frozenset(enabled),
        excludes=exclude,
        max_file_bytes=max_file_size * 1024 * 1024,
    )
    try:
        result = scan(options)
    except DiscoveryError as error:
        _fail(str(error))

    report = Report(
        findings=tuple(result.findings),
        notifications=tuple(result.notifications),
        rules={rule_id: catalog[rule_id] for rule_id in sorted(enabled)},
        files_scanned=result.files_scanned,
        root=str(result.root),
        lines=result.lines,
    )
    use_color = _want_color(color, output)
    rendered = get_reporter(output_format)(report, color=use_color and output_format == "text")
    if output is not None:
        try:
            output.write_text(rendered, encoding="utf-8")
        except OSError as error:
            _fail(f"cannot write {output}: {error.strerror}")
    elif rendered:
        click.echo(rendered, nl=not rendered.endswith("\n"))
    if not quiet and report.notifications:
        click.echo(render_notifications(report), err=True, nl=False)

    if result.internal_error:
        sys.exit(EXIT_ERROR)
    threshold = Severity(fail_on).rank
    failing = any(f.severity.rank >= threshold for f in report.shown)
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN)


@main.command("rule")
@click.argument("selector")
def rule_command(selector: str) -> None:
    """Show the documentation of one rule (by ID or name)."""
    try:
        entry = lookup(selector)
    except CatalogError as error:
        _fail(str(error))
    if entry is None:
        _fail(f"unknown rule {selector!r}; `brazelint rules` lists them")
    click.echo(entry.markdown(), nl=False)


@main.command("rules")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown"]),
    default="text",
    help="markdown prints the README's rule table.",
)
def rules_command(output_format: str) -> None:
    """List every rule."""
    if output_format == "markdown":
        click.echo(rule_table_markdown(), nl=False)
        return
    for entry in load_catalog().values():
        click.echo(f"{entry.id}  {entry.name:<28} {entry.severity.value:<8} {entry.short}")


def _split(values: tuple[str, ...]) -> list[str]:
    return [part for value in values for part in value.split(",") if part.strip()]


def _want_color(flag: bool | None, output: Path | None) -> bool:
    if flag is not None:
        return flag
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _fail(message: str) -> NoReturn:
    click.echo(f"brazelint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)
