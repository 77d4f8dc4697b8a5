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
from brazelint.facts import FileFacts
from brazelint.findings import Finding
from brazelint.languages import CODE_LANGUAGES, Language
from brazelint.rule import FileRule

#: What a reported output looks like in the raw bytes of a code file: `{{`, an optional
#: trim marker, then whitespace or string escapes of it (`\n`, `\u00a0`, a line
#: continuation), then `${` (maybe written `\${`, as Kotlin needs) or custom_attribute.
#: Only necessary, not sufficient: the rule itself decides.
_CODE_OUTPUT = rb"\{\{-?" + RAW_STRING_FILLER + rb"*(?:" + RAW_DOLLAR_BRACE + rb"|custom_attribute)"


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
            )
