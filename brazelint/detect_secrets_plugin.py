"""brazelint's Braze REST API key detector, as a detect-secrets plugin.

For teams that already run detect-secrets (a baseline, ``detect-secrets-hook`` in
pre-commit)::

    detect-secrets scan \\
        --plugin "$(python -c 'import brazelint.detect_secrets_plugin as m; print(m.__file__)')" \\
        --disable-filter detect_secrets.filters.heuristic.is_potential_uuid

Braze REST keys are commonly UUID-shaped, and detect-secrets' default
``is_potential_uuid`` filter drops every UUID-shaped secret, whichever plugin found it;
hence ``--disable-filter``. See docs/detect-secrets.md.

detect-secrets works on lines, not syntax trees, so this plugin reports what a line and its
neighbours show by themselves (brazelint's BRZ101 sees more: constants used in a Bearer
header further down, values that reach a request through a name):

- a literal assigned to a Braze REST key name in any syntax detect-secrets'
  ``build_assignment_regex`` knows (``BRAZE_REST_API_KEY=…``, ``brazeRestApiKey: "…"``,
  ``braze_rest_token = '…'``), or held by an Android string resource of that name;
- a name like ``REST_API_KEY`` assigned a literal, a ``Bearer <token>``, an ``"api_key": "…"``
  field or ``?api_key=…`` — when the line or the lines around it name a Braze REST host
  (``rest.iad-01.braze.com``) or REST path (``/users/track``).

Placeholders (``YOUR_REST_API_KEY``, ``xxxx…``, ``${KEY}``) and low-entropy words are never
reported: the same checks as brazelint's BRZ101 (:mod:`brazelint.braze.keys`). The SDK API
key (``com_braze_api_key``, ``braze.initialize``) is public by design and never matches.

Every pattern has bounded repetition, so a 5 MB minified line costs one linear pass per
pattern; context lines longer than :data:`MAX_CONTEXT_CHARS` are looked at only in part.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterable
from typing import Any

from detect_secrets.core.potential_secret import PotentialSecret
from detect_secrets.plugins.base import RegexBasedDetector
from detect_secrets.util.code_snippet import CodeSnippet

from brazelint.braze.keys import looks_like_key
from brazelint.braze.rest import REST_PATH

#: The key value: what a REST key can be made of (UUIDs and URL-safe/base64 tokens).
_VALUE = r"([A-Za-z0-9][A-Za-z0-9_\-.=+/]{15,127})(?![A-Za-z0-9_\-.=+/])"
#: Characters of each context line searched for Braze REST evidence.
MAX_CONTEXT_CHARS = 4096
#: A Braze REST host or REST path (no unbounded repetition: linear on any line).
_REST_EVIDENCE = re.compile(
    r"rest\.[a-z0-9-]{1,24}\.braze\.(?:com|eu)|api\.appboy\.com|" + REST_PATH.pattern,
    re.IGNORECASE,
)
#: Names certain to hold the Braze REST key: braze/appboy + rest + key/token/secret.
_BRAZE_REST_NAME = r"(?i:[a-z0-9_]{0,40}?(?:braze|appboy))"
_REST_KEYWORD = r"(?i:rest[-_]?(?:api[-_]?)?(?:key|token|secret))"
#: ``<string name="braze_rest_api_key">…</string>`` (Android resources).
_XML_RESOURCE = re.compile(
    r"name=[\"'](?i:[a-z0-9_]{0,40}?braze[a-z0-9_]{0,10}?rest[a-z0-9_]{0,20}?key)[\"'][^>]{0,200}>"
    + _VALUE
)
#: A plist key on one line and its value on the next.
_PLIST_KEY = re.compile(
    r"<key>(?i:[a-z0-9_.]{0,40}?braze[a-z0-9_.]{0,10}?rest[a-z0-9_.]{0,20}?key)</key>"
)
_PLIST_VALUE = re.compile(r"^\s{0,40}<string>" + _VALUE + r"</string>")
_URL_HOST = re.compile(r"https?://([A-Za-z0-9.-]{1,253})")
_NOT_APIS = ("braze.com", "braze.eu", "appboy.com", "w3.org", "apple.com", "schemas.android.com")
#: Context-dependent forms: need Braze REST evidence nearby.
_BEARER = re.compile(r"(?i:bearer)\s{1,10}" + _VALUE)
_LEGACY_FIELD = re.compile(r"[\"']?api_key[\"']?\s{0,10}[:=]\s{0,10}[\"']" + _VALUE)
_LEGACY_QUERY = re.compile(r"[?&]api_key=" + _VALUE)


class BrazeRestKeyDetector(RegexBasedDetector):
    """Braze REST API keys (not the public SDK API key)."""

    #: The baseline key of this plugin's results: never change it, baselines depend on it.
    secret_type = "Braze REST API Key"

    denylist = (
        RegexBasedDetector.build_assignment_regex(
            prefix_regex=_BRAZE_REST_NAME,
            secret_keyword_regex=_REST_KEYWORD,
            secret_regex=_VALUE,
        ),
        _XML_RESOURCE,
    )
    #: Used only when the line or its neighbours name a Braze REST host or path.
    context_denylist = (
        RegexBasedDetector.build_assignment_regex(
            prefix_regex=r"(?:[A-Za-z0-9]{0,20})",
            secret_keyword_regex=_REST_KEYWORD,
            secret_regex=_VALUE,
        ),
        _BEARER,
        _LEGACY_FIELD,
        _LEGACY_QUERY,
    )

    def analyze_string(self, string: str) -> Generator[str, None, None]:
        """Every key-shaped value under a Braze REST key name in ``string`` (the forms that
        need no context; ``detect-secrets scan --string`` uses this)."""
        for value in super().analyze_string(string):
            if looks_like_key(value):
                yield value

    def analyze_line(
        self,
        filename: str,
        line: str,
        line_number: int = 0,
        context: CodeSnippet | None = None,
        **kwargs: Any,
    ) -> set[PotentialSecret]:
        found: set[PotentialSecret] = set(
            super().analyze_line(
                filename=filename,
                line=line,
                line_number=line_number,
                context=context,
                **kwargs,
            )
        )
        values: list[str] = []
        if context is not None and _PLIST_KEY.search(context.previous_line[:MAX_CONTEXT_CHARS]):
            values.extend(_matches((_PLIST_VALUE,), line))
        if _talks_to_rest(line, context) and not _other_api_nearby(line, context):
            values.extend(_matches(self.context_denylist, line))
        for value in values:
            if looks_like_key(value):
                found.add(
                    PotentialSecret(
                        type=self.secret_type,
                        filename=filename,
                        secret=value,
                        line_number=line_number,
                    )
                )
        return found


def _matches(patterns: Iterable[re.Pattern[str]], line: str) -> Iterable[str]:
    for pattern in patterns:
        for match in pattern.finditer(line):
            yield from (group for group in match.groups() if group)


def _other_api_nearby(line: str, context: CodeSnippet | None) -> bool:
    """A URL of some other API on or around the line: a Bearer token or ``api_key`` there
    may be that API's."""
    lines = [line] if context is None else [*context.lines, line]
    for text in lines:
        for match in _URL_HOST.finditer(text[:MAX_CONTEXT_CHARS]):
            if not match.group(1).lower().endswith(_NOT_APIS):
                return True
    return False


def _talks_to_rest(line: str, context: CodeSnippet | None) -> bool:
    lines = [line] if context is None else [*context.lines, line]
    return any(_REST_EVIDENCE.search(text[:MAX_CONTEXT_CHARS]) for text in lines) or (
        len(line) > MAX_CONTEXT_CHARS and _REST_EVIDENCE.search(line) is not None
    )
