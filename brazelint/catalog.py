"""The rule catalog: one TOML file per rule under ``rules/`` (shipped in the wheel as
``brazelint/_catalog``). It is the single source for ``brazelint rule``, the README's rule
table and SARIF ``tool.driver.rules``.

A scan needs only each entry's short fields (name, severity, languages); the long text and
examples are nine tenths of every file, and parsing all of it cost ~15 ms of every run, a
twentieth of a pre-commit run. So each file is written short fields first, and a scan
parses only the part before its first multi-line string; the rest is parsed when first
used (``CatalogEntry.docs``). ``tests/test_catalog.py`` checks every file keeps that order.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from brazelint.findings import Severity
from brazelint.languages import Language

_PRECISIONS = ("very-high", "high", "medium", "low")

#: File name each example is written to when the catalog test runs it, by language.
EXAMPLE_FILENAMES: dict[Language, str] = {
    Language.PYTHON: "example.py",
    Language.JAVASCRIPT: "example.js",
    Language.TYPESCRIPT: "example.ts",
    Language.TSX: "example.tsx",
    Language.SWIFT: "Example.swift",
    Language.KOTLIN: "Example.kt",
    Language.JAVA: "Example.java",
    Language.OBJECTIVE_C: "Example.m",
    Language.DART: "example.dart",
    Language.LIQUID: "example.liquid",
    Language.ANDROID_XML: "res/values/braze.xml",
    Language.PLIST: "Info.plist",
    Language.DOTENV: ".env",
    Language.MANIFEST: "package.json",
    Language.JSON: "config.json",
}


class CatalogError(Exception):
    pass


@dataclass(frozen=True)
class Example:
    language: Language
    bad: str
    good: str
    #: Where to write the example, relative to a scratch project; defaults by language.
    filename: str
    #: The bad example after ``--fix`` (with ``--unsafe-fixes`` when the rule's fix is
    #: unsafe), when the rule can fix it; the catalog test applies the fixes to check it.
    fixed: str | None = None
    #: A tracking plan (TOML, docs/tracking-plan.md) both snippets are checked against.
    plan: str | None = None

    @property
    def fence(self) -> str:
        return {
            Language.ANDROID_XML: "xml",
            Language.PLIST: "xml",
            Language.DOTENV: "shell",
            Language.MANIFEST: "groovy" if self.filename.endswith(".gradle") else "text",
            Language.TSX: "tsx",
            Language.OBJECTIVE_C: "objc",
        }.get(self.language, self.language.value)


@dataclass(frozen=True)
class RuleDocs:
    """A rule's long documentation: what it finds, why it matters, the fix, examples."""

    full: str
    why: str
    fix: str
    references: tuple[str, ...]
    examples: tuple[Example, ...]


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    name: str
    severity: Severity
    precision: str
    languages: tuple[Language, ...]
    short: str
    tags: tuple[str, ...]
    security_severity: str | None
    #: The documentation when already known; else it is read from ``source`` on first use.
    known_docs: RuleDocs | None = field(default=None, repr=False, compare=False)
    source: Path | None = field(default=None, repr=False, compare=False)

    @cached_property
    def docs(self) -> RuleDocs:
        if self.known_docs is not None:
            return self.known_docs
        if self.source is None:
            raise CatalogError(f"{self.id}: no documentation")
        return _docs(self.source, _read_toml(self.source, self.source.read_text("utf-8")))

    @property
    def full(self) -> str:
        return self.docs.full

    @property
    def why(self) -> str:
        return self.docs.why

    @property
    def fix(self) -> str:
        return self.docs.fix

    @property
    def references(self) -> tuple[str, ...]:
        return self.docs.references

    @property
    def examples(self) -> tuple[Example, ...]:
        return self.docs.examples

    @property
    def help_uri(self) -> str:
        return f"https://github.com/brazelint/brazelint/blob/main/rules/{self.id}.toml"

    def markdown(self) -> str:
        """The rule's documentation, in the What / Why / Example / Use instead shape."""
        parts = [
            f"# {self.name} ({self.id})",
            "",
            f"Severity: {self.severity.value}. Precision: {self.precision}. "
            f"Languages: {', '.join(lang.value for lang in self.languages)}.",
            "",
            "## What it does",
            "",
            self.full.strip(),
            "",
            "## Why is this bad?",
            "",
            self.why.strip(),
            "",
            "## How to fix",
            "",
            self.fix.strip(),
        ]
        for example in self.examples:
            parts += ["", f"## Example ({example.language.value})", ""]
            if example.plan is not None:
                parts += [
                    'With this tracking plan (`tracking-plan = "tracking-plan.toml"`):',
                    "",
                    "```toml",
                    example.plan.rstrip(),
                    "```",
                    "",
                ]
            parts += [
                f"```{example.fence}",
                example.bad.rstrip(),
                "```",
                "",
                "Use instead:",
                "",
                f"```{example.fence}",
                example.good.rstrip(),
                "```",
            ]
            if example.fixed is not None:
                parts += [
                    "",
                    "After the fix:",
                    "",
                    f"```{example.fence}",
                    example.fixed.rstrip(),
                    "```",
                ]
        if self.references:
            parts += ["", "## References", ""] + [f"- {ref}" for ref in self.references]
        return "\n".join(parts) + "\n"


def catalog_dir() -> Path:
    packaged = Path(__file__).parent / "_catalog"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "rules"


@cache
def load_catalog() -> dict[str, CatalogEntry]:
    """Every catalog entry by ID, in ID order."""
    entries: dict[str, CatalogEntry] = {}
    for path in sorted(catalog_dir().glob("BRZ*.toml")):
        entry = _parse_entry(path)
        if entry.id in entries:
            raise CatalogError(f"{path.name}: duplicate rule id {entry.id}")
        entries[entry.id] = entry
    return entries


def lookup(selector: str) -> CatalogEntry | None:
    """An entry by ID (case-insensitive) or kebab-case name."""
    catalog = load_catalog()
    upper = selector.upper()
    if upper in catalog:
        return catalog[upper]
    for entry in catalog.values():
        if entry.name == selector.lower():
            return entry
    return None


#: Where a file's long part begins: the first key whose value is a multi-line string.
_FIRST_LONG_VALUE = re.compile(r'^[A-Za-z_][A-Za-z0-9_-]*[ \t]*=[ \t]*"""', re.MULTILINE)
#: What ``CatalogEntry`` needs from the short part; without them the whole file is parsed.
_SHORT_KEYS = frozenset({"id", "name", "severity", "precision", "languages", "short"})


def short_part(text: str) -> str:
    """The TOML before the first multi-line string value (all of it when there is none)."""
    found = _FIRST_LONG_VALUE.search(text)
    return text if found is None else text[: found.start()]


def _read_toml(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"{path.name}: {error}") from error


def _parse_entry(path: Path) -> CatalogEntry:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CatalogError(f"{path.name}: {error}") from error
    docs = None
    try:
        data = tomllib.loads(short_part(text))
    except tomllib.TOMLDecodeError:
        data = {}
    if not data.keys() >= _SHORT_KEYS:
        # Not written short fields first: parse it all now (and the docs come with it).
        data = _read_toml(path, text)
        docs = _docs(path, data)
    try:
        entry = CatalogEntry(
            id=data["id"],
            name=data["name"],
            severity=Severity(data["severity"]),
            precision=data["precision"],
            languages=tuple(Language(lang) for lang in data["languages"]),
            short=data["short"].strip(),
            tags=tuple(data.get("tags", ())),
            security_severity=data.get("security_severity"),
            known_docs=docs,
            source=path,
        )
    except (KeyError, ValueError) as error:
        raise CatalogError(f"{path.name}: bad or missing field: {error}") from error
    if path.stem != entry.id:
        raise CatalogError(f"{path.name}: file name does not match id {entry.id}")
    if entry.precision not in _PRECISIONS:
        raise CatalogError(f"{path.name}: precision must be one of {_PRECISIONS}")
    return entry


def _docs(path: Path, data: dict[str, Any]) -> RuleDocs:
    try:
        return RuleDocs(
            full=data["full"].strip(),
            why=data["why"].strip(),
            fix=data["fix"].strip(),
            references=tuple(data.get("references", ())),
            examples=tuple(
                Example(
                    language=Language(example["language"]),
                    bad=example["bad"],
                    good=example["good"],
                    filename=example.get("filename")
                    or EXAMPLE_FILENAMES[Language(example["language"])],
                    fixed=example.get("fixed"),
                    plan=example.get("plan"),
                )
                for example in data.get("examples", [])
            ),
        )
    except (KeyError, ValueError) as error:
        raise CatalogError(f"{path.name}: bad or missing field: {error}") from error


def rule_table_markdown() -> str:
    """The README's rule table."""
    rows = [
        "| ID | name | severity | languages | finds |",
        "|---|---|---|---|---|",
    ]
    for entry in load_catalog().values():
        languages = ", ".join(lang.value for lang in entry.languages)
        rows.append(
            f"| {entry.id} | {entry.name} | {entry.severity.value} | {languages} | {entry.short} |"
        )
    return "\n".join(rows) + "\n"
