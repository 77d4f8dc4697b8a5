"""Parity of a language's hand-written walker and its spec-driven lowering (issue 12).

    python benchmarks/parity.py {java,kotlin,python,swift} [--files 400] [--show 5] [--time]

Every file of the language in tests/fixtures, examples/demo-app,
benchmarks/parity-corpus/<language>/ (one of each construct), the catalog examples
(rules/*.toml, bad and good) and a generated tree (benchmarks/generate.py, ``--files``
files, seed 1) is parsed by both frontends; the facts are normalised to tuples (positions
and byte offsets included) and compared per kind as multisets, both as the frontend gives
them and after ``resolve.finish`` (``Call.qualified``, ``Call.sdk``, resolved values).
Differences are printed per kind with a few examples; the exit status is 1 when any is
left. ``--time`` times both lowerings on the generated tree's files (CPU time, each file
alternately, best of 7 per file).

Languages: ``java`` (switched to brazelint/syntax/java.py), ``kotlin`` (switched to
brazelint/syntax/kotlin.py), ``python`` (switched to brazelint/syntax/python.py) and
``swift`` (switched to brazelint/syntax/swift.py).

Once a language is switched, its old walker is no longer in the package: it is read from
the last commit that still had it (``git``), so the comparison stays possible.

Java: differences the spec makes on purpose (each a fix of the old walker, with a test in
tests/test_parity_java.py), which the comparison leaves out (``Pair.new_kinds`` and
``Pair.new_value_kinds``):

- ``numbers``: the old walker recorded no ``NumberLiteral``; every language now does.
- ``loops``: the old walker recorded no ``Loop`` for ``for (T x : xs)``; now it does.
- ARITHMETIC values: ``a - b``, ``a * 2``, ``n + 1`` (no string operand) were UNKNOWN; they
  are ARITHMETIC with their operands, as in Python and JS/TS; the names read in them count
  for ``globals_used`` (the old walker read none there).

Java changes no compared file shows: ``("a" + b) + c`` is a TEMPLATE (the old walker saw
no string literal among the outer ``+``'s operands and gave UNKNOWN; tested in
tests/test_parity_java.py), and branch paths, guards and loops stop growing at
``spec.DEPTH_LIMIT`` (64, shared by every spec language) instead of the walker's 100
(tests/frontends/test_java_frontend.py, 10,000 nested ``if``s).

Kotlin: the same three kinds are left out (``numbers``, ``loops`` for ``for (x in xs)``,
ARITHMETIC values such as ``count * 2``; tests in tests/test_parity_kotlin.py). Changes no
compared file shows: branch paths, guards and loops stop growing at ``spec.DEPTH_LIMIT``
(64) instead of 100 (tests/frontends/test_kotlin_frontend.py, 10,000 nested ``if``s), and
a ``+`` or ``?:`` with more than ``lower.OPERAND_LIMIT`` (1,024) operands is UNKNOWN (the
walker's limit was 1,000 for ``+``).

Python: no kind is left out (the walker already gave numbers, loops, ARITHMETIC values and
an empty ``globals_used``). One normalisation: the walker gave ``Call.span`` no byte
offsets (-1); the spec gives them, as every spec language does, and calls' spans are
compared by position only (``Pair.call_spans_without_bytes``; every other span, comments'
included, is compared with its byte offsets).

Swift: the same three kinds are left out (``numbers``, ``loops`` for ``for x in xs``,
ARITHMETIC values such as ``count * 2`` or ``a - b``, which the walker gave as UNKNOWN;
tests in tests/test_parity_swift.py). Changes no compared file shows (hostile input only,
tested there too): branch paths, guards and loops stop growing at ``spec.DEPTH_LIMIT``
(64) instead of the walker's ``limits.NESTING`` (100), and a call statement's arguments
are values one level deep (the walker counted them at level 0), so a 64-deep nesting of
calls turns UNKNOWN one level sooner. The walker's other decisions are kept: calls in walk
order, an empty chain (and no name) for a call from no name (``"a".uppercased()``),
a ``+`` run read for a concatenation up to 256 operands.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.util
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import cast

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from brazelint.catalog import load_catalog  # noqa: E402
from brazelint.facts import (  # noqa: E402
    Argument,
    Call,
    FileFacts,
    Flow,
    Span,
    Value,
    ValueKind,
)
from brazelint.languages import Language  # noqa: E402
from brazelint.resolve import finish  # noqa: E402

Parse = Callable[[str, str, Language], FileFacts]


@dataclass(frozen=True)
class Pair:
    language: Language
    suffixes: tuple[str, ...]
    #: The hand-written walker: its module, and (once it is deleted) the files to read from
    #: git with the module names they import under.
    old_module: str
    old_files: tuple[tuple[str, str], ...]
    new_module: str
    #: Fact kinds the old walker never produced (left out of the comparison).
    new_kinds: frozenset[str] = frozenset()
    #: Value kinds the old walker wrote as UNKNOWN (compared as UNKNOWN).
    new_value_kinds: frozenset[ValueKind] = frozenset()
    #: The old walker gave calls' spans no byte offsets (compared without them).
    call_spans_without_bytes: bool = False


PAIRS = {
    "java": Pair(
        Language.JAVA,
        (".java",),
        "brazelint.frontends.java",
        (
            ("brazelint/frontends/jvm.py", "brazelint.frontends.jvm"),
            ("brazelint/frontends/java.py", "brazelint.frontends.java"),
        ),
        "brazelint.syntax.java",
        new_kinds=frozenset({"numbers", "loops"}),
        new_value_kinds=frozenset({ValueKind.ARITHMETIC}),
    ),
    "kotlin": Pair(
        Language.KOTLIN,
        (".kt", ".kts"),
        "brazelint.frontends.kotlin",
        (
            ("brazelint/frontends/jvm.py", "brazelint.frontends.jvm"),
            ("brazelint/frontends/kotlin.py", "brazelint.frontends.kotlin"),
        ),
        "brazelint.syntax.kotlin",
        new_kinds=frozenset({"numbers", "loops"}),
        new_value_kinds=frozenset({ValueKind.ARITHMETIC}),
    ),
    "python": Pair(
        Language.PYTHON,
        (".py",),
        "brazelint.frontends.python",
        (("brazelint/frontends/python.py", "brazelint.frontends.python"),),
        "brazelint.syntax.python",
        call_spans_without_bytes=True,
    ),
    "swift": Pair(
        Language.SWIFT,
        (".swift",),
        "brazelint.frontends.swift",
        (("brazelint/frontends/swift.py", "brazelint.frontends.swift"),),
        "brazelint.syntax.swift",
        new_kinds=frozenset({"numbers", "loops"}),
        new_value_kinds=frozenset({ValueKind.ARITHMETIC}),
    ),
}


# -- the frontends -----------------------------------------------------------------------------


def _is_new(module: ModuleType, pair: Pair) -> bool:
    return module.__name__ == pair.new_module or getattr(module, "SPEC", None) is not None


def old_parse(pair: Pair) -> Parse:
    """The old walker's ``parse``: from the package while it is there, else from the last
    commit that had it."""
    try:
        module = importlib.import_module(pair.old_module)
        if not _is_new(module, pair):
            return cast(Parse, module.parse)
    except ModuleNotFoundError:
        pass
    return cast(Parse, _from_history(pair).parse)


@cache
def _from_history(pair: Pair) -> ModuleType:
    last_path = pair.old_files[-1][0]
    commit = "HEAD"
    try:
        _git("cat-file", "-e", f"HEAD:{last_path}")
    except RuntimeError:  # deleted: the parent of the commit that deleted it has it
        deleted = _git("rev-list", "-1", "HEAD", "--", last_path)
        if not deleted:
            raise RuntimeError(f"no commit has {last_path}: cannot find the old walker") from None
        commit = f"{deleted}^"
    renames = {name: f"_parity_old_{name.rsplit('.', 1)[-1]}" for _, name in pair.old_files}
    module: ModuleType | None = None
    with tempfile.TemporaryDirectory(prefix="parity-old-") as scratch:
        for path, name in pair.old_files:
            text = _git("show", f"{commit}:{path}")
            for old_name, new_name in renames.items():
                text = text.replace(old_name, new_name)
            file = Path(scratch) / f"{renames[name]}.py"
            file.write_text(text, encoding="utf-8")
            spec = importlib.util.spec_from_file_location(renames[name], file)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[renames[name]] = module
            spec.loader.exec_module(module)
    assert module is not None
    return module


def _git(*args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(REPO), *args], capture_output=True, text=True, check=False
        )
    except OSError as error:  # no git at all
        raise RuntimeError(f"git {' '.join(args)}: {error}") from error
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout.strip() if args[0] == "rev-list" else done.stdout


def new_parse(pair: Pair) -> Parse:
    return cast(Parse, importlib.import_module(pair.new_module).parse)


# -- the sources -------------------------------------------------------------------------------


def project_sources(pair: Pair) -> Iterator[tuple[str, str]]:
    """(display path, text) of the fixtures, the demo app, the language's shapes in
    benchmarks/parity-corpus/ and the catalog examples."""
    corpus = REPO / "benchmarks" / "parity-corpus" / pair.language.value
    for folder in (REPO / "tests" / "fixtures", REPO / "examples" / "demo-app", corpus):
        for path in sorted(folder.rglob("*")):
            if path.suffix in pair.suffixes and path.is_file():
                yield path.relative_to(REPO).as_posix(), path.read_text("utf-8", "replace")
    for rule_id, entry in sorted(load_catalog().items()):
        for index, example in enumerate(entry.examples):
            if example.language is pair.language:
                yield f"{rule_id}[{index}].bad/{example.filename}", example.bad
                yield f"{rule_id}[{index}].good/{example.filename}", example.good


def generated_sources(pair: Pair, files: int) -> Iterator[tuple[str, str]]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import generate  # benchmarks/generate.py

    with tempfile.TemporaryDirectory(prefix="parity-tree-") as scratch:
        root = Path(scratch) / "tree"
        generate.generate_tree(root, files, 1)
        for path in sorted(root.rglob("*")):
            if path.suffix in pair.suffixes and path.is_file():
                yield "generated/" + path.relative_to(root).as_posix(), path.read_text("utf-8")


# -- normalised facts --------------------------------------------------------------------------


def span(s: Span | None, with_bytes: bool = True) -> tuple[int, ...] | None:
    if s is None:
        return None
    if not with_bytes:
        return (s.line, s.col, s.end_line, s.end_col)
    return (s.line, s.col, s.end_line, s.end_col, s.start_byte, s.end_byte)


def flow(f: Flow) -> tuple[object, ...]:
    return (f.scope, f.order, f.branch, f.loops, f.guards)


def value(v: Value, pair: Pair) -> tuple[object, ...]:
    if v.kind in pair.new_value_kinds or v.kind is ValueKind.UNKNOWN:
        return ("unknown", v.text, span(v.span), v.resolved_from)
    return (
        v.kind.value,
        v.text,
        span(v.span),
        v.number,
        tuple(value(i, pair) for i in v.items),
        tuple((k, value(e, pair)) for k, e in v.entries),
        call(v.call, pair) if v.call is not None else None,
        v.resolved_from,
        v.operator,
    )


def argument(a: Argument, pair: Pair) -> tuple[object, ...]:
    return (a.label, value(a.value, pair))


def call(c: Call, pair: Pair) -> tuple[object, ...]:
    return (
        c.chain,
        c.qualified,
        tuple(argument(a, pair) for a in c.args),
        span(c.span, with_bytes=not pair.call_spans_without_bytes),
        flow(c.flow),
        span(c.name_span),
        c.sdk,
        None if c.via is None else (c.via.wrapper, c.via.path, span(c.via.span)),
    )


def normalise(
    facts: FileFacts, pair: Pair, unread: frozenset[str] = frozenset()
) -> dict[str, list[object]]:
    """Each kind of fact as a list of plain tuples, in the order the frontend gave them
    (``unread``: names left out of ``globals_used``)."""
    kinds: dict[str, list[object]] = {
        "calls": [call(c, pair) for c in facts.calls],
        "assignments": [
            (a.target, value(a.value, pair), span(a.span), flow(a.flow), a.file_level)
            for a in facts.assignments
        ],
        "strings": [
            (s.text, span(s.span), span(s.content_span), s.is_template, flow(s.flow))
            for s in facts.strings
        ],
        "imports": [(i.module, i.name, i.alias, span(i.span)) for i in facts.imports],
        "functions": [
            (f.name, span(f.span), f.scope, f.params, f.decorators, f.class_name)
            for f in facts.functions
        ],
        "classes": [(c.name, span(c.span), c.bases) for c in facts.classes],
        "comments": [(c.text, span(c.span)) for c in facts.comments],
        "config": [(c.key, c.value, span(c.span), span(c.value_span)) for c in facts.config],
        "loops": [
            (x.label, x.targets, value(x.iterable, pair), span(x.span), flow(x.flow))
            for x in facts.loops
        ],
        "numbers": [(n.text, n.number, span(n.span), flow(n.flow)) for n in facts.numbers],
        "returns": [(value(r.value, pair), span(r.span), flow(r.flow)) for r in facts.returns],
        "liquid": [(o.expression, o.filters, o.raw, span(o.span), o.guards) for o in facts.liquid],
        "globals_used": sorted(facts.globals_used - unread),
        "package": [facts.package],
        "problems": [(p.message, span(p.span)) for p in facts.problems],
        "context": [(facts.context.kind.value, facts.context.reason)],
    }
    return {kind: items for kind, items in kinds.items() if kind not in pair.new_kinds}


def _read_in_new_values(facts: FileFacts, pair: Pair) -> set[str]:
    """Names read inside values of the kinds the old walker wrote as UNKNOWN (it read no
    names there)."""
    found: set[str] = set()
    roots: list[Value] = [a.value for c in facts.calls for a in c.args]
    roots += [a.value for a in facts.assignments] + [r.value for r in facts.returns]
    for root in roots:
        for item in root.walk():
            if item.kind in pair.new_value_kinds:
                for inner in item.walk():
                    if inner.kind is ValueKind.NAME:
                        found.add(inner.text.split(".", 1)[0])
    return found


@dataclass
class Difference:
    """One kind's differences over all files: items only the old / the new walker gave."""

    old_only: list[tuple[str, object]] = field(default_factory=list)
    new_only: list[tuple[str, object]] = field(default_factory=list)
    files: set[str] = field(default_factory=set)

    @property
    def count(self) -> int:
        return len(self.old_only) + len(self.new_only)


@dataclass
class Report:
    files: int = 0
    kinds: dict[str, Difference] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(d.count for d in self.kinds.values()) + len(self.errors)


def compare_facts(
    display: str, old: FileFacts, new: FileFacts, pair: Pair, report: Report, stage: str
) -> None:
    # A name the new facts read only where the old walker read nothing is no difference.
    unread = frozenset(_read_in_new_values(new, pair) - old.globals_used)
    old_kinds, new_kinds = normalise(old, pair), normalise(new, pair, unread)
    for kind, old_items in old_kinds.items():
        new_items = new_kinds[kind]
        name = f"{kind}{stage}"
        old_count, new_count = Counter(map(repr, old_items)), Counter(map(repr, new_items))
        if old_count == new_count:
            if kind == "calls" and old_items != new_items:
                diff = report.kinds.setdefault(f"calls.order{stage}", Difference())
                diff.old_only.append((display, [c.chain for c in old.calls]))
                diff.new_only.append((display, [c.chain for c in new.calls]))
                diff.files.add(display)
            continue
        diff = report.kinds.setdefault(name, Difference())
        diff.files.add(display)
        diff.old_only += [(display, item) for item in (old_count - new_count).elements()]
        diff.new_only += [(display, item) for item in (new_count - old_count).elements()]


def compare(pair: Pair, sources: Iterable[tuple[str, str]]) -> Report:
    """Parse each source with both frontends and collect the differences."""
    report = Report()
    old, new = old_parse(pair), new_parse(pair)
    for display, text in sources:
        report.files += 1
        try:
            old_facts = old(display, text, pair.language)
            new_facts = new(display, text, pair.language)
        except Exception as error:  # reported, the comparison goes on
            report.errors.append(f"{display}: {type(error).__name__}: {error}")
            continue
        compare_facts(display, old_facts, new_facts, pair, report, "")
        compare_facts(
            display, finish(old_facts, text), finish(new_facts, text), pair, report, ".resolved"
        )
    return report


def print_report(report: Report, show: int) -> None:
    print(f"{report.files} files compared, {report.total} differences")
    for error in report.errors:
        print(f"  error: {error}")
    for kind, diff in sorted(report.kinds.items()):
        print(f"\n{kind}: {diff.count} differences in {len(diff.files)} files")
        for label, items in (("old", diff.old_only), ("new", diff.new_only)):
            for display, item in items[:show]:
                print(f"  {label} {display}: {item!r}"[:600])


# -- speed -------------------------------------------------------------------------------------


def time_lowerings(pair: Pair, sources: list[tuple[str, str]], rounds: int = 7) -> None:
    """Both lowerings of each file, alternating, ``rounds`` times; the sum over files of
    each one's best CPU time. The machine is shared: alternating file by file makes a
    slow spell cost both alike, and the best of several runs drops it."""
    size = sum(len(text.encode()) for _, text in sources)
    print(f"\nlowering {len(sources)} files ({size / 1e6:.2f} MB), per file best of {rounds}:")
    parsers = {"old": old_parse(pair), "new": new_parse(pair)}
    totals = dict.fromkeys(parsers, 0.0)
    gc.disable()  # collections would land on whichever parse runs when they are due
    try:
        for display, text in sources:
            best = dict.fromkeys(parsers, float("inf"))
            for _ in range(rounds):
                for label, parse in parsers.items():
                    start = time.process_time_ns()
                    parse(display, text, pair.language)
                    best[label] = min(best[label], (time.process_time_ns() - start) / 1e9)
            for label in parsers:
                totals[label] += best[label]
            gc.collect()
    finally:
        gc.enable()
    for label, seconds in totals.items():
        print(f"  {label}: {seconds * 1000:8.1f} ms  ({seconds / len(sources) * 1e6:7.0f} us/file)")
    print(f"  new / old: {totals['new'] / totals['old']:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("language", choices=sorted(PAIRS))
    parser.add_argument("--files", type=int, default=400, help="generated tree size")
    parser.add_argument("--show", type=int, default=5, help="examples per kind")
    parser.add_argument("--time", action="store_true", help="time both lowerings")
    args = parser.parse_args(argv)
    pair = PAIRS[args.language]
    if importlib.util.find_spec(pair.new_module) is None:
        print(f"{args.language}: no spec yet ({pair.new_module}); nothing to compare")
        return 2
    generated = list(generated_sources(pair, args.files))
    report = compare(pair, [*project_sources(pair), *generated])
    print_report(report, args.show)
    if args.time:
        time_lowerings(pair, generated)
    return 1 if report.total else 0


if __name__ == "__main__":
    sys.exit(main())
