"""BRZ401 purchase-as-custom-event: a purchase logged with ``logCustomEvent`` (or sent in
the ``events`` array of /users/track) instead of ``logPurchase`` / ``purchases``, so revenue
reporting never sees it. Braze's eCommerce recommended events (``ecommerce.*``) are custom
events by design and are fine (braze-facts.md §0, §6)."""

from __future__ import annotations

from collections.abc import Iterator

from brazelint.braze.names import words
from brazelint.braze.rest import BRAZE_IN_SIGHT, track_bodies, track_objects
from brazelint.braze.sdk import braze_calls
from brazelint.facts import FileFacts, Value, ValueKind
from brazelint.findings import Finding
from brazelint.languages import CODE_LANGUAGES
from brazelint.rule import FileRule

_PURCHASE_PHRASES = (
    ("purchase",),
    ("purchased",),
    ("purchases",),
    ("order", "completed"),
    ("completed", "order"),
    ("order", "placed"),
    ("checkout", "completed"),
    ("completed", "checkout"),
    ("in", "app", "purchase"),
    ("iap",),
)


#: Words that make the event about something around a purchase, not the purchase itself.
_NOT_A_PURCHASE = frozenset(
    {
        "view",
        "viewed",
        "page",
        "screen",
        "click",
        "clicked",
        "tap",
        "tapped",
        "button",
        "start",
        "started",
        "initiated",
        "begin",
        "attempt",
        "attempted",
        "failed",
        "failure",
        "cancel",
        "cancelled",
        "canceled",
        "abandon",
        "abandoned",
        "refund",
        "refunded",
        "help",
        "error",
        "intent",
        "prompt",
        "shown",
        "opened",
        "dismissed",
    }
)


class PurchaseAsCustomEvent(FileRule):
    id = "BRZ401"
    keywords = rb"purchase|order|checkout|\biap\b"
    # check() reads only logCustomEvent calls and /users/track `events` arrays, both only
    # where Braze is named (a Braze receiver or import; rest.mentions_braze for bodies).
    requires = (rb"logCustomEvent|events", BRAZE_IN_SIGHT)
    languages = CODE_LANGUAGES

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        for call in braze_calls(facts, "logCustomEvent", "LogCustomEvent"):
            name = call.arg(0, label="name")
            if name is not None and is_purchase_name(name):
                yield self._finding(facts.path, name, "logCustomEvent", "logPurchase")
        seen: set[tuple[int, int]] = set()
        for body in track_bodies(facts):
            for event in track_objects(body, "events"):
                name = event.get("name")
                if name is None or not is_purchase_name(name):
                    continue
                where = (name.span.line, name.span.col)
                if where not in seen:
                    seen.add(where)
                    yield self._finding(
                        facts.path, name, "the /users/track `events` array", "the `purchases` array"
                    )

    def _finding(self, path: str, name: Value, used: str, instead: str) -> Finding:
        return self.finding(
            path,
            name.span,
            f'"{name.text}" looks like a purchase logged through {used}; Braze counts '
            f"revenue only from {instead} (or use the `ecommerce.order_placed` recommended "
            "event)",
            fingerprint_key=name.text,
        )


def is_purchase_name(value: Value) -> bool:
    if value.kind is not ValueKind.STRING:
        return False
    text = value.text.strip()
    if text.lower().startswith("ecommerce."):
        return False
    found = words(text.replace(".", " "))
    if _NOT_A_PURCHASE.intersection(found):
        return False
    return any(
        found[i : i + len(phrase)] == phrase
        for phrase in _PURCHASE_PHRASES
        for i in range(len(found))
    )
