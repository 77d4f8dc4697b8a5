"""BRZ404 invalid-subscription-state: a subscription state the platform does not accept
(braze-facts.md §8):

- Web ``setEmailNotificationSubscriptionType`` / ``setPushNotificationSubscriptionType``
  take ``"opted_in"``, ``"subscribed"``, ``"unsubscribed"``; React Native's take
  ``'optedin'`` (no underscore), ``'subscribed'``, ``'unsubscribed'``; both also take their
  ``NotificationSubscriptionTypes`` enum members. Android takes
  ``NotificationSubscriptionType.OPTED_IN/SUBSCRIBED/UNSUBSCRIBED``; Swift
  ``set(emailSubscriptionState:)`` takes ``.optedIn/.subscribed/.unsubscribed``.
- REST ``email_subscribe`` / ``push_subscribe`` take ``"opted_in"``, ``"subscribed"``,
  ``"unsubscribed"`` (else ``BAD_*_SUBSCRIPTION_STATE``); subscription groups
  (``subscription_state`` next to a ``subscription_group_id``, in ``/users/track``
  attributes or ``/subscription/status/set``) take only ``"subscribed"``/``"unsubscribed"``.

Whether the REST API accepts other letter cases is unverified, so REST values are compared
ignoring case. Variables and other non-literal values are not judged.

Fixes write the value the platform accepts for the same state. They are SAFE when the
value written differs from it only in letter case and separators (``OptedIn``,
``opted-in``, ``optedin`` on the Web, ``opted_in`` in React Native, ``"opted_in"`` where
Swift wants ``.optedIn``): the state meant is certain. They are UNSAFE when the value is a
near miss of one state only (``subscribe`` → ``subscribed``, ``optin`` → ``opted_in``)
or ``opted_in`` given to a subscription group (groups know only ``subscribed``): a guess
at what consent was recorded. An Android string where the enum is needed becomes
``NotificationSubscriptionType.X`` (SAFE when the file imports that enum, else
DISPLAY_ONLY: the import is the user's to add). Only plain literals written in this file
without escapes, and enum members whose name ends the value as written, are edited.
"""

from __future__ import annotations

from collections.abc import Iterator

from brazelint.braze.config_keys import edit_distance
from brazelint.braze.rest import track_bodies, track_objects
from brazelint.braze.sdk import Platform, braze_calls, sdk_platform
from brazelint.facts import Call, FileFacts, Span, Value, ValueKind
from brazelint.findings import Applicability, Edit, Finding, Fix
from brazelint.languages import CODE_LANGUAGES, Language
from brazelint.rule import FileRule
from brazelint.rules._spans import literal_content, source_text

_SETTERS = ("setEmailNotificationSubscriptionType", "setPushNotificationSubscriptionType")
_SWIFT_LABELS = ("emailSubscriptionState", "pushNotificationSubscriptionState")

WEB_STATES = ("opted_in", "subscribed", "unsubscribed")
REACT_NATIVE_STATES = ("optedin", "subscribed", "unsubscribed")
GROUP_STATES = ("subscribed", "unsubscribed")
_ENUM_MEMBERS = frozenset({"OPTED_IN", "SUBSCRIBED", "UNSUBSCRIBED"})
_SWIFT_MEMBERS = frozenset({"optedIn", "subscribed", "unsubscribed"})
#: How far (edits, after case and separators are set aside) a value may be from the one
#: state it is taken to mean, for an UNSAFE fix.
_NEAR = 2

#: Per platform: the enum type whose members are judged, and what to write instead.
_ENUMS: dict[Platform, tuple[str, frozenset[str], str]] = {
    Platform.WEB: (
        "NotificationSubscriptionTypes",
        _ENUM_MEMBERS,
        '"opted_in", "subscribed", "unsubscribed" or '
        "braze.User.NotificationSubscriptionTypes.OPTED_IN/SUBSCRIBED/UNSUBSCRIBED",
    ),
    Platform.REACT_NATIVE: (
        "NotificationSubscriptionTypes",
        _ENUM_MEMBERS,
        "'optedin', 'subscribed', 'unsubscribed' or "
        "Braze.NotificationSubscriptionTypes.OPTED_IN/SUBSCRIBED/UNSUBSCRIBED",
    ),
    Platform.ANDROID: (
        "NotificationSubscriptionType",
        _ENUM_MEMBERS,
        "NotificationSubscriptionType.OPTED_IN, .SUBSCRIBED or .UNSUBSCRIBED",
    ),
    Platform.SWIFT: (
        "SubscriptionState",
        _SWIFT_MEMBERS,
        ".optedIn, .subscribed or .unsubscribed (Braze.User.SubscriptionState)",
    ),
}
_STRINGS: dict[Platform, tuple[str, ...]] = {
    Platform.WEB: WEB_STATES,
    Platform.REACT_NATIVE: REACT_NATIVE_STATES,
}


class InvalidSubscriptionState(FileRule):
    id = "BRZ404"
    keywords = rb"SubscriptionType|SubscriptionState|_subscribe|subscription_state"
    # Objective-C (BRZUserSubscriptionState…) and Flutter states have no table yet.
    languages = CODE_LANGUAGES - {Language.OBJECTIVE_C, Language.DART}

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        seen: set[Span] = set()
        found: list[tuple[Value, str, Fix | None]] = []
        for call in braze_calls(facts, *_SETTERS):
            value = call.arg(0)
            if value is not None:
                problem = _sdk_problem(facts, call, value)
                if problem:
                    found.append((value, problem, _sdk_fix(facts, call, value)))
        for call in braze_calls(facts, "set"):
            for label in _SWIFT_LABELS:
                value = call.arg(99, label=label)
                if value is not None:
                    problem = _sdk_problem(facts, call, value)
                    if problem:
                        found.append((value, problem, _sdk_fix(facts, call, value)))
        for body in track_bodies(facts):
            for attributes in track_objects(body, "attributes"):
                for field in ("email_subscribe", "push_subscribe"):
                    value = attributes.get(field)
                    if value is not None:
                        problem = _rest_problem(value, field)
                        if problem:
                            fix = _string_fix(facts, value, _meant(value.text, WEB_STATES))
                            found.append((value, problem, fix))
        for group in _subscription_group_objects(facts):
            value = group.get("subscription_state")
            if value is not None:
                problem = _group_problem(value)
                if problem:
                    fix = _string_fix(facts, value, _meant_for_group(value.text))
                    found.append((value, problem, fix))
        for value, problem, fix in found:
            if value.span not in seen:
                seen.add(value.span)
                yield self.finding(
                    facts.path, value.span, problem, fingerprint_key=problem, fix=fix
                )


def _sdk_problem(facts: FileFacts, call: Call, value: Value) -> str | None:
    platform = sdk_platform(facts, call)
    enum = _ENUMS.get(platform)
    if enum is None:
        return None
    if platform is Platform.ANDROID and len(call.args) != 1:
        # BrazeUser's setters take exactly the enum. Another arity is a wrapper with a
        # Braze-like name (the React Native bridge's `brazeReactBridgeImpl
        # .setPushNotificationSubscriptionType("subscribed", callback)`), whose string it
        # maps to the enum itself.
        return None
    enum_type, members, instead = enum
    where = f"the {platform.value} SDK's {call.name}"
    if value.kind is ValueKind.STRING:
        accepted = _STRINGS.get(platform)
        if accepted is None:
            return f'{where} takes an enum value, not the string "{value.text}"; use {instead}'
        if value.text in accepted:
            return None
        hint = _spelling_hint(value.text, platform)
        return f'{where} does not accept "{value.text}"{hint}; use {instead}'
    if value.kind in (ValueKind.BOOL, ValueKind.NUMBER, ValueKind.NULL):
        return f"{where} takes a subscription state, not `{value.text}`; use {instead}"
    if (
        value.kind is ValueKind.CALL
        and value.call is not None
        and value.text == f"{enum_type}.valueOf"
    ):
        name = value.call.arg(0)
        if name is not None and name.kind is ValueKind.STRING and name.text not in members:
            return (
                f'`{enum_type}.valueOf("{name.text}")` throws IllegalArgumentException: the '
                f"enum has no such constant; use {instead}"
            )
    if value.kind is ValueKind.NAME and _is_member_of(value.text, enum_type, platform):
        member = value.text.rsplit(".", 1)[-1]
        if member not in members:
            return f"`{value.text}` is not a subscription state; use {instead}"
    return None


def _is_member_of(text: str, enum_type: str, platform: Platform) -> bool:
    if platform is Platform.SWIFT and text.startswith(".") and text.count(".") == 1:
        return True  # Swift implicit member: `.optedIn`
    parts = text.split(".")
    return len(parts) >= 2 and parts[-2] == enum_type


def _spelling_hint(text: str, platform: Platform) -> str:
    squashed = text.lower().replace("_", "").replace("-", "").replace(" ", "")
    if squashed != "optedin":
        return ""
    if platform is Platform.REACT_NATIVE:
        return " (React Native spells it 'optedin', without the underscore)"
    if text == "optedin":
        return " (the Web SDK spells it \"opted_in\"; 'optedin' is React Native's spelling)"
    return ' (the Web SDK spells it "opted_in")'


def _rest_problem(value: Value, field: str) -> str | None:
    instead = '"opted_in", "subscribed" or "unsubscribed"'
    if value.kind is ValueKind.STRING:
        if value.text.lower() in WEB_STATES:
            return None
        return (
            f'"{field}": "{value.text}" is not a subscription state; Braze rejects it '
            f"(BAD_{field.split('_')[0].upper()}_SUBSCRIPTION_STATE). Use {instead}"
        )
    if value.kind in (ValueKind.BOOL, ValueKind.NUMBER):
        return f'"{field}" takes {instead}, not `{value.text}`'
    return None


def _group_problem(value: Value) -> str | None:
    if value.kind is ValueKind.STRING:
        if value.text.lower() in GROUP_STATES:
            return None
        hint = (
            ' ("opted_in" exists only for the global email and push states)'
            if value.text.lower() == "opted_in"
            else ""
        )
        return (
            f'"subscription_state": "{value.text}" is not accepted for a subscription '
            f'group{hint}; groups take only "subscribed" or "unsubscribed"'
        )
    if value.kind in (ValueKind.BOOL, ValueKind.NUMBER):
        return f'"subscription_state" takes "subscribed" or "unsubscribed", not `{value.text}`'
    return None


#: A state meant, and how certain: SAFE when only case and separators differ.
_Meant = tuple[str, Applicability]


def _squash(text: str) -> str:
    return text.lower().replace("_", "").replace("-", "").replace(" ", "")


def _meant(text: str, accepted: tuple[str, ...] | frozenset[str]) -> _Meant | None:
    """The one accepted value ``text`` stands for: equal once case and separators are set
    aside (SAFE), or else the single nearest within ``_NEAR`` edits (UNSAFE)."""
    squashed = _squash(text)
    same = [state for state in accepted if _squash(state) == squashed]
    if len(same) == 1:
        return same[0], Applicability.SAFE
    if same or not squashed:
        return None
    scored = sorted(
        (distance, state)
        for state in accepted
        if (distance := edit_distance(squashed, _squash(state), _NEAR)) <= _NEAR
    )
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1], Applicability.UNSAFE


def _meant_for_group(text: str) -> _Meant | None:
    if _squash(text) == "optedin":
        # Opting in to a group is subscribing to it; still a guess at the consent meant.
        return "subscribed", Applicability.UNSAFE
    return _meant(text, GROUP_STATES)


def _string_fix(facts: FileFacts, value: Value, meant: _Meant | None) -> Fix | None:
    """Replace a string literal's content with the state meant."""
    if meant is None:
        return None
    where = literal_content(facts.strings, facts.lines, value)
    if where is None:
        return None
    state, applicability = meant
    return Fix(
        f'Replace "{value.text}" with "{state}"',
        (Edit(where[0], state, value.text),),
        applicability,
    )


def _sdk_fix(facts: FileFacts, call: Call, value: Value) -> Fix | None:
    platform = sdk_platform(facts, call)
    enum = _ENUMS.get(platform)
    if enum is None or value.resolved_from is not None:
        return None  # a constant's value: its span may be in another file
    enum_type, members, _ = enum
    if value.kind is ValueKind.STRING:
        accepted = _STRINGS.get(platform)
        if accepted is not None:
            return _string_fix(facts, value, _meant(value.text, accepted))
        meant = _meant(value.text, members)
        if meant is None:
            return None
        if platform is Platform.SWIFT:
            return _replace_literal(facts, value, f".{meant[0]}", meant[1])
        if platform is Platform.ANDROID:
            applicability = meant[1] if _imports(facts, enum_type) else Applicability.DISPLAY_ONLY
            fix = _replace_literal(facts, value, f"{enum_type}.{meant[0]}", applicability)
            if fix is not None and applicability is Applicability.DISPLAY_ONLY:
                fix = Fix(f"{fix.message} (and import `{enum_type}`)", fix.edits, applicability)
            return fix
        return None
    if (
        value.kind is ValueKind.CALL
        and value.call is not None
        and value.text == f"{enum_type}.valueOf"
    ):
        name = value.call.arg(0)
        if name is not None and name.kind is ValueKind.STRING:
            return _string_fix(facts, name, _meant(name.text, members))
        return None
    if value.kind is ValueKind.NAME and _is_member_of(value.text, enum_type, platform):
        return _member_fix(facts, value, _meant(value.text.rsplit(".", 1)[-1], members))
    return None


def _replace_literal(
    facts: FileFacts, value: Value, replacement: str, applicability: Applicability
) -> Fix | None:
    """Replace a whole string literal, quotes and all, with an enum member."""
    where = literal_content(facts.strings, facts.lines, value)
    if where is None:
        return None
    written = source_text(facts.lines, where[1])
    if written is None or value.text not in written:
        return None
    return Fix(
        f"Replace `{written}` with `{replacement}`",
        (Edit(where[1], replacement, written),),
        applicability,
    )


def _member_fix(facts: FileFacts, value: Value, meant: _Meant | None) -> Fix | None:
    """Rename the enum member that ends ``value`` as written (``….OptedIn``)."""
    if meant is None:
        return None
    member = value.text.rsplit(".", 1)[-1]
    span = value.span
    written = source_text(facts.lines, span)
    if span.line != span.end_line or written is None or not written.endswith("." + member):
        return None
    at = Span(span.line, span.end_col - len(member), span.line, span.end_col)
    state, applicability = meant
    return Fix(f"Replace `{member}` with `{state}`", (Edit(at, state, member),), applicability)


def _imports(facts: FileFacts, enum_type: str) -> bool:
    """Whether the file imports ``enum_type`` under its own name."""
    return any(
        (imported.name == enum_type or imported.module.endswith("." + enum_type))
        and imported.alias in (None, enum_type)
        for imported in facts.imports
    )


def _subscription_group_objects(facts: FileFacts) -> Iterator[Value]:
    """Dict literals that describe a subscription group change, wherever they are."""
    seen: set[Span] = set()
    roots: list[Value] = [a.value for c in facts.calls for a in c.args]
    roots.extend(a.value for a in facts.assignments)
    for root in roots:
        for value in root.walk():
            if value.kind is not ValueKind.DICT or value.span in seen:
                continue
            keys = {key for key, _ in value.entries}
            if "subscription_state" in keys and "subscription_group_id" in keys:
                seen.add(value.span)
                yield value
