"""BRZ402 invalid-purchase: ``logPurchase`` arguments, or REST ``purchases`` objects,
that Braze rejects or misreads (braze-facts.md §6.1, §6.2, §3.4):

- a currency code outside the SDK's 171-code list (the purchase is dropped with only a
  console warning);
- price and currency swapped for the platform's argument order: Web and React Native take
  ``(productId, price, currency, …)``, Android and Swift ``(productId, currency, price, …)``;
- the price as a string literal where a number is required (Web ``number``, Android
  ``BigDecimal``, Swift ``Double``, REST float). React Native types the price as a string,
  so a string is right there and is not reported;
- a quantity literal outside 1–100.

Lower-case currency codes are accepted on the Web (the SDK upper-cases them); whether the
mobile SDKs and the REST API do the same is unverified, so they are not reported anywhere,
and so get no fix either (upper-casing one would be a fix for a problem not known to exist).

A currency Braze does not accept gets an UNSAFE fix to the one code it stands for: a name
people write for a currency (``"WON"`` → ``"KRW"``, ``"EURO"``, ``"US$"``, ``"€"``), a
valid code with white space around it, or the one accepted code a single edit away
(``"GPB"`` → ``"GBP"``, ``"USDD"`` → ``"USD"``). Unsafe because the currency converts the
revenue: a wrong guess records it in another currency. ``"$"``, ``"dollars"`` and ``"¥"``
name several currencies and get no fix, nor does a code one edit from two (``"UDS"``: USD or
UZS).
Only a string literal written in this file without escapes is edited.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from brazelint.braze.config_keys import edit_distance
from brazelint.braze.currencies import SDK_CURRENCY_CODES, is_accepted_currency
from brazelint.braze.rest import track_bodies, track_objects
from brazelint.braze.sdk import Platform, braze_calls, sdk_platform
from brazelint.facts import Call, FileFacts, Span, Value, ValueKind
from brazelint.findings import Applicability, Edit, Finding, Fix
from brazelint.languages import CODE_LANGUAGES, Language
from brazelint.rule import FileRule
from brazelint.rules._spans import literal_content

_NUMERIC_STRING = re.compile(r"^\s*-?\d+(?:\.\d+)?\s*$")
_CODE_SHAPE = re.compile(r"^[A-Za-z]{3}$")
#: Names people write for a currency instead of its ISO code.
_MEANT: dict[str, str] = {
    "WON": "KRW",
    "RMB": "CNY",
    "YEN": "JPY",
    "NIS": "ILS",
    "UKP": "GBP",
    "STG": "GBP",
    "SPD": "SGD",
    "EURO": "EUR",
    "EUROS": "EUR",
    "DOLLAR": "USD",
    "DOLLARS": "USD",
    "US$": "USD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₩": "KRW",
    "₹": "INR",
    "RUR": "RUB",
}
#: Names and symbols several currencies share: named in the message, never written by a fix.
_SHARED_NAMES = frozenset({"$", "¥", "DOLLAR", "DOLLARS"})


@dataclass(frozen=True, slots=True)
class _Slots:
    """Where each purchase argument is, by positional index and label."""

    price: tuple[int, str]
    currency: tuple[int, str]
    quantity: tuple[int, str]
    #: What the platform wants for the price, for messages; None when a string is right.
    price_type: str | None
    order: str


_WEB_ORDER = "logPurchase(productId, price, currencyCode, quantity, properties)"
_SLOTS: dict[Platform, _Slots] = {
    Platform.WEB: _Slots(
        (1, "price"), (2, "currencyCode"), (3, "quantity"), "a number", _WEB_ORDER
    ),
    Platform.REACT_NATIVE: _Slots(
        (1, "price"), (2, "currencyCode"), (3, "quantity"), None, _WEB_ORDER
    ),
    Platform.ANDROID: _Slots(
        (2, "price"),
        (1, "currencyCode"),
        (3, "quantity"),
        "a BigDecimal",
        "logPurchase(productId, currencyCode, price, quantity, properties)",
    ),
    # Swift arguments are all labelled; no positional index applies.
    Platform.SWIFT: _Slots(
        (-1, "price"),
        (-1, "currency"),
        (-1, "quantity"),
        "a Double",
        "logPurchase(productId:currency:price:quantity:properties:)",
    ),
}


class InvalidPurchase(FileRule):
    id = "BRZ402"
    keywords = rb"logPurchase|purchases"
    # The Flutter plugin's signature has no slot table yet.
    languages = CODE_LANGUAGES - {Language.DART}

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        seen: set[Span] = set()
        for call in braze_calls(facts, "logPurchase"):
            platform = sdk_platform(facts, call)
            slots = _SLOTS.get(platform)
            if slots is None:
                continue
            for span, message, value in _check_call(call, platform, slots):
                if span not in seen:
                    seen.add(span)
                    yield self._finding(facts, span, message, value)
        for body in track_bodies(facts):
            for purchase in track_objects(body, "purchases"):
                for span, message, value in _check_rest(purchase):
                    if span not in seen:
                        seen.add(span)
                        yield self._finding(facts, span, message, value)

    def _finding(
        self, facts: FileFacts, span: Span, message: str, currency: Value | None
    ) -> Finding:
        fix = _currency_fix(facts, currency) if currency is not None else None
        return self.finding(facts.path, span, message, fingerprint_key=message, fix=fix)


#: A problem: where, the message, and the currency value when the problem is the currency.
_Problem = tuple[Span, str, Value | None]


def _check_call(call: Call, platform: Platform, slots: _Slots) -> Iterator[_Problem]:
    price = call.arg(slots.price[0], label=slots.price[1])
    currency = call.arg(slots.currency[0], label=slots.currency[1])
    quantity = call.arg(slots.quantity[0], label=slots.quantity[1])
    if price is not None and currency is not None and _swapped(price, currency):
        yield (
            price.span,
            f'price and currency are swapped: `"{price.text}"` is in the price position and '
            f"`{currency.text}` in the currency position. The {platform.value} SDK's order "
            f"is {slots.order}",
            None,
        )
        return
    if currency is not None:
        problem = _currency_problem(currency)
        if problem:
            yield currency.span, problem, currency
    if price is not None and price.kind is ValueKind.STRING and slots.price_type is not None:
        yield (
            price.span,
            f'the price is the string "{price.text}", but the {platform.value} SDK needs '
            f"{slots.price_type}; a string price is rejected and the purchase not logged",
            None,
        )
    if quantity is not None:
        problem = _quantity_problem(quantity)
        if problem:
            yield quantity.span, problem, None


def _check_rest(purchase: Value) -> Iterator[_Problem]:
    price = purchase.get("price")
    currency = purchase.get("currency")
    quantity = purchase.get("quantity")
    if price is not None and currency is not None and _swapped(price, currency):
        yield (
            price.span,
            f'"price" and "currency" are swapped in this purchases object: "price" is '
            f'`"{price.text}"` and "currency" is `{currency.text}`',
            None,
        )
        return
    if currency is not None:
        problem = _currency_problem(currency)
        if problem:
            yield currency.span, problem, currency
    if price is not None and price.kind is ValueKind.STRING:
        yield (
            price.span,
            f'"price" is the string "{price.text}"; the REST API requires a number '
            "(a float in the currency's base unit)",
            None,
        )
    if quantity is not None:
        problem = _quantity_problem(quantity)
        if problem:
            yield quantity.span, problem, None


def _swapped(price: Value, currency: Value) -> bool:
    """The price position holds a currency code and the currency position holds something
    that is not one: a number, a numeric string, a ``BigDecimal``, or a variable."""
    if price.kind is not ValueKind.STRING or not _CODE_SHAPE.match(price.text):
        return False
    if not is_accepted_currency(price.text):
        return False
    if currency.kind is ValueKind.STRING:
        return bool(_NUMERIC_STRING.match(currency.text))
    return currency.kind in (ValueKind.NUMBER, ValueKind.NAME, ValueKind.CALL)


def _currency_problem(currency: Value) -> str | None:
    if currency.kind is not ValueKind.STRING:
        return None
    code = currency.text
    if is_accepted_currency(code):
        return None
    meant = _MEANT.get(code.strip().upper())
    hint = f' (did you mean "{meant}"?)' if meant else ""
    return (
        f'"{code}" is not a currency code Braze accepts{hint}; the purchase is dropped with '
        'only a console warning. Use an ISO 4217 code such as "USD", "EUR" or "KRW"'
    )


def _meant_currency(code: str) -> str | None:
    """The one accepted code ``code`` stands for, or None."""
    written = code.strip().upper()
    if written in _SHARED_NAMES:
        return None
    if written in _MEANT:
        return _MEANT[written]
    if written in SDK_CURRENCY_CODES:
        return written  # white space around a valid code
    near = [c for c in SDK_CURRENCY_CODES if edit_distance(written, c, 1) <= 1]
    return near[0] if len(near) == 1 else None


def _currency_fix(facts: FileFacts, currency: Value) -> Fix | None:
    meant = _meant_currency(currency.text)
    where = literal_content(facts.strings, facts.lines, currency) if meant else None
    if meant is None or where is None:
        return None
    return Fix(
        f'Replace "{currency.text}" with "{meant}" (check the currency: it converts the revenue)',
        (Edit(where[0], meant, currency.text),),
        Applicability.UNSAFE,
    )


def _quantity_problem(quantity: Value) -> str | None:
    number = quantity.number
    if quantity.kind is not ValueKind.NUMBER or number is None:
        return None
    if number == int(number) and 1 <= number <= 100:
        return None
    if number < 1:
        return (
            f"quantity {quantity.text} is below 1; Braze rejects the purchase. A purchase "
            "needs a whole quantity from 1 to 100"
        )
    if number > 100:
        return (
            f"quantity {quantity.text} is over 100; Braze rejects the purchase. Log larger "
            "quantities as several purchases of at most 100"
        )
    return (
        f"quantity {quantity.text} is not a whole number; Braze needs a whole quantity "
        "from 1 to 100"
    )
