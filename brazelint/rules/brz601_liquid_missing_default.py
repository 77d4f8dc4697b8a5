"""BRZ601 liquid-missing-default: a Braze Liquid output of a profile attribute that can be
unset, with no ``| default:`` filter and no ``{% if %}`` around it that tests the attribute.
Braze prints nothing for a missing attribute, so "Hi {{${first_name}}}," reads "Hi ,"
(braze-facts.md §10, setting_default_values.md).

Decisions, kept conservative:

- Standard attributes listed in ``brazelint.braze.liquid.MAY_BE_MISSING`` and every
  ``custom_attribute.${…}`` are checked. ``${user_id}`` is not: it is missing only for
  anonymous users and an ID has no sensible default text. ``${braze_id}``,
  ``${random_bucket_number}`` and URL tags (``${set_user_to_unsubscribed_url}``) always
  have a value.
- ``event_properties``, ``canvas_entry_properties`` and ``api_trigger_properties`` are
  not checked: the trigger sets them, and a missing one is a bug in the code that sends
  the event, which a default would only hide.
- ``content_blocks``, Liquid variables (``{% assign %}``) and other tags are not checked.
- An output inside an ``if``/``unless`` (or after an ``abort_message`` under one) that
  tests the same attribute is fine, whatever the comparison.
- In code files only ``${…}`` and ``custom_attribute.`` outputs are Braze Liquid, so
  Mustache, Handlebars and JSX ``{{ … }}`` are never read; that holds here by construction.

The fix appends ``| default: 'TEXT'`` to the output. Only the team knows what reads well
in its messages, so the text comes from the ``liquid-default-text`` setting; with it the fix
is SAFE (the text was chosen for exactly this), without it the fix is DISPLAY_ONLY and shows
the shape with a placeholder. Liquid strings have no escapes, so the text is quoted with
``'``, or ``"`` when it holds a ``'`` (the config reader refuses text holding both). In a
code string literal the inserted text must not end or change the literal: a quote that is
the literal's delimiter, a backslash, a backtick or a ``$`` (Kotlin, Dart and
template-literal interpolation) means only the display-only shape. No fix at all where the
file does not hold the output exactly as read (an escape before it in the literal shifts
the positions).
"""

from __future__ import annotations

from collections.abc import Iterator

from brazelint.braze.liquid import (
    MAY_BE_MISSING,
    RAW_DOLLAR_BRACE,
    RAW_STRING_FILLER,
    is_guarded,
    personalization,
)
from brazelint.facts import FileFacts, LiquidOutput, Span
from brazelint.findings import Applicability, Edit, Finding, Fix
from brazelint.languages import CODE_LANGUAGES, Language
from brazelint.rule import FileRule
from brazelint.rules._spans import source_text, span_within

#: What a reported output looks like in the raw bytes of a code file: `{{`, an optional
#: trim marker, then whitespace or string escapes of it (`\n`, `\u00a0`, a line
#: continuation), then `${` (maybe written `\${`, as Kotlin needs) or custom_attribute.
#: Only necessary, not sufficient: the rule itself decides.
_CODE_OUTPUT = rb"\{\{-?" + RAW_STRING_FILLER + rb"*(?:" + RAW_DOLLAR_BRACE + rb"|custom_attribute)"
#: What the display-only fix writes where the default text goes.
_PLACEHOLDER = "…"
#: Characters that mean something in a code string literal besides themselves.
_CODE_SPECIAL = frozenset("\\$`")


class LiquidMissingDefault(FileRule):
    id = "BRZ601"
    keywords = rb"\{\{"
    languages = CODE_LANGUAGES | {Language.LIQUID}

    @classmethod
    def prefilter_clauses(cls, language: Language, suffix: str | None = None) -> tuple[bytes, ...]:
        # In code only outputs that start with `${…}` or custom_attribute are read (see
        # above); JSX (`style={{`) and template literals (`${x}`) make `{{` and `${`
        # alone common there.
        if language in CODE_LANGUAGES:
            return (cls.keywords, _CODE_OUTPUT)
        # In templates `personalization()` only knows `${name}` and
        # `custom_attribute.${name}`, both spelled with `${` (template text is not
        # unescaped), so Handlebars/Angular `.html` without it is never read.
        return (cls.keywords, rb"\$\{")

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        for output in facts.liquid:
            if not output.printed:
                continue  # inside a tag's markup: rendered into the tag, never shown
            found = personalization(output)
            if found is None or "default" in output.filters:
                continue
            if found.standard and found.label not in MAY_BE_MISSING:
                continue
            if is_guarded(output, found.reference):
                continue
            fixed = "{{" + output.expression + " | default: '…'}}"
            # A greeting is where the gap shows most; say so for the name attributes.
            example = ' ("Hi , …")' if found.label in ("first_name", "last_name") else ""
            yield self.finding(
                facts.path,
                output.span,
                f"`{output.raw}` has no default: for a user without {found.label} the "
                f"message shows a blank there{example}. Add `| default: '…'`: `{fixed}`, "
                f"or test the attribute with `{{% if {found.reference} != blank %}}`",
                fingerprint_key=output.expression,
                fix=_default_fix(facts, output, self.settings.liquid_default_text),
            )


def _default_fix(facts: FileFacts, output: LiquidOutput, text: str | None) -> Fix | None:
    """Append ``| default: '…'`` after the output's expression: with ``text`` (the
    ``liquid-default-text`` setting) a SAFE fix, without it, or where ``text`` cannot be
    written into this place, a DISPLAY_ONLY one with a placeholder."""
    raw = output.raw
    if not raw.startswith("{{") or source_text(facts.lines, output.span) != raw:
        return None  # escapes in a code string shift the positions: no edit can be trusted
    start = raw.find(output.expression, 2)
    if start < 0 or not output.expression:
        return None
    end = start + len(output.expression)
    delimiter = _delimiter(facts, output) if facts.language in CODE_LANGUAGES else None
    if facts.language in CODE_LANGUAGES and delimiter is None:
        return None
    at = span_within(output.span, raw, end, end)
    quote = _quote(text, delimiter) if text is not None else None
    if text is not None and quote is not None:
        insert = f" | default: {quote}{text}{quote}"
        return Fix(f"Add `{insert.strip()}`", (Edit(at, insert, ""),), Applicability.SAFE)
    placeholder_quote = _quote(_PLACEHOLDER, delimiter) or "'"
    shape = f" | default: {placeholder_quote}{_PLACEHOLDER}{placeholder_quote}"
    why = (
        "set `liquid-default-text` for `--fix` to write one"
        if text is None
        else "the configured text cannot be written in this string literal"
    )
    return Fix(
        f"Add `{shape.strip()}` with your default text ({why})",
        (Edit(at, shape, ""),),
        Applicability.DISPLAY_ONLY,
    )


def _quote(text: str, delimiter: str | None) -> str | None:
    """The Liquid quote to write ``text`` in: ``'`` unless the text or the enclosing code
    literal uses it, then ``"``; None when neither fits or the text would change the code
    literal it goes into."""
    if delimiter is not None and (_CODE_SPECIAL & set(text) or delimiter in text):
        return None
    for quote in ("'", '"'):
        if quote not in text and quote != delimiter:
            return quote
    return None


def _delimiter(facts: FileFacts, output: LiquidOutput) -> str | None:
    """The quote character of the code string literal holding ``output``, or None when no
    literal of the file holds it."""
    where = output.span
    for literal in facts.strings:
        content = literal.content_span
        if (content.line, content.col) <= (where.line, where.col) and (
            (where.end_line, where.end_col) <= (literal.span.end_line, literal.span.end_col)
        ):
            before = Span(content.line, content.col - 1, content.line, content.col)
            char = source_text(facts.lines, before) if content.col > 1 else None
            if char in ("'", '"', "`"):
                return char
            return None
    return None
