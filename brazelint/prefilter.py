"""The keyword prefilter: which rules could fire on a file, decided from its raw bytes.

A rule states what a file must contain as case-insensitive regular expressions over the
raw bytes (``Rule.prefilter_clauses``: ``keywords`` and, optionally, ``requires``; all must
match). Running those expressions on every file is too slow: Python's ``re`` cannot use
its literal fast paths on an ``IGNORECASE`` alternation, so it tries every branch at every
byte (3.5 s for 23 MB with the first rule set). So the test has two stages, the way
semgrep's ``regexp_prefilter_of_rule`` does it (anchors.md §A6):

1. From each rule's expressions, literal strings are derived such that every match of the
   expression contains one of them (``required_literals``). For each language, the
   literals of all rules that read that language form one case-sensitive search in the
   lower-cased bytes, written as a trie (``_any_of``). Almost every file stops here.
2. A file that passes is tested exactly: each applicable rule's own expressions, as the
   rule wrote them. The prefilter therefore never lets through fewer files than the
   rules' expressions would, and never more than they do either.

Lower-casing the bytes with ``bytes.lower`` folds exactly what ``re.IGNORECASE`` folds for
a bytes pattern (ASCII letters only), so stage 1 is a superset of stage 2.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brazelint.languages import Language

if TYPE_CHECKING:
    from brazelint.rule import Rule

try:
    # Aho-Corasick in Rust: one pass finds every literal of a language, at ~500 MB/s where
    # re's trie search manages ~60 MB/s (benchmarks/PERF-NOTES.md, "Fourth round"). Where
    # the package has no wheel (musl, a new Python), the trie gives the same answers.
    from ahocorasick_rs import BytesAhoCorasick as _Automaton
except ImportError:  # pragma: no cover - tests set _Automaton to None to run without it
    _Automaton = None

# re's parser is a private module, but it is the only parser of re's own syntax; if it
# changes shape, extraction below fails safe (no literals: the rule's expression is run on
# every file of its languages).
try:
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - a future Python without these modules
    sre = None  # type: ignore[assignment]  # extraction then reports "no literals"
    sre_parse = None  # type: ignore[assignment]  # likewise

#: What "Braze is in sight" means, the one definition for every part that asks (which
#: template, text and JSON files are read for hosts and keys, which parse problems are
#: worth a line): the SDK's names, current and Appboy-era, in any case. Rules state their
#: own keywords; this is for the decisions made before, or beside, any rule.
BRAZE_KEYWORDS = rb"braze|appboy"
#: The same, as the lower-case literals it is made of (a plain ``in`` runs at memory speed).
BRAZE_LITERALS = ("braze", "appboy")


#: Braze's own Liquid, which a message template uses without naming Braze: its
#: ``${…}`` attribute placeholders and its tags (``connected_content``, ``abort_message``,
#: ``custom_attribute.${…}``). A plain-text template is "Braze in sight" with these too.
BRAZE_LIQUID_LITERALS = ("{{${", "{{ ${", "connected_content", "abort_message", ".${")


def mentions_braze(content: bytes | str, liquid: bool = False) -> bool:
    """Whether ``content`` names Braze (``BRAZE_KEYWORDS``), as bytes or decoded text;
    with ``liquid``, also whether it is written in Braze's Liquid (``BRAZE_LIQUID_LITERALS``)."""
    words = BRAZE_LITERALS + BRAZE_LIQUID_LITERALS if liquid else BRAZE_LITERALS
    if isinstance(content, bytes):
        lowered_bytes = content.lower()
        return any(word.encode() in lowered_bytes for word in words)
    lowered = content.lower()
    return any(word in lowered for word in words)


#: Most strings an "exactly one of these" set may hold before it is reduced to a
#: "contains one of these" condition (keeps products of alternations small). 64 lets
#: ``rest[_-]?(?:api[_-]?)?(?:key|token|secret)`` (36 spellings) stay exact instead of
#: shrinking to ``rest``, which a quarter of all source files contain (``restore``,
#: ``interest``); the trie search makes the number of literals nearly free.
_MAX_EXACT = 64
#: Literals of a condition above which it is searched with one trie expression rather
#: than one ``in`` per literal (``in`` runs at >1 GB/s, the trie at ~130 MB/s).
_TRIE_FROM = 6
#: Most characters of a class spelled out as alternatives (``[_-]`` yes, ``[a-z]`` no).
_MAX_CLASS = 8
#: Most branches of a top-level alternation tested one by one (see ``_Expression``);
#: a longer one (the REST paths) is one regex, which the literal test before it gates.
_MAX_BRANCHES = 8


@dataclass(frozen=True, slots=True)
class _Info:
    """What is known about the strings a sub-expression matches: ``exact`` when every
    match is one of these strings; otherwise ``contains``, a set of which every match
    contains at least one (None: nothing is known)."""

    exact: frozenset[bytes] | None = None
    contains: frozenset[bytes] | None = None

    def condition(self) -> frozenset[bytes] | None:
        if self.exact is not None:
            return None if b"" in self.exact else self.exact
        return self.contains


_UNKNOWN = _Info()
_EMPTY = _Info(exact=frozenset({b""}))


def required_literals(pattern: bytes) -> frozenset[bytes] | None:
    """Lower-case strings one of which every case-insensitive match of ``pattern``
    contains, or None when no such set could be derived (``.*``, ``\\w+``, …)."""
    if sre_parse is None:
        return None
    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE)
        found = _sequence(list(parsed)).condition()
    except Exception:  # an unexpected parse shape: fail safe, never wrong
        return None
    return None if found is None else _minimal(found)


class Derivations:
    """``required_literals`` of rule expressions, remembered. Deriving them runs re's
    pure-Python parser over every expression, ~20 ms of a pre-commit run, for answers that
    change only with brazelint's code; the result cache, keyed by that code, keeps them
    between runs (``dump``/``load``)."""

    def __init__(self) -> None:
        self._known: dict[bytes, frozenset[bytes] | None] = {}
        #: Something was derived that ``load`` did not bring.
        self.learned = False

    def literals(self, pattern: bytes) -> frozenset[bytes] | None:
        if pattern in self._known:
            return self._known[pattern]
        found = self._known[pattern] = required_literals(pattern)
        self.learned = True
        return found

    def dump(self) -> bytes:
        return json.dumps(
            {
                pattern.hex(): None if found is None else sorted(lit.hex() for lit in found)
                for pattern, found in self._known.items()
            }
        ).encode()

    def load(self, data: bytes) -> None:
        """Take in what ``dump`` wrote; anything malformed is ignored (derived again)."""
        try:
            document = json.loads(data)
            known = {
                bytes.fromhex(pattern): (
                    None if found is None else frozenset(bytes.fromhex(lit) for lit in found)
                )
                for pattern, found in document.items()
            }
        except (ValueError, TypeError, AttributeError, RecursionError):
            return
        for pattern, found in known.items():
            self._known.setdefault(pattern, found)
        # What was derived before loading needs saving only if the file lacked it.
        self.learned = any(pattern not in known for pattern in self._known)


def _minimal(literals: frozenset[bytes]) -> frozenset[bytes]:
    """Drop every literal that contains a shorter one of the set: a file holding it holds
    the shorter one too, so the condition is unchanged and cheaper to test."""
    kept: list[bytes] = []
    for literal in sorted(literals, key=len):
        if not any(shorter in literal for shorter in kept):
            kept.append(literal)
    return frozenset(kept)


def _score(condition: frozenset[bytes] | None) -> tuple[int, int]:
    """Higher is more selective: the shortest literal's length first, then fewer
    literals."""
    if not condition:
        return (-1, 0)
    return (min(len(s) for s in condition), -len(condition))


def _best(*conditions: frozenset[bytes] | None) -> frozenset[bytes] | None:
    return max(conditions, key=_score)


def _sequence(items: Sequence[tuple[object, object]]) -> _Info:
    """Concatenation: runs of exactly-known pieces are multiplied out (``rest`` ``[_-]?``
    ``key``), and the whole keeps the most selective condition of any piece or run."""
    run = _EMPTY
    best: frozenset[bytes] | None = None
    exact = True
    for op, arg in items:
        item = _node(op, arg)
        if item.exact is None:
            exact = False
            best = _best(best, run.condition(), item.condition())
            run = _EMPTY
            continue
        assert run.exact is not None
        if len(run.exact) * len(item.exact) <= _MAX_EXACT:
            run = _Info(exact=frozenset(a + b for a in run.exact for b in item.exact))
        else:
            exact = False
            best = _best(best, run.condition())
            run = item
    if exact:
        return run
    return _Info(contains=_best(best, run.condition()))


def _alternation(branches: Iterable[_Info]) -> _Info:
    branches = list(branches)
    if all(b.exact is not None for b in branches):
        union = frozenset().union(*(b.exact for b in branches if b.exact is not None))
        if len(union) <= _MAX_EXACT:
            return _Info(exact=union)
    conditions = [b.condition() for b in branches]
    if any(c is None for c in conditions):
        return _UNKNOWN
    return _Info(contains=frozenset().union(*(c for c in conditions if c is not None)))


def _lower(code: int) -> bytes:
    return bytes([code]).lower()


def _node(op: object, arg: object) -> _Info:
    if op is sre.LITERAL:
        assert isinstance(arg, int)
        return _Info(exact=frozenset({_lower(arg)}))
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        # Zero-width: adds no characters to the match (a lookahead's text is not used).
        return _EMPTY
    if op is sre.SUBPATTERN:
        assert isinstance(arg, tuple)
        return _sequence(list(arg[-1]))
    if op is sre.ATOMIC_GROUP:
        return _sequence(list(arg))  # type: ignore[call-overload]  # a SubPattern
    if op is sre.BRANCH:
        assert isinstance(arg, tuple)
        return _alternation(_sequence(list(branch)) for branch in arg[1])
    if op is sre.IN:
        return _char_class(arg)  # type: ignore[arg-type]  # list of (op, arg) pairs
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        assert isinstance(arg, tuple)
        low, high, body = arg
        child = _sequence(list(body))
        if low == 0:
            if high == 1 and child.exact is not None:
                return _Info(exact=child.exact | {b""})
            return _UNKNOWN  # optional: it may match nothing at all
        if low == high == 1:
            return child
        # At least one repetition, so the child's condition holds.
        return _Info(contains=child.condition())
    return _UNKNOWN  # ANY, NOT_LITERAL, back-references, conditionals


def _char_class(items: list[tuple[object, object]]) -> _Info:
    chars: set[bytes] = set()
    for op, arg in items:
        if op is sre.LITERAL:
            assert isinstance(arg, int)
            chars.add(_lower(arg))
        elif op is sre.RANGE:
            assert isinstance(arg, tuple)
            low, high = arg
            if high - low >= _MAX_CLASS:
                return _UNKNOWN
            chars.update(_lower(code) for code in range(low, high + 1))
        else:  # NEGATE, CATEGORY (\w, \d …)
            return _UNKNOWN
        if len(chars) > _MAX_CLASS:
            return _UNKNOWN
    return _Info(exact=frozenset(chars))


# --- the prefilter -----------------------------------------------------------------------


class _Expression:
    """A rule's expression, compiled (case-insensitive) on first use: most are never
    needed in a short run, and compiling them all cost tens of milliseconds per language
    of a pre-commit run.

    An expression that is an alternation at its top level is tested branch by branch, each
    only when the file holds one of that branch's literals; a branch that is nothing but a
    literal (``braze``) is then decided by the literal alone. One regex over the whole
    alternation tries every branch at every byte: ``{{…${…|braze`` ran at ~17 MB/s over
    JSX full of ``{{``, its branches this way at several hundred."""

    __slots__ = ("_branches", "_compiled", "_on_lowered", "pattern")

    def __init__(
        self,
        pattern: bytes,
        branches: tuple[tuple[_Expression | None, frozenset[bytes] | None], ...] | None = None,
    ) -> None:
        self.pattern = pattern
        self._compiled: re.Pattern[bytes] | None = None
        #: Whether the compiled expression is the lower-cased pattern, searched
        #: case-sensitively in the lower-cased bytes (see ``lowered_pattern``).
        self._on_lowered = False
        #: (branch or None for a plain literal, the literals one of which it needs).
        self._branches = branches

    def search(
        self,
        data: bytes,
        has: Callable[[frozenset[bytes] | None], bool] | None = None,
        lowered: bytes | None = None,
    ) -> bool:
        """Whether the expression matches ``data``; ``lowered`` is ``data.lower()`` when
        the caller has it (then most expressions are searched there, several times
        faster)."""
        if self._branches is not None and has is not None:
            return any(
                has(literals) and (branch is None or branch.search(data, None, lowered))
                for branch, literals in self._branches
            )
        if self._compiled is None:
            folded = lowered_pattern(self.pattern)
            self._on_lowered = folded is not None
            self._compiled = (
                re.compile(folded)
                if folded is not None
                else re.compile(self.pattern, re.IGNORECASE)
            )
        if self._on_lowered:
            return self._compiled.search(data.lower() if lowered is None else lowered) is not None
        return self._compiled.search(data) is not None


#: What makes a pattern's meaning depend on letter case beyond what ASCII case folding of
#: pattern and subject undoes: an escape written with a capital (``\S``, ``\W``, ``\B``,
#: ``\Z``: lower-casing them inverts them), a class range from one case to the other
#: (``[A-z]`` also holds ``[\]^_`]``), and inline flags that could turn case folding off.
_CASE_SENSITIVE_SYNTAX = re.compile(
    rb"\\[A-Z]|[A-Z]-[a-z]|[a-z]-[A-Z]|\(\?[a-zA-Z]*-|\(\?[a-zA-Z]*[aLu]"
)


def lowered_pattern(pattern: bytes) -> bytes | None:
    """``pattern`` lower-cased, such that searching the lower-cased subject with it
    case-sensitively matches exactly when ``pattern`` matches the subject with
    ``re.IGNORECASE`` (both fold ASCII letters only); None when that cannot be promised.

    ``re`` has no literal fast path for a case-insensitive pattern: it tries every
    position. Case-sensitive, a pattern that starts with a literal is searched with
    ``memchr``-like speed, an alternation with a first-byte check: on front-end code the
    rules' expressions ran 2-7× faster this way (benchmarks/PERF-NOTES.md, issue 18)."""
    unescaped = pattern.replace(b"\\\\", b"")
    if _CASE_SENSITIVE_SYNTAX.search(unescaped) is not None:
        return None
    return pattern.lower()


#: Characters a case-insensitive pattern may be made of for it to be a plain literal.
_PLAIN_LITERAL = re.compile(rb"[A-Za-z0-9_/ -]+")


def top_level_branches(pattern: bytes) -> list[bytes] | None:
    """The branches of ``pattern`` when it is an alternation at its top level, each with
    the pattern's leading global flags (``(?s)``); None when it is not one or cannot be
    split with certainty (a verbose pattern, whose `#` comments could hold a `|`)."""
    flags = b""
    body = pattern
    leading = re.match(rb"\(\?[aiLmsux]+\)", body)
    if leading is not None:
        flags, body = leading.group(), body[leading.end() :]
        if b"x" in flags:
            return None
    branches: list[bytes] = []
    depth = 0
    in_class = False
    start = 0
    i = 0
    while i < len(body):
        char = body[i : i + 1]
        if char == b"\\":
            i += 2
            continue
        if in_class:
            in_class = char != b"]"
        elif char == b"[":
            in_class = True
            # `[]…]` and `[^]…]` hold a literal `]` first.
            if body[i + 1 : i + 2] == b"^":
                i += 1
            if body[i + 1 : i + 2] == b"]":
                i += 1
        elif char == b"(":
            depth += 1
        elif char == b")":
            depth -= 1
        elif char == b"|" and depth == 0:
            branches.append(body[start:i])
            start = i + 1
        i += 1
    if depth != 0 or in_class or not branches:
        return None
    branches.append(body[start:])
    return [flags + branch for branch in branches]


@dataclass(frozen=True)
class _RuleTest:
    rule: Rule
    #: The rule's expressions, compiled as written (case-insensitive), each with the
    #: literals one of which a match contains; all must match.
    clauses: tuple[tuple[_Expression, frozenset[bytes] | None], ...]
    #: Literals one of which a file must contain (lower-cased) for the rule to apply; None
    #: when none could be derived.
    anchor: frozenset[bytes] | None


#: A trie node: next byte → child; the key -1 marks the end of a literal.
_Trie = dict[int, "_Trie"]


def _any_of(literals: Iterable[bytes]) -> re.Pattern[bytes]:
    """One case-sensitive expression matching wherever any of ``literals`` starts, written
    as a trie (``u(?:sers/(?:track|…)|…)``). A flat alternation of 50 literals makes ``re``
    try every branch at every byte whose first character some literal starts with (most
    letters); the trie tries one branch per byte, ~3× faster than 50 ``in`` passes."""
    root: _Trie = {}
    for literal in _minimal(frozenset(literals)):
        node = root
        for byte in literal:
            node = node.setdefault(byte, {})
        node[-1] = {}  # end of a literal

    def emit(node: _Trie) -> bytes:
        if -1 in node:
            # _minimal: no literal is a prefix of another, so an end is a leaf; finding
            # the shortest literal is enough for "contains one of them".
            return b""
        branches = [re.escape(bytes([byte])) + emit(child) for byte, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else b"(?:" + b"|".join(branches) + b")"

    return re.compile(emit(root))


class _Condition:
    """Tests "contains one of these lower-case literals" on lower-cased bytes: with
    ``in`` for a few literals, with one trie search for many."""

    __slots__ = ("_trie", "literals")

    def __init__(self, literals: frozenset[bytes]) -> None:
        # Longest first: a longer literal is rarer, so a file that has one is found sooner.
        self.literals = tuple(sorted(_minimal(literals), key=lambda lit: (-len(lit), lit)))
        self._trie = _any_of(self.literals) if len(self.literals) >= _TRIE_FROM else None

    def __call__(self, lowered: bytes) -> bool:
        if self._trie is not None:
            return self._trie.search(lowered) is not None
        # A plain loop: a generator costs more per literal than the search itself on a
        # small file.
        for literal in self.literals:  # noqa: SIM110  # see above
            if literal in lowered:
                return True
        return False


class LiteralSearch:
    """Which of a language's anchor literals a file holds, found in one pass.

    Testing each rule's anchor separately costs one pass per condition on every file that
    holds any literal at all, and some literals are everywhere in some languages (JSX
    ``style={{`` puts BRZ601's ``{{`` in almost every TSX file). One search over the
    literals that contain no other (``_minimal``) finds every such literal the file holds;
    a longer literal can only be there if every minimal literal inside it is, and only then
    is it looked for itself. The search is an Aho-Corasick automaton when
    ``ahocorasick_rs`` is installed, else a trie expression (``_any_of``)."""

    __slots__ = ("_anchors", "_automaton", "_covers", "_minimal", "_trie", "literals")

    def __init__(self, literals: frozenset[bytes], use_automaton: bool = True) -> None:
        """``use_automaton``: False searches with the trie even where the automaton is
        installed (tests compare the two)."""
        #: Every literal some rule of the language anchors on.
        self.literals = literals
        minimal = _minimal(literals)
        self._minimal = tuple(sorted(minimal))
        self._automaton = (
            _Automaton(list(self._minimal)) if use_automaton and _Automaton is not None else None
        )
        # Compiling the trie costs milliseconds a pre-commit run would pay for nothing.
        self._trie = _any_of(minimal) if self._automaton is None else None
        self._covers = {
            literal: frozenset(inner for inner in minimal if inner in literal)
            for literal in literals
            if literal not in minimal
        }
        self._anchors: dict[frozenset[bytes], tuple[frozenset[bytes], tuple[bytes, ...]]] = {}

    def found(self, lowered: bytes) -> set[bytes]:
        """The minimal literals ``lowered`` holds, overlapping ones included."""
        if self._automaton is not None:
            minimal = self._minimal
            return {
                minimal[index]
                for index, _, _ in self._automaton.find_matches_as_indexes(
                    lowered, overlapping=True
                )
            }
        # The trie finds one literal per match: resume one byte after each match's start,
        # not at its end, so that a literal overlapping another is still found.
        assert self._trie is not None
        found: set[bytes] = set()
        search = self._trie.search
        match = search(lowered)
        while match is not None:
            found.add(match.group())
            match = search(lowered, match.start() + 1)
        return found

    def longer_literals(self) -> frozenset[bytes]:
        """The literals that hold another one, which ``found`` never reports."""
        return frozenset(self._covers)

    def holds_any(self, literals: frozenset[bytes], found: set[bytes], lowered: bytes) -> bool:
        """Whether ``lowered`` (whose minimal literals are ``found``) holds one of
        ``literals``, all of them among ``self.literals``."""
        split = self._anchors.get(literals)
        if split is None:
            direct = frozenset(lit for lit in literals if lit not in self._covers)
            split = self._anchors[literals] = (direct, tuple(literals - direct))
        direct, longer = split
        if not found.isdisjoint(direct):
            return True
        return any(self._covers[lit] <= found and lit in lowered for lit in longer)


class Prefilter:
    """Which of ``rules`` could fire on a file, from its language, name and raw bytes."""

    def __init__(self, rules: Sequence[Rule], derivations: Derivations | None = None) -> None:
        self.rules = tuple(rules)
        self._derivations = Derivations() if derivations is None else derivations
        self._compiled: dict[bytes, tuple[_Expression, frozenset[bytes] | None]] = {}
        self._stage1s: dict[frozenset[bytes], LiteralSearch] = {}
        self._conditions: dict[frozenset[bytes], _Condition] = {}
        # Built per language (and file suffix) on first use: a pre-commit run sees few
        # languages, and deriving literals costs a few milliseconds per language.
        self._by_language: dict[
            tuple[Language, str | None], tuple[list[_RuleTest], LiteralSearch | None]
        ] = {}

    def _condition(self, literals: frozenset[bytes]) -> _Condition:
        found = self._conditions.get(literals)
        if found is None:
            found = self._conditions[literals] = _Condition(literals)
        return found

    def _clause(self, pattern: bytes) -> tuple[_Expression, frozenset[bytes] | None]:
        found = self._compiled.get(pattern)
        if found is None:
            found = (self._expression(pattern), self._derivations.literals(pattern))
            self._compiled[pattern] = found
        return found

    def _expression(self, pattern: bytes) -> _Expression:
        branches = top_level_branches(pattern)
        if branches is None or len(branches) > _MAX_BRANCHES:
            return _Expression(pattern)
        parts: list[tuple[_Expression | None, frozenset[bytes] | None]] = []
        for branch in branches:
            literals = self._derivations.literals(branch)
            if literals is None:
                # A branch without literals must be searched in every file anyway: one
                # regex over the whole alternation does that best.
                return _Expression(pattern)
            plain = _PLAIN_LITERAL.fullmatch(branch) is not None and literals == {branch.lower()}
            parts.append((None if plain else _Expression(branch), literals))
        return _Expression(pattern, tuple(parts))

    def _tests(
        self, language: Language, suffix: str | None = None
    ) -> tuple[list[_RuleTest], LiteralSearch | None]:
        key = (language, suffix)
        found = self._by_language.get(key)
        if found is not None:
            return found
        tests = []
        for rule in self.rules:
            if language not in rule.languages:
                continue
            parts = [self._clause(pattern) for pattern in rule.prefilter_clauses(language, suffix)]
            tests.append(
                _RuleTest(
                    rule=rule,
                    clauses=tuple(parts),
                    # Every clause must match, so the most selective one's literals can
                    # stand for the rule.
                    anchor=_best(*(literals for _, literals in parts)) if parts else None,
                )
            )
        quick = _stage1_literals(tests)
        stage1 = None
        if quick is not None:
            # Languages of a family (Kotlin and Java, JS and TS) share a literal set: one
            # trie each (compiling a trie of ~90 literals takes milliseconds).
            stage1 = self._stage1s.get(quick)
            if stage1 is None:
                stage1 = self._stage1s[quick] = LiteralSearch(quick)
        found = (tests, stage1)
        self._by_language[key] = found
        return found

    def rules_for(self, language: Language, data: bytes, suffix: str | None = None) -> list[Rule]:
        """The rules whose every expression matches ``data`` (a file in ``language``).
        ``suffix``: the file name's lower-cased extension (see ``file_suffix``), which some
        rules' conditions depend on; None when unknown (the broadest conditions apply)."""
        tests, stage1 = self._tests(language, suffix)
        if not tests:
            return []
        lowered = data.lower()
        found: set[bytes] = set()
        if stage1 is not None:
            found = stage1.found(lowered)
            if not found:
                return []
        # Rules share literals and expressions (BRZ301/304/305 all want changeUser), so
        # each condition is looked for at most once per file.
        present: dict[frozenset[bytes], bool] = {}
        matched: dict[_Expression, bool] = {}

        def has(literals: frozenset[bytes] | None) -> bool:
            if literals is None:
                return True
            verdict = present.get(literals)
            if verdict is None:
                if stage1 is not None and literals <= stage1.literals:
                    verdict = stage1.holds_any(literals, found, lowered)
                else:
                    verdict = self._condition(literals)(lowered)
                present[literals] = verdict
            return verdict

        selected = []
        for test in tests:
            if not has(test.anchor):
                continue
            for regex, literals in test.clauses:
                verdict = matched.get(regex)
                if verdict is None:
                    verdict = has(literals) and regex.search(data, has, lowered)
                    matched[regex] = verdict
                if not verdict:
                    break
            else:
                selected.append(test.rule)
        return selected

    def passes(self, language: Language, data: bytes, suffix: str | None = None) -> bool:
        return bool(self.rules_for(language, data, suffix))


def file_suffix(name: str) -> str:
    """The lower-cased extension of a file name or path (``"x/Mail.LIQUID"`` →
    ``".liquid"``, ``".env"`` → ``".env"``, no dot → ``""``): exactly what
    ``name.lower().endswith(suffix)`` tests in rules."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    dot = base.rfind(".")
    return "" if dot < 0 else base[dot:]


def _stage1_literals(tests: Sequence[_RuleTest]) -> frozenset[bytes] | None:
    """Every literal some rule anchors on; None when some rule has no literal anchor
    (then every file of the language goes to the exact test).

    The literals are used as they are: replacing several by a shared substring (``users/``
    for the REST paths) saves work but lets through files like any using ``subscribe``.
    """
    if not tests or any(t.anchor is None for t in tests):
        return None
    return frozenset(lit for t in tests for lit in t.anchor or ())
