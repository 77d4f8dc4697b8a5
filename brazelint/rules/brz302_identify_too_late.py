"""BRZ302 identify-too-late: user attributes set, or events and purchases logged, before
``changeUser`` in the same function. The SDK records them on whoever is current at that
moment, the anonymous or previously identified user, not the user ``changeUser`` is about
to identify (braze-facts.md §5.3, §5.4). On the Web SDK, ``openSession()`` before
``changeUser()`` may also start a second session (braze-facts.md §5.4).

Order is judged only inside one function, method or closure, and only between calls whose
branch paths nest (``Flow.ordered_with``): a write in one arm of an ``if`` and a
``changeUser`` in the other are never both run, so they are not compared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from brazelint.braze.sdk import (
    CUSTOM_ATTRIBUTE_METHODS,
    Platform,
    is_braze_receiver,
    sdk_platform,
)
from brazelint.facts import Call, FileFacts
from brazelint.findings import Finding, RelatedLocation
from brazelint.languages import SDK_LANGUAGES
from brazelint.rule import FileRule

#: Methods that write to the current user's profile, across the SDKs (Web and React
#: Native ``User``/``Braze``, Android ``BrazeUser``, Swift ``Braze.User``).
USER_WRITE_METHODS = frozenset(
    {
        "setFirstName",
        "setLastName",
        "setEmail",
        "setGender",
        "setDateOfBirth",
        "setCountry",
        "setHomeCity",
        "setLanguage",
        "setPhoneNumber",
        "setAvatarImageUrl",
        "setLastKnownLocation",
        "setEmailNotificationSubscriptionType",
        "setPushNotificationSubscriptionType",
        "addToSubscriptionGroup",
        "removeFromSubscriptionGroup",
        "addAlias",
        "setAttributionData",
    }
) | CUSTOM_ATTRIBUTE_METHODS
#: Swift writes through generic names on ``braze.user``: ``set(email:)``, ``add(alias:label:)``.
_SWIFT_USER_WRITES = frozenset({"set", "add"})
_EVENT_METHODS = frozenset({"logCustomEvent", "logPurchase"})
_CHANGE_USER = frozenset({"changeUser", "ChangeUser"})


class IdentifyTooLate(FileRule):
    id = "BRZ302"
    keywords = rb"changeUser"
    #: SDK code only: Python talks to Braze over REST, where there is no current user.
    languages = SDK_LANGUAGES

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        by_scope: dict[str, list[Call]] = defaultdict(list)
        for call in facts.calls:
            if is_braze_receiver(call):
                by_scope[call.flow.scope].append(call)
        for calls in by_scope.values():
            identifies = [c for c in calls if c.name in _CHANGE_USER]
            if not identifies:
                continue
            for call in calls:
                what = self._early_kind(facts, call)
                if what is None:
                    continue
                ordered = [c for c in identifies if c.flow.ordered_with(call.flow)]
                if any(c.flow.order < call.flow.order for c in ordered):
                    # Already identified earlier in this flow: the write is meant for
                    # that user, and a later changeUser is a switch we cannot judge.
                    continue
                later = [c for c in ordered if c.flow.order > call.flow.order]
                if not later:
                    continue
                identify = min(later, key=lambda c: c.flow.order)
                yield self._finding(facts.path, call, identify, what)

    @staticmethod
    def _early_kind(facts: FileFacts, call: Call) -> str | None:
        name = call.name
        if name in USER_WRITE_METHODS:
            return "write"
        if name in _SWIFT_USER_WRITES and "user" in call.chain[:-1]:
            return "write"
        if name in _EVENT_METHODS:
            return "event"
        if name == "openSession" and sdk_platform(facts, call) is Platform.WEB:
            return "session"
        return None

    def _finding(self, path: str, call: Call, identify: Call, what: str) -> Finding:
        line = identify.span.line
        where = _scope_words(call.flow.scope)
        if what == "session":
            message = (
                f"openSession() runs before changeUser() (line {line}) {where}; the session "
                "starts for the anonymous user and changeUser then starts a second one. "
                "Call openSession() last, after changeUser()"
            )
        else:
            lands = "the write" if what == "write" else "the event"
            message = (
                f"`{_shown(call)}` runs before changeUser() (line {line}) {where}, so "
                f"{lands} lands on the anonymous or previously identified user, not the "
                "user being identified. Call changeUser() first"
            )
        return self.finding(
            path,
            call.span,
            message,
            fingerprint_key=f"{call.name}<{identify.name}",
            related=(RelatedLocation(path, identify.span, "changeUser() is called here"),),
        )


def _shown(call: Call) -> str:
    """``setEmail()``, or Swift's ``set(email:)`` with its labels, which say what is set."""
    labels = "".join(f"{a.label}:" for a in call.args if a.label is not None)
    return f"{call.name}({labels})"


def _scope_words(scope: str) -> str:
    if scope == "<module>":
        return "in top-level code"
    name = scope.split("@", 1)[0]
    if name.startswith("<"):
        return "in the same closure"
    return f"in `{name}`"
