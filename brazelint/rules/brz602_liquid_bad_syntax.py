"""BRZ602 liquid-bad-syntax: Braze Liquid that will not print what its author meant
(braze-facts.md §10):

- a standard attribute written as a plain Liquid variable, ``{{first_name}}``: Braze reads
  it as an unset variable and prints nothing; the attribute is ``{{${first_name}}}``;
- a tag Braze does not have: ``${email}`` (it is ``${email_address}``), ``${phone}``
  (``${phone_number}``) and similar;
- ``custom_attribute.name`` without ``${…}``: ``custom_attribute.${name}``;
- a ``${`` that is never closed (``{{ ${first_name }}``), or ``{{{first_name}}}`` with
  the ``$`` missing;
- unbalanced ``{{``/``}}``/``{%``/``%}`` and unclosed ``raw``/``comment`` blocks, a ``}}``
  inside a tag, ``&&`` / ``||`` in a condition, and ``{${{name}}}`` (the scanner's problems).

Precision first: ``{{ … }}`` is also Mustache, Handlebars, Angular, Vue, Jinja, Django and
JSX, so the checks that could match those (plain names, ``{{{x}}}``, broken braces) run
only on Braze templates: ``.liquid`` files, ``.html`` files that use ``${…}`` somewhere,
and in code only outputs that start with ``${…}`` or ``custom_attribute.``, or, in a file
that names Braze, outputs with ``${…}`` or Liquid-style filter arguments (``| default:
'x'``). Plain names the template assigned itself are never flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from brazelint.braze.liquid import (
    RAW_DOLLAR_BRACE,
    RAW_STRING_FILLER,
    STANDARD_ATTRIBUTES,
    WRONG_NAMES,
    is_braze_template_file,
    looks_like_braze_liquid,
)
from brazelint.braze.rest import BRAZE_IN_SIGHT, mentions_braze
from brazelint.facts import FileFacts, LiquidOutput, Span
from brazelint.findings import Applicability, Edit, Finding, Fix
from brazelint.languages import CODE_LANGUAGES, Language
from brazelint.liquid import liquid_variable
from brazelint.rule import FileRule
from brazelint.rules._spans import source_text, span_within

#: A ``${`` with no ``}`` before the next brace or the end.
_UNCLOSED_PLACEHOLDER = re.compile(r"\$\{(?![^{}]*\})\s*([\w.]*)")
_PLACEHOLDER = re.compile(r"\$\{\s*(\w+)\s*\}")
_CUSTOM_WITHOUT_PLACEHOLDER = re.compile(r"custom_attribute\.(?!\$\{)([A-Za-z_][\w.-]*)")
_MISSING_DOLLAR = re.compile(r"\{\s*(\w+)\s*\}?")
_NAME = re.compile(r"[A-Za-z_]\w*")
#: ``{first_name``: a placeholder with its ``$`` missing, as the output ``{{{first_name}}``
#: of ``{{{first_name}}}`` holds it (its ``}`` is the character after the output).
_BRACED_NAME = re.compile(r"\{\s*\w+\s*\}?")
#: The opening of an output, up to its expression.
_OPENING = re.compile(r"\{\{-?\s*")


#: Where Braze Liquid can be in code that does not name Braze: an output that starts with
#: a Braze tag (`{{${first_name}`, `{{custom_attribute.…`, `{{event_properties.${…}`), a
#: `{% … %}` tag holding one (`{% if ${first_name} %}`), or a `${name}` right before a
#: `}}` (the stray `}}` of a missing `{{`). An output with a `${` further in is JSX or a
#: template literal (`style={{ width: `${pct}%` }}`), and one with filter arguments alone
#: (`{{ price | currency:'USD' }}`) is Angular or Jinja, unless Braze is in sight
#: (issue 18: JSX style objects let most components of a React Native app through).
_BRAZE_SHAPE = re.compile(
    r"\{\{-?\s*(?:[\w.]{1,60})?(?:\$\{|custom_attribute)"
    r"|\{%(?:(?!%\}).)*?\$\{"
    r"|\$\{\s*[\w.]+\s*\}\}",
    re.DOTALL,
)

#: The same shapes in the raw bytes of a code file, where a string's escapes stand between
#: them (`\n`, `\u0024` for `$`, Kotlin's `\${`): necessary, not sufficient.
_CODE_BRAZE_SHAPE = (
    # A flat alternation: the prefilter tests each branch only in files holding its
    # literals (`{{`, `{%`, `${`), each with its literal prefix search.
    rb"(?s)\{\{-?"
    + RAW_STRING_FILLER
    + rb"*(?:[\w.]{1,60})?"
    + rb"(?:"
    + RAW_DOLLAR_BRACE
    + rb"|custom_attribute)"
    + rb"|\{%(?:(?!%\}).){0,240}?"
    + RAW_DOLLAR_BRACE
    + rb"|\$\\?\{\s*[\w.]+\s*\}\}"
)


class LiquidBadSyntax(FileRule):
    id = "BRZ602"
    keywords = rb"\{\{|\{%"
    languages = CODE_LANGUAGES | {Language.LIQUID}

    @classmethod
    def prefilter_clauses(cls, language: Language, suffix: str | None = None) -> tuple[bytes, ...]:
        # In code only outputs and problems with `${`, `custom_attribute.` or a Liquid
        # filter argument are reported (see check); `{{` alone is JSX and Mustache, and
        # `${` alone a template literal.
        if language in CODE_LANGUAGES:
            return (cls.keywords, _CODE_BRAZE_SHAPE + rb"|" + BRAZE_IN_SIGHT)
        if suffix is None or suffix == ".liquid":
            return (cls.keywords,)
        # Any other template (`.html`, `.htm`) is Braze Liquid only with `${` in it
        # (is_braze_template_file); otherwise check() reports only outputs and problems
        # holding `${` or `custom_attribute.`, as written (template text is not
        # unescaped). Handlebars and Angular `.html` files are never read.
        return (cls.keywords, rb"\$\{|custom_attribute\.")

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        in_code = facts.language in CODE_LANGUAGES
        braze_file = is_braze_template_file(facts)
        braze_in_sight = in_code and mentions_braze(facts)

        def braze_liquid_in_code(raw: str) -> bool:
            return braze_in_sight or _BRAZE_SHAPE.search(raw) is not None

        for output in facts.liquid:
            if in_code and not (
                looks_like_braze_liquid(output) and braze_liquid_in_code(output.raw)
            ):
                continue
            problem = _output_problem(output, plain_names=braze_file or in_code)
            if problem is not None:
                message, rewrite = problem
                yield self.finding(
                    facts.path,
                    output.span,
                    message,
                    fingerprint_key=output.expression,
                    fix=_rewrite_fix(facts, output, rewrite),
                )
        for problem in facts.liquid_problems:
            marked = "${" in problem.raw or "custom_attribute." in problem.raw
            if not (braze_file or (marked and braze_liquid_in_code(problem.raw))):
                continue
            yield self.finding(
                facts.path,
                problem.span,
                f"broken Liquid: {problem.message} (`{problem.raw}`); Braze will not render "
                "this as intended. Balance the braces: outputs are `{{ … }}`, tags `{% … %}`",
                fingerprint_key=problem.message + problem.raw,
            )


def _output_problem(output: LiquidOutput, *, plain_names: bool) -> tuple[str, str | None] | None:
    """What is wrong with one output, or None: the message, and what the output's variable
    should be written as when that is certain (an attribute written without its ``${…}``).
    ``plain_names``: whether the output is certainly Braze Liquid, so that
    ``{{first_name}}`` and ``{{{first_name}}}`` are mistakes rather than another template
    language's variables."""
    variable = liquid_variable(output.expression)
    raw = output.raw
    unclosed = _UNCLOSED_PLACEHOLDER.search(variable)
    if unclosed is not None:
        name = unclosed.group(1) or "attribute_name"
        fixed = variable[: unclosed.start()] + "${" + name + "}"
        return _no_fix(
            f"`{raw}`: the `${{` is never closed, so Braze cannot read the attribute. "
            f"Write `{{{{{fixed}}}}}`"
        )
    placeholder = _PLACEHOLDER.fullmatch(variable)
    if placeholder is not None and placeholder.group(1) in WRONG_NAMES:
        wrong = placeholder.group(1)
        right = WRONG_NAMES[wrong]
        return _no_fix(
            f"`{raw}`: Braze has no `${{{wrong}}}` tag, so this prints nothing. The "
            f"attribute is `${{{right}}}`: "
            f"`{{{{${{{right}}}{_filters_text(output.expression, variable)}}}}}`"
        )
    custom = _CUSTOM_WITHOUT_PLACEHOLDER.match(variable)
    if custom is not None:
        name = custom.group(1)
        # Only a whole simple name: with dots the `${…}` could close at any of them.
        certain = custom.end() == len(variable) and _NAME.fullmatch(name) is not None
        return (
            f"`{raw}`: custom attributes are written `custom_attribute.${{{name}}}`; "
            f"without `${{…}}` this prints nothing. Write "
            f"`{{{{custom_attribute.${{{name}}}{_filters_text(output.expression, variable)}}}}}`",
            f"custom_attribute.${{{name}}}" if certain else None,
        )
    if not plain_names or output.assigned:
        return None
    if _NAME.fullmatch(variable) and variable in STANDARD_ATTRIBUTES:
        return (
            f"`{raw}` reads a Liquid variable named {variable}, which is never set, so it "
            f"prints nothing. Braze's attribute is `${{{variable}}}`: "
            f"`{{{{${{{variable}}}{_filters_text(output.expression, variable)}}}}}`",
            f"${{{variable}}}",
        )
    missing_dollar = _MISSING_DOLLAR.fullmatch(variable)
    if missing_dollar is not None and missing_dollar.group(1) in STANDARD_ATTRIBUTES:
        name = missing_dollar.group(1)
        return (
            f"`{{{{{{{name}}}}}}}` is missing the `$` of `${{{name}}}`, so it prints nothing: "
            f"write `{{{{${{{name}}}}}}}`",
            # `{{{first_name}}}` reads as the output `{{{first_name}}` and a `}`.
            f"${variable}" if _BRACED_NAME.fullmatch(variable) else None,
        )
    return None


def _no_fix(message: str) -> tuple[str, None]:
    return message, None


def _rewrite_fix(facts: FileFacts, output: LiquidOutput, rewrite: str | None) -> Fix | None:
    """Replace the output's variable with ``rewrite``, when the file holds the output as it
    was read and the variable is the first thing in it (so its place is certain)."""
    if rewrite is None:
        return None
    variable = liquid_variable(output.expression)
    opening = _OPENING.match(output.raw)
    if not variable or opening is None:
        return None
    start = opening.end()
    end = start + len(variable)
    after = output.raw[end : end + 1]
    if output.raw[start:end] != variable or after.isalnum() or after == "_":
        return None
    if source_text(facts.lines, output.span) != output.raw:
        return None  # escapes in a string literal shift the positions: leave it
    span = span_within(output.span, output.raw, start, end)
    if source_text(facts.lines, span) != variable:
        return None
    if rewrite.count("{") > rewrite.count("}"):
        # The `}` that closes the rewritten `${` must follow the output in the file.
        tail = output.span
        following = Span(tail.end_line, tail.end_col, tail.end_line, tail.end_col + 1)
        if (
            rewrite.count("{") - rewrite.count("}") != 1
            or source_text(facts.lines, following) != "}"
        ):
            return None
    return Fix(
        "Add the missing `$`"
        if rewrite == "$" + variable
        else f"Write `{variable}` as `{rewrite}`",
        (Edit(span, rewrite, variable),),
        Applicability.SAFE,
    )


def _filters_text(expression: str, variable: str) -> str:
    """The filters of an output as written (`` | default: 'x'``), to keep them in a fix."""
    rest = expression[expression.find(variable) + len(variable) :].strip()
    return f" {rest}" if rest else ""
