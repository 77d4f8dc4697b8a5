"""BRZ403 invalid-name: literal event names, custom attribute keys, product IDs and
property keys that Braze does not accept: empty, over 255 characters, starting with ``$``,
or a reserved property key (``time`` and ``event_name`` in event properties; ``time``,
``product_id``, ``quantity``, ``event_name``, ``price`` and ``currency`` in purchase
properties). Sources: braze-facts.md §3.4 (event and purchase objects), §6.2, §6.3.

Only literal strings (and names the core resolved to one) are judged. Property keys are
judged at the top level of the properties object. Android ``BrazeProperties`` built apart
from the call (``BrazeProperties().addProperty("time", …)``) are judged against the keys
reserved for both events and purchases, since the rule cannot tell which it is for.
"""

from __future__ import annotations

from collections.abc import Iterator

from brazelint.braze.rest import BRAZE_IN_SIGHT, track_bodies, track_objects
from brazelint.braze.sdk import (
    CUSTOM_ATTRIBUTE_METHODS,
    Platform,
    braze_calls,
    is_braze_receiver,
    sdk_platform,
)
from brazelint.facts import Call, FileFacts, Span, Value, ValueKind
from brazelint.findings import Finding
from brazelint.languages import CODE_LANGUAGES
from brazelint.rule import FileRule

MAX_NAME_LENGTH = 255
EVENT_RESERVED = frozenset({"time", "event_name"})
PURCHASE_RESERVED = frozenset({"time", "product_id", "quantity", "event_name", "price", "currency"})

_PROPERTIES_LABELS = ("properties", "purchaseProperties", "eventProperties")


class InvalidName(FileRule):
    id = "BRZ403"
    keywords = (
        rb"logCustomEvent|logPurchase|CustomAttribute|CustomUserAttribute|addProperty|"
        rb"events|purchases|attributes"
    )
    # Every check needs Braze named in the file: SDK calls on a Braze receiver or a name
    # imported from a Braze package, `BrazeProperties`, and REST bodies only in a file that
    # mentions Braze (rest.mentions_braze). Without this, `events` / `attributes` let
    # nearly every large JS bundle and Python module through to a parse.
    requires = (BRAZE_IN_SIGHT,)
    languages = CODE_LANGUAGES

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        seen: set[Span] = set()
        for span, message in self._problems(facts):
            if span not in seen:
                seen.add(span)
                yield self.finding(facts.path, span, message, fingerprint_key=message)

    def _problems(self, facts: FileFacts) -> Iterator[tuple[Span, str]]:
        for call in braze_calls(facts, "logCustomEvent"):
            name = _arg(call, 0, "name", "eventName")
            if name is not None:
                yield from self._name(name, "event name")
            properties = _properties(facts, call, event=True)
            yield from self._keys(properties, "event property key", EVENT_RESERVED)
        for call in braze_calls(facts, "logPurchase"):
            product = _arg(call, 0, "productId", "productID")
            if product is not None:
                yield from self._name(product, "product ID")
            properties = _properties(facts, call, event=False)
            yield from self._keys(properties, "purchase property key", PURCHASE_RESERVED)
        for call in facts.calls:
            if call.name in CUSTOM_ATTRIBUTE_METHODS and is_braze_receiver(call):
                key = _arg(call, 0, "key")
                if key is not None:
                    yield from self._name(key, "custom attribute key")
        # Properties built on their own: reserved keys common to events and purchases only.
        for call in facts.calls:
            if _is_properties_builder(call):
                yield from self._keys(_as_properties(call), "property key", EVENT_RESERVED)
        for body in track_bodies(facts):
            yield from self._rest(body)

    def _rest(self, body: Value) -> Iterator[tuple[Span, str]]:
        for event in track_objects(body, "events"):
            name = event.get("name")
            if name is not None:
                yield from self._name(name, "event name")
            properties = event.get("properties")
            if properties is not None:
                yield from self._keys([properties], "event property key", EVENT_RESERVED)
        for purchase in track_objects(body, "purchases"):
            product = purchase.get("product_id")
            if product is not None:
                yield from self._name(product, "product ID")
            properties = purchase.get("properties")
            if properties is not None:
                yield from self._keys([properties], "purchase property key", PURCHASE_RESERVED)
        for attributes in track_objects(body, "attributes"):
            for key, value in attributes.entries:
                if key is not None:
                    # The key has no span of its own in the facts; point at its value.
                    yield from self._text(key, value.span, "custom attribute key")

    def _name(self, value: Value, what: str) -> Iterator[tuple[Span, str]]:
        if value.kind is ValueKind.STRING:
            yield from self._text(value.text, value.span, what)

    def _keys(
        self, dicts: list[Value], what: str, reserved: frozenset[str]
    ) -> Iterator[tuple[Span, str]]:
        for properties in dicts:
            if properties.kind is not ValueKind.DICT:
                continue
            for key, value in properties.entries:
                if key is None:
                    continue
                if key in reserved:
                    yield (
                        value.span,
                        f'"{key}" is a reserved {what.rsplit(" ", 1)[0]} name; Braze '
                        "rejects properties named "
                        + ", ".join(f"`{k}`" for k in sorted(reserved))
                        + ". Rename it (for example `order_time`, `item_price`)",
                    )
                else:
                    yield from self._text(key, value.span, what)

    def _text(self, text: str, span: Span, what: str) -> Iterator[tuple[Span, str]]:
        problem = name_problem(text)
        if problem is not None:
            shown = text if len(text) <= 40 else text[:37] + "..."
            yield (
                span,
                f'{what} "{shown}" {problem}; Braze does not accept it. Use a non-empty '
                "name of at most 255 characters that does not start with `$`",
            )


def name_problem(text: str) -> str | None:
    if not text.strip():
        return "is empty"
    if len(text) > MAX_NAME_LENGTH:
        return f"is {len(text)} characters long, over the limit of {MAX_NAME_LENGTH}"
    if text.startswith("$"):
        return "starts with `$`, which Braze reserves for its own operators"
    return None


def _arg(call: Call, index: int, *labels: str) -> Value | None:
    for label in labels:
        found = call.arg(99, label=label)
        if found is not None:
            return found
    return call.arg(index)


def _properties(facts: FileFacts, call: Call, *, event: bool) -> list[Value]:
    """The properties object(s) of a logCustomEvent / logPurchase call, as dicts."""
    for label in _PROPERTIES_LABELS:
        found = call.arg(99, label=label)
        if found is not None:
            return _dicts(found)
    platform = sdk_platform(facts, call)
    if event:
        positions = [1]
    elif platform is Platform.ANDROID:
        # logPurchase(id, currency, price, properties) and (…, quantity, properties).
        positions = [3, 4]
    else:
        positions = [4]
    found_dicts: list[Value] = []
    for position in positions:
        value = call.arg(position)
        if value is not None:
            found_dicts.extend(_dicts(value))
    return found_dicts


def _dicts(value: Value) -> list[Value]:
    """Properties written as a dict literal, ``BrazeProperties(mapOf(…))`` or
    ``BrazeProperties().addProperty(k, v)``."""
    if value.kind is ValueKind.DICT:
        return [value]
    if (
        value.kind is ValueKind.CALL
        and value.call is not None
        and _is_properties_builder(value.call)
    ):
        return _as_properties(value.call)
    return []


def _is_properties_builder(call: Call) -> bool:
    chain = call.chain
    return (
        bool(chain)
        and chain[0] == "BrazeProperties"
        and chain[-1]
        in (
            "BrazeProperties",
            "addProperty",
        )
    )


def _as_properties(call: Call) -> list[Value]:
    """``BrazeProperties(dict)`` → the dict; ``….addProperty("k", v)`` → a one-entry dict."""
    if call.name == "addProperty":
        key, value = call.arg(0), call.arg(1)
        if key is None or key.kind is not ValueKind.STRING or value is None:
            return []
        # Point findings at the key: that is what the user has to change.
        return [Value(ValueKind.DICT, "", key.span, entries=((key.text, key),))]
    first = call.arg(0)
    return [first] if first is not None and first.kind is ValueKind.DICT else []
