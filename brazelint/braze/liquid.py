"""Braze's Liquid personalization tags (braze-facts.md §10), for the Liquid rules.

Reads ``LiquidOutput`` facts only; the scanner in ``brazelint.liquid`` knows the syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from brazelint.facts import FileFacts, LiquidOutput, Span
from brazelint.languages import CODE_LANGUAGES
from brazelint.liquid import liquid_variable

#: Standard profile attributes written ``{{${name}}}`` (supported_personalization_tags.md).
STANDARD_ATTRIBUTES = frozenset(
    {
        "first_name",
        "last_name",
        "email_address",
        "phone_number",
        "user_id",
        "braze_id",
        "city",
        "country",
        "date_of_birth",
        "gender",
        "language",
        "time_zone",
        "most_recent_locale",
        "random_bucket_number",
    }
)

#: Standard attributes a profile can lack, which render blank without a default.
#: Not here: ``braze_id`` and ``random_bucket_number`` (Braze sets them on every profile),
#: ``user_id`` (the external ID: missing only for anonymous users, and an ID has no
#: sensible default text; guard or abort instead), and URL tags such as
#: ``set_user_to_unsubscribed_url`` (always generated).
MAY_BE_MISSING = frozenset(
    {
        "first_name",
        "last_name",
        "email_address",
        "phone_number",
        "city",
        "country",
        "date_of_birth",
        "gender",
        "language",
        "time_zone",
        "most_recent_locale",
    }
)

#: Tags people write that Braze does not have, with the tag they meant. ``${email}`` and
#: ``${phone}`` are the documented traps (§10: "**not** `${email}`"); the others are the
#: same mistake with other attributes.
WRONG_NAMES = {
    "email": "email_address",
    "phone": "phone_number",
    "firstname": "first_name",
    "firstName": "first_name",
    "lastname": "last_name",
    "lastName": "last_name",
    "external_id": "user_id",
    "timezone": "time_zone",
}

#: Liquid written inside a string literal, as it appears in the raw bytes of a code file,
#: for the Liquid rules' prefilter clauses: what may stand between `{{` and a tag
#: (whitespace, or a string escape of it: `\n`, `\u00a0`, a line continuation) ...
RAW_STRING_FILLER = rb"(?:\s|[\x80-\xff]|\\(?:[nrtfvb]|\s|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}))"
#: ... and a tag's `${`, maybe escaped (`\${` as Kotlin needs, `\u0024{`, `\x24{`).
RAW_DOLLAR_BRACE = rb"(?:\\?\$|\\u0024|\\x24)\\?\{"

_STANDARD = re.compile(r"\$\{(\w+)\}")
_CUSTOM = re.compile(r"custom_attribute\.\$\{([^{}]+)\}")
#: A filter with arguments in Liquid's ``name: arg`` form (Jinja writes ``name(arg)``).
_LIQUID_FILTER_ARGUMENTS = re.compile(r"\|\s*[A-Za-z_][\w-]*\s*:")
#: Characters a Liquid output's variable part never holds (Liquid has no calls,
#: assignments or statements inside `{{ }}`).
_NOT_A_LOOKUP = re.compile(r"[()=;\n]")


@dataclass(frozen=True, slots=True)
class Personalization:
    """An attribute an output prints: ``${first_name}`` or ``custom_attribute.${tier}``."""

    #: The attribute reference as written (``${first_name}``), for matching guards.
    reference: str
    #: How to name it to a user (``first_name``, ``custom attribute tier``).
    label: str
    #: True for a standard attribute, False for a custom one.
    standard: bool


def personalization(output: LiquidOutput) -> Personalization | None:
    """The attribute an output prints, when it prints one straight from the profile."""
    variable = liquid_variable(output.expression)
    standard = _STANDARD.fullmatch(variable)
    if standard is not None:
        name = standard.group(1)
        return Personalization(variable, name, True)
    custom = _CUSTOM.match(variable)
    if custom is not None:
        return Personalization(custom.group(0), f"custom attribute {custom.group(1)}", False)
    return None


def is_guarded(output: LiquidOutput, reference: str) -> bool:
    """Whether an enclosing ``if``/``unless`` (or an earlier abort) tests ``reference``.

    Any test of the attribute counts, whatever the comparison: the author thought about
    the empty case, which is all a missing default would tell them.
    """
    wanted = "".join(reference.split())
    return any(wanted in "".join(guard.split()) for guard in output.guards)


def looks_like_braze_liquid(output: LiquidOutput) -> bool:
    """Whether an output is certainly Braze Liquid rather than Mustache, Handlebars,
    Angular, Jinja or a JSX object (``{{ color: "red" }}``), which all use ``{{``."""
    expression = output.expression
    if _NOT_A_LOOKUP.search(liquid_variable(expression)):
        # A Liquid output is a lookup plus filters; `(`, `=`, `;` or a line break before
        # the first filter is code that happens to sit between `{{` and `}}`, such as the
        # shell `${VAR}` in a `str.format` template with `{{` escapes (pip's completion.py).
        return False
    return (
        "${" in expression
        or "custom_attribute." in expression
        or _LIQUID_FILTER_ARGUMENTS.search(expression) is not None
    )


def is_braze_template_file(facts: FileFacts) -> bool:
    """Whether a template file is Braze Liquid. ``.liquid`` files are; an ``.html`` file
    only when some output or condition uses Braze's ``${…}`` syntax, since HTML is also
    where Angular, Vue, Django and Handlebars templates live."""
    if facts.language in CODE_LANGUAGES:
        return False
    if facts.path.lower().endswith(".liquid"):
        return True
    return any(
        "${" in output.expression
        or "custom_attribute." in output.expression
        or any("${" in guard for guard in output.guards)
        for output in facts.liquid
    )


# --- connected_content ------------------------------------------------------------------------

#: ``{% connected_content URL [:option value]… %}`` on one line (Braze's docs write it so).
#: The URL is the first word; options follow (``:headers {…}``, ``:save name``, ``:method``).
_CONNECTED_CONTENT = re.compile(r"\{%-?\s*connected_content\s+(\S{1,2048})([^%]{0,4096})-?%\}")
_QUERY_KEY = re.compile(r"[?&]api_key=([^&#\s\"'`]{1,200})", re.IGNORECASE)
_BEARER_HEADER = re.compile(
    r"[\"']authorization[\"']\s*:\s*[\"']\s*bearer\s+([^\"'\s]{1,200})\s*[\"']", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class ConnectedContentKey:
    """A key handed to a ``connected_content`` request: ``how`` is ``"query"`` for
    ``?api_key=…`` in the URL, ``"bearer"`` for an ``Authorization: Bearer …`` header in
    ``:headers``. ``value`` is as written (it may be Liquid: ``{{custom_attribute.x}}``)."""

    url: str
    how: str
    value: str
    span: Span

    @property
    def is_literal(self) -> bool:
        return "{{" not in self.value and "{%" not in self.value


def connected_content_keys(facts: FileFacts) -> tuple[ConnectedContentKey, ...]:
    """Keys passed to ``connected_content`` calls in a template file's lines (the Liquid
    scanner records outputs, not tags, so the tag is read from the line itself)."""
    found: list[ConnectedContentKey] = []
    for number, line in enumerate(facts.lines, start=1):
        if "connected_content" not in line:
            continue
        for tag in _CONNECTED_CONTENT.finditer(line):
            url = tag.group(1)
            query = _QUERY_KEY.search(url)
            if query is not None:
                start = tag.start(1) + query.start(1)
                found.append(
                    ConnectedContentKey(
                        url.split("?", 1)[0],
                        "query",
                        query.group(1),
                        Span(number, start + 1, number, start + 1 + len(query.group(1))),
                    )
                )
            for header in _BEARER_HEADER.finditer(tag.group(2)):
                start = tag.start(2) + header.start(1)
                found.append(
                    ConnectedContentKey(
                        url.split("?", 1)[0],
                        "bearer",
                        header.group(1),
                        Span(number, start + 1, number, start + 1 + len(header.group(1))),
                    )
                )
    return tuple(found)
