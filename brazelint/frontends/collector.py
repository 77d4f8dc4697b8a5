"""The facts a frontend gathers while it walks a file, before they are frozen into
:class:`~brazelint.facts.FileFacts`. Every frontend collects the same kinds of fact, so
they share this one accumulator instead of each keeping its own set of lists."""

from __future__ import annotations

from dataclasses import dataclass, field

from brazelint.facts import (
    Assignment,
    Call,
    ClassDef,
    Comment,
    FileFacts,
    FunctionDef,
    Import,
    Loop,
    NumberLiteral,
    ParseProblem,
    Return,
    StringLiteral,
)
from brazelint.languages import Language


@dataclass
class FactsCollector:
    calls: list[Call] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    strings: list[StringLiteral] = field(default_factory=list)
    imports: list[Import] = field(default_factory=list)
    functions: list[FunctionDef] = field(default_factory=list)
    classes: list[ClassDef] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    loops: list[Loop] = field(default_factory=list)
    numbers: list[NumberLiteral] = field(default_factory=list)
    returns: list[Return] = field(default_factory=list)
    package: str | None = None
    #: Identifiers read and declared, for ``FileFacts.globals_used``.
    read_names: set[str] = field(default_factory=set)
    declared_names: set[str] = field(default_factory=set)

    def extend(self, other: FactsCollector) -> None:
        """Add what ``other`` collected (a separately parsed part of the same file)."""
        self.calls.extend(other.calls)
        self.assignments.extend(other.assignments)
        self.strings.extend(other.strings)
        self.imports.extend(other.imports)
        self.functions.extend(other.functions)
        self.classes.extend(other.classes)
        self.comments.extend(other.comments)
        self.loops.extend(other.loops)
        self.numbers.extend(other.numbers)
        self.returns.extend(other.returns)
        self.read_names |= other.read_names
        self.declared_names |= other.declared_names

    def freeze(
        self, path: str, language: Language, problems: list[ParseProblem] | tuple[ParseProblem, ...]
    ) -> FileFacts:
        return FileFacts(
            path=path,
            language=language,
            calls=tuple(self.calls),
            assignments=tuple(self.assignments),
            strings=tuple(self.strings),
            imports=tuple(self.imports),
            functions=tuple(self.functions),
            classes=tuple(self.classes),
            comments=tuple(self.comments),
            loops=tuple(self.loops),
            numbers=tuple(self.numbers),
            returns=tuple(self.returns),
            package=self.package,
            globals_used=frozenset(self.read_names - self.declared_names),
            problems=tuple(problems),
        )
