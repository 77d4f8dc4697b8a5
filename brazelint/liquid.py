"""A Liquid scanner: finds ``{{ … }}`` outputs and broken tags in a template.

It knows Liquid's syntax (and Braze's ``${…}`` placeholder syntax, which is part of how
Braze templates are written) but nothing about which outputs are mistakes: that is the
rules' business. It is used on whole template files and on string literals in code.

Tokenizing follows Liquid's own tokenizer: an output ends at the first ``}}`` and a tag
at the first ``%}``, quotes or not. Two refinements make real templates come out right:

- a Braze placeholder ``${…}`` inside an output keeps its ``}``, so ``{{${first_name}}}``
  is the expression ``${first_name}``, not ``${first_name`` followed by a stray ``}``;
- a ``{{`` or ``{%`` met before an output or tag is closed means the first one was never
  closed (reported), and scanning goes on from the new opener instead of swallowing it.

Everything is linear in the length of the text: each regex search starts where the last
one stopped, and positions are computed with one line index per text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from brazelint.facts import Comment, LiquidOutput, LiquidProblem, Span
from brazelint.frontends.positions import LineIndex

#: Things that matter in plain template text.
_MAIN = re.compile(r"\{\{|\{%|\}\}")
#: An output with no braces inside except closed ``${…}`` placeholders: the common case,
#: read in one step. It gives exactly what the general loop in ``_output`` gives.
_SIMPLE_OUTPUT = re.compile(r"\{\{(?:[^{}$]|\$(?!\{)|\$\{[^{}]*\})*\}\}")
#: Things that matter inside an output.
_OUTPUT_TOKENS = re.compile(r"\$\{|\}|\{\{|\{%")
#: Where an output or a tag begins.
_OPENERS = re.compile(r"\{\{|\{%")
#: Things that matter inside a tag.
_TAG_TOKENS = re.compile(r"%\}|\{\{|\{%")
_ENDRAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")
_COMMENT_TAGS = re.compile(r"\{%-?\s*(end)?comment\s*-?%\}")
#: A mistyped ``{% endcomment %}`` (``{endcomment %}``, ``{% endcomment }``, ``%)``): not a
#: closing tag, so the comment stays open, but it is where the author meant it to end.
_SLOPPY_ENDCOMMENT = re.compile(r"[{(]%?-?[ \t]*endcomment[ \t]*-?%?[})]")
#: Operators other languages have and Liquid does not (it writes ``and`` / ``or``).
_FOREIGN_OPERATORS = {"&&": "and", "||": "or"}
_FOREIGN_OPERATOR = re.compile(r"&&|\|\|")
_CONDITION_TAGS = frozenset({"if", "elsif", "unless"})
#: What a tag's markup holds besides braces that count: quoted strings and ``${…}``.
_MARKUP_QUOTED = re.compile(r"""'[^']*'|"[^"]*"|\$\{[^{}]*\}""")
_TAG_NAME = re.compile(r"\s*(#|[A-Za-z_]\w*)")
#: Tags that take no markup: one that meets a `{{` before its `%}` was never closed.
_BARE_TAGS = frozenset(
    {
        "else",
        "endif",
        "endunless",
        "endcase",
        "endfor",
        "endcapture",
        "endcomment",
        "endraw",
        "break",
        "continue",
        "comment",
        "raw",
    }
)
#: A Liquid variable name (Liquid allows ``-`` inside names).
_NAME = re.compile(r"\s*([A-Za-z_][\w-]*)")
_FILTER_NAME = re.compile(r"\s*([A-Za-z_][\w-]*)")
#: Quoted strings (an unterminated quote runs to the end) and the pipes between them.
_PIPES = re.compile(r"""'[^']*'?|"[^"]*"?|\|""")

#: The longest ``raw`` kept for a problem, so a 5 MB unclosed tag is not copied around.
_RAW_MAX = 80
#: Context kept before a stray ``}}`` in its ``raw``, so a message can show what it follows.
_STRAY_CONTEXT = 40

#: At most this many problems per text: a text with thousands of unbalanced braces is not
#: a Liquid template, and listing them all would cost time and say nothing more.
MAX_PROBLEMS = 20
#: Blocks nested deeper than this are counted but not tracked (no guards from them), so
#: that a hostile 100,000-deep ``{% if %}`` nesting costs linear time.
MAX_NESTING = 64

#: Blocks that take ``else`` arms; tracked so that an ``else`` is given to the right block.
_ELSE_BLOCKS = {"if": "endif", "unless": "endunless", "case": "endcase", "for": "endfor"}
_END_BLOCKS = {end: start for start, end in _ELSE_BLOCKS.items()}


@dataclass(frozen=True, slots=True)
class LiquidScan:
    outputs: tuple[LiquidOutput, ...]
    problems: tuple[LiquidProblem, ...]
    #: ``{% comment %}…{% endcomment %}`` blocks and ``{% # … %}`` inline comments.
    comments: tuple[Comment, ...]


def scan_liquid(
    text: str, start: Span | None = None
) -> tuple[list[LiquidOutput], list[LiquidProblem]]:
    """The outputs and problems of a Liquid template.

    With ``start`` (the ``content_span`` of a string literal) spans are positions in the
    file that holds the literal; without it, positions in ``text``.
    """
    scan = scan_liquid_template(text, start)
    return list(scan.outputs), list(scan.problems)


def scan_liquid_template(
    text: str, start: Span | None = None, index: LineIndex | None = None
) -> LiquidScan:
    """Like :func:`scan_liquid`, with comment blocks too. ``index`` may be passed in by a
    caller that already built one for ``text``."""
    scanner = _Scanner(text, _Positions(text, start, index))
    scanner.run()
    return LiquidScan(tuple(scanner.outputs), tuple(scanner.problems), tuple(scanner.comments))


class _Positions:
    """Character offsets in ``text`` → spans, in the file or relative to ``start``.

    Relative positions follow ``brazelint.frontends.positions.offset_in`` exactly, but use a
    line index instead of counting newlines in a prefix per call, which would make a long
    string with many outputs quadratic.
    """

    def __init__(self, text: str, start: Span | None, index: LineIndex | None) -> None:
        self._text = text
        self._start = start
        self._index = index

    def point(self, offset: int) -> tuple[int, int]:
        if self._index is None:
            self._index = LineIndex(self._text)
        line, col = self._index.char_point(offset)
        if self._start is None:
            return line, col
        if line == 1:
            return self._start.line, self._start.col + col - 1
        return self._start.line + line - 1, col

    def span(self, begin: int, end: int) -> Span:
        line, col = self.point(begin)
        end_line, end_col = self.point(end)
        return Span(line, col, end_line, end_col)


@dataclass(slots=True)
class _Block:
    kind: str
    #: For if/unless: each arm's (is ``if``, condition); ``unless`` is a negative first arm.
    arms: list[tuple[bool, str]] = field(default_factory=list)
    in_else: bool = False

    def guards(self) -> tuple[str, ...]:
        if self.kind not in ("if", "unless"):
            return ()
        earlier = self.arms if self.in_else else self.arms[:-1]
        negated = tuple(_guard(not positive, cond) for positive, cond in earlier)
        if self.in_else:
            return negated
        positive, cond = self.arms[-1]
        return (*negated, _guard(positive, cond))


def _guard(positive: bool, condition: str) -> str:
    return f"{'if' if positive else 'unless'} {condition}"


class _Scanner:
    def __init__(self, text: str, positions: _Positions) -> None:
        self.text = text
        self.positions = positions
        self.outputs: list[LiquidOutput] = []
        self.problems: list[LiquidProblem] = []
        self.comments: list[Comment] = []
        self.blocks: list[_Block] = []
        self.assigned: set[str] = set()
        self._guards: tuple[str, ...] | None = ()
        #: Blocks opened beyond MAX_NESTING and not yet closed.
        self.untracked = 0
        #: ``{% comment %}`` blocks met that have no ``{% endcomment %}``.
        self.unclosed_comments = 0
        #: Guards that hold for the rest of the template because an ``abort_message``
        #: stopped rendering when they did not (``{% if x == blank %}{% abort_message %}``).
        self.established: list[str] = []

    def run(self) -> None:
        text = self.text
        pos = 0
        # Unmatched single "{" in plain text (CSS rules, script blocks): a "}}" that closes
        # them is not a stray Liquid brace (`@media{.a{color:red}}` in an email's <style>).
        depth = 0
        while True:
            match = _MAIN.search(text, pos)
            if match is None:
                return
            begin = match.start()
            depth = max(0, depth + text.count("{", pos, begin) - text.count("}", pos, begin))
            token = match.group()
            if token == "}}":
                if depth:
                    depth = max(0, depth - 2)
                else:
                    context_start = max(pos, begin - _STRAY_CONTEXT)
                    line_start = text.rfind("\n", context_start, begin) + 1
                    before = text[max(context_start, line_start) : begin]
                    self._problem("`}}` without an opening `{{`", before + "}}", begin, begin + 2)
                pos = begin + 2
            elif token == "{{":
                pos = self._output(begin)
            else:
                pos = self._tag(begin)

    # -- outputs ---------------------------------------------------------------------

    def _output(self, begin: int) -> int:
        """Reads the output starting at ``begin`` (its ``{{``); returns where to go on."""
        text = self.text
        simple = _SIMPLE_OUTPUT.match(text, begin)
        if simple is not None:
            return self._emit(begin, simple.end() - 2, simple.end())
        position = begin + 2
        in_placeholder = False
        while True:
            match = _OUTPUT_TOKENS.search(text, position)
            if match is None or match.group() in ("{{", "{%"):
                stop = len(text) if match is None else match.start()
                self._unclosed("`{{` is not closed by `}}`", begin, stop)
                return stop
            at = match.start()
            if match.group() == "${":
                in_placeholder = True
                position = at + 2
                continue
            # A "}".
            if in_placeholder:
                in_placeholder = False
                if text.startswith("}}", at) and not text.startswith("}}}", at):
                    # `{{ ${first_name }}`: the `${` was never closed and `}}` ends the
                    # output (the expression keeps the unclosed `${` for rules to see).
                    return self._emit(begin, at, at + 2)
                position = at + 1
                continue
            if text.startswith("}}", at):
                return self._emit(begin, at, at + 2)
            position = at + 1

    def _emit(self, begin: int, inner_end: int, end: int, printed: bool = True) -> int:
        if begin >= 2 and self.text.startswith("{$", begin - 2) and self.text.startswith("}", end):
            # `{${{external_id}}}`: the `{{` and `${` of `{{${…}}}` swapped; the `{$` and
            # the last `}` are printed as written around a plain variable.
            self._problem(
                "`{$` and `}` around an output, a garbled `{{${…}}}`",
                self.text[begin - 2 : end + 1],
                begin - 2,
                end + 1,
            )
        inner = self.text[begin + 2 : inner_end]
        expression = _strip_trim_markers(inner)
        variable, filters = _split_filters(expression)
        name = _NAME.match(variable)
        if self._guards is None:
            self._guards = (
                *self.established,
                *(g for block in self.blocks for g in block.guards()),
            )
        self.outputs.append(
            LiquidOutput(
                expression=expression,
                filters=filters,
                raw=self.text[begin:end],
                span=self.positions.span(begin, end),
                guards=self._guards,
                assigned=name is not None and name.group(1) in self.assigned,
                printed=printed,
            )
        )
        return end

    # -- tags ------------------------------------------------------------------------

    def _tag(self, begin: int) -> int:
        """Reads the tag starting at ``begin`` (its ``{%``); returns where to go on."""
        text = self.text
        match = _TAG_TOKENS.search(text, begin + 2)
        # Braze renders `{{…}}` inside a tag before the tag runs (`{% connected_content
        # https://x/{{${user_id}}} %}`, `{% if {{${language}}} == "en" %}`): such an output
        # is part of the tag's markup, not printed, and not the tag's end.
        # A tag that takes no markup (`{% endif }` missing its `%`) is broken, not holding
        # outputs: it stops at the first `{{` as before.
        takes_markup = _TAG_NAME.match(text, begin + 2)
        bare = takes_markup is not None and takes_markup.group(1) in _BARE_TAGS
        embedded: list[tuple[int, int]] = []
        # The next `}}` and `%}` searched for, kept while they lie ahead: many unclosed
        # outputs in one tag must not search to the end of the text once each.
        close_at = tag_end = -2
        while match is not None and match.group() == "{{" and not bare:
            simple = _SIMPLE_OUTPUT.match(text, match.start())  # `{{campaign.${id}}}` whole
            if -1 < close_at < match.end() or close_at == -2:
                close_at = text.find("}}", match.end())
            if -1 < tag_end < match.end() or tag_end == -2:
                tag_end = text.find("%}", match.end())
            inner_end = simple.end() - 2 if simple else close_at
            if simple is None and tag_end >= 0:
                # `{% connected_content https://x/{{custom_attribute.${a}&c={{b}} %}`: the
                # first output never closes; the next `{{` starts another, and the tag's
                # `%}` still closes the tag.
                following = _OPENERS.search(text, match.end(), tag_end)
                if (
                    following is not None
                    and following.group() == "{{"
                    and (inner_end < 0 or following.start() < inner_end)
                ):
                    self._unclosed("`{{` is not closed by `}}`", match.start(), following.start())
                    embedded.append((match.start(), following.start()))
                    match = following
                    continue
            if inner_end < 0 or tag_end < inner_end:
                break  # no `%}` after the output (or before its end): the tag is unclosed
            self._emit(match.start(), inner_end, inner_end + 2, printed=False)
            embedded.append((match.start(), inner_end + 2))
            match = _TAG_TOKENS.search(text, inner_end + 2)
        if match is None or match.group() != "%}":
            stop = len(text) if match is None else match.start()
            self._unclosed("`{%` is not closed by `%}`", begin, stop)
            return stop
        end = match.end()
        markup = _strip_trim_markers(text[begin + 2 : match.start()])
        name_match = _TAG_NAME.match(markup)
        if name_match is None:
            return end
        name = name_match.group(1)
        rest = " ".join(markup[name_match.end() :].split())
        if name == "raw":
            close = _ENDRAW.search(text, end)
            if close is None:
                self._problem(
                    "`{% raw %}` is not closed by `{% endraw %}`", text[begin:end], begin, end
                )
                return len(text)
            return close.end()
        if name == "comment":
            return self._comment(begin, end)
        if name == "#":
            self.comments.append(Comment(text[begin:end], self.positions.span(begin, end)))
            return end
        self._check_markup(name, begin, end, embedded)
        if name == "abort_message":
            self._abort()
        self._block_tag(name, rest)
        self._assignment(name, rest)
        if name == "liquid":
            # `{% liquid assign x = 1 \n echo x %}`: one statement per line.
            for line in markup[name_match.end() :].splitlines():
                statement = _TAG_NAME.match(line)
                if statement is not None:
                    self._assignment(statement.group(1), line[statement.end() :].strip())
        return end

    def _comment(self, begin: int, end: int) -> int:
        text = self.text
        nesting = 1
        position = end
        while True:
            match = _COMMENT_TAGS.search(text, position)
            if match is None:
                self._problem(
                    "`{% comment %}` is not closed by `{% endcomment %}`",
                    text[begin:end],
                    begin,
                    end,
                )
                # A mistyped closer (`{endcomment %}`) after the opener is where the author
                # meant the comment to end: the template after it is read, so its own
                # mistakes are found too (the whole rest is swallowed otherwise).
                # Each such comment searches to the end of the text: at most MAX_PROBLEMS
                # of them, so a text of thousands stays linear.
                self.unclosed_comments += 1
                if self.unclosed_comments > MAX_PROBLEMS:
                    return len(text)
                sloppy = _SLOPPY_ENDCOMMENT.search(text, end)
                if sloppy is None:
                    return len(text)
                self.comments.append(
                    Comment(text[begin : sloppy.end()], self.positions.span(begin, sloppy.end()))
                )
                return sloppy.end()
            nesting += -1 if match.group(1) else 1
            position = match.end()
            if nesting == 0:
                self.comments.append(
                    Comment(text[begin:position], self.positions.span(begin, position))
                )
                return position

    def _check_markup(
        self, name: str, begin: int, end: int, embedded: list[tuple[int, int]]
    ) -> None:
        """Mistakes inside one closed tag ``text[begin:end]`` whose outputs (``{{…}}`` in
        its markup) are at ``embedded``: a ``}}`` with no ``{{`` (``{% assign x = a.b}} %}``)
        and, in a condition, ``&&`` / ``||`` (Liquid's operators are ``and`` / ``or``)."""
        text = self.text
        pieces: list[str] = []
        position = begin + 2
        for start, stop in embedded:
            pieces.append(text[position:start])
            pieces.append(" " * (stop - start))  # keeps offsets
            position = stop
        pieces.append(text[position : end - 2])
        markup = _MARKUP_QUOTED.sub(lambda m: " " * len(m.group()), "".join(pieces))
        shown = text[begin : min(end, begin + _RAW_MAX)].split("\n", 1)[0]
        depth = 0
        at = 0
        while at < len(markup):
            char = markup[at]
            if char == "{":
                depth += 1
            elif char == "}":
                if depth == 0 and markup.startswith("}}", at):
                    where = begin + 2 + at
                    self._problem(
                        "`}}` inside a tag without an opening `{{`", shown, where, where + 2
                    )
                    break
                depth = max(0, depth - 1)
            at += 1
        if name in _CONDITION_TAGS:
            operator = _FOREIGN_OPERATOR.search(markup)
            if operator is not None:
                where = begin + 2 + operator.start()
                found = operator.group()
                self._problem(
                    f"`{found}` is not a Liquid operator (write `{_FOREIGN_OPERATORS[found]}`)",
                    shown,
                    where,
                    where + 2,
                )

    def _block_tag(self, name: str, condition: str) -> None:
        if name in _ELSE_BLOCKS:
            if len(self.blocks) >= MAX_NESTING:
                self.untracked += 1
                return
            block = _Block(name)
            if name in ("if", "unless"):
                block.arms.append((name == "if", condition))
            self.blocks.append(block)
        elif name in _END_BLOCKS:
            if self.untracked:
                self.untracked -= 1
                return
            kind = _END_BLOCKS[name]
            for depth in range(len(self.blocks) - 1, -1, -1):
                if self.blocks[depth].kind == kind:
                    # Blocks left open inside it (a missing `endfor`) end with it.
                    del self.blocks[depth:]
                    break
            else:
                return
        elif name in ("elsif", "else"):
            if self.untracked or not self.blocks or self.blocks[-1].kind not in ("if", "unless"):
                return  # `else` of a `for` / `case`, or a stray one: no condition to track
            block = self.blocks[-1]
            if name == "elsif":
                block.arms.append((True, condition))
            else:
                block.in_else = True
        else:
            return
        self._guards = None

    def _abort(self) -> None:
        """After ``{% if C %}{% abort_message %}{% endif %}`` the rest of the template is
        rendered only when C is false. Recorded only when C is the one condition in force,
        since the negation of several is not one guard."""
        if self.untracked:
            return
        guards = [g for block in self.blocks for g in block.guards()]
        if len(guards) != 1:
            return
        positive, condition = guards[0].split(" ", 1)
        self.established.append(_guard(positive == "unless", condition))
        self._guards = None

    def _assignment(self, name: str, rest: str) -> None:
        if name in ("assign", "capture", "for", "increment", "decrement"):
            variable = _NAME.match(rest)
            if variable is not None:
                self.assigned.add(variable.group(1))

    # -- problems --------------------------------------------------------------------

    def _unclosed(self, message: str, begin: int, stop: int) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            return
        raw = self.text[begin : min(stop, begin + _RAW_MAX)].split("\n", 1)[0]
        self._problem(message, raw, begin, begin + 2)

    def _problem(self, message: str, raw: str, begin: int, end: int) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            return
        self.problems.append(LiquidProblem(message, raw, self.positions.span(begin, end)))


def _strip_trim_markers(inner: str) -> str:
    """``{{- x -}}`` / ``{%- x -%}``: the dashes control whitespace, they are not content."""
    if inner.startswith("-"):
        inner = inner[1:]
    if inner.endswith("-"):
        inner = inner[:-1]
    return inner.strip()


def liquid_variable(expression: str) -> str:
    """The part of an output's expression before its first filter, stripped."""
    return _split_filters(expression)[0]


def _split_filters(expression: str) -> tuple[str, tuple[str, ...]]:
    """The variable part and the filter names of an output's expression; ``|`` inside
    quotes (``default: 'a|b'``) does not split."""
    if "|" not in expression:
        return expression, ()
    pipes = [m.start() for m in _PIPES.finditer(expression) if m.group() == "|"]
    if not pipes:
        return expression, ()
    bounds = [*pipes, len(expression)]
    names = []
    for here, following in pairwise(bounds):
        name = _FILTER_NAME.match(expression, here + 1, following)
        if name is not None:
            names.append(name.group(1))
    return expression[: pipes[0]].strip(), tuple(names)
