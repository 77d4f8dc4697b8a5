"""Recognising Braze SDK calls and the values they are given, on every platform
(braze-facts.md §4–§9, §11). Works on facts only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from brazelint.facts import Call, ConfigEntry, FileFacts, Value, ValueKind
from brazelint.languages import Language

#: Modules whose import makes a bare call a Braze call (``import {changeUser} from …``).
BRAZE_MODULES = frozenset(
    {
        "@braze/web-sdk",
        "@braze/react-native-sdk",
        "@braze/web-sdk-core",
        "@braze/web-sdk-no-amd",
        "appboy-web-sdk",
        "react-native-appboy-sdk",
        "BrazeKit",
        "BrazeUI",
        "AppboyKit",
        "Appboy_iOS_SDK",
        "com.braze",
        "com.appboy",
        "braze_plugin",
    }
)

_BRAZE_WORD = re.compile(r"braze|appboy", re.IGNORECASE)


def is_braze_receiver(call: Call) -> bool:
    """The call is made on something Braze: a receiver chain mentioning braze/appboy
    (``braze.x``, ``AppDelegate.braze?.x``, ``Braze.getInstance(c).x``, ``this.brazeClient.x``)
    or a name imported from a Braze package."""
    chain = call.qualified or call.chain
    receiver = chain[:-1]
    if not receiver:
        return False
    if receiver[0] in BRAZE_MODULES or any(
        receiver[0].startswith(module + ".") for module in BRAZE_MODULES
    ):
        return True
    return any(_BRAZE_WORD.search(part) for part in receiver)


def braze_calls(facts: FileFacts, *names: str) -> Iterator[Call]:
    """Calls to any of ``names`` made on a Braze receiver."""
    wanted = frozenset(names)
    for call in facts.calls:
        if call.name in wanted and is_braze_receiver(call):
            yield call


@dataclass(frozen=True, slots=True)
class UserIdArgument:
    call: Call
    value: Value


def change_user_ids(facts: FileFacts) -> Iterator[UserIdArgument]:
    """The ID given to every ``changeUser`` call: Web/RN ``changeUser(id)``, Swift
    ``changeUser(userId:)``, Android ``changeUser(id)``, legacy ``Appboy`` variants."""
    for call in braze_calls(facts, "changeUser", "ChangeUser"):
        value = call.arg(0, label="userId")
        if value is not None:
            yield UserIdArgument(call, value)


@dataclass(frozen=True, slots=True)
class EndpointSetting:
    """A host handed to an SDK as its endpoint."""

    value: Value
    where: str  # what the user wrote, for messages: "baseUrl", "setCustomEndpoint"


def sdk_endpoint_values(facts: FileFacts) -> Iterator[EndpointSetting]:
    """Every value an SDK is configured with as its endpoint."""
    for call in facts.calls:
        name = call.name
        if name == "initialize" and is_braze_receiver(call):
            options = call.arg(1)
            if options is None:
                continue
            if options.kind is ValueKind.DICT:
                base_url = options.get("baseUrl")
                if base_url is not None:
                    yield EndpointSetting(base_url, "baseUrl")
            elif facts.language is not Language.PYTHON:
                # React Native delayed initialisation: Braze.initialize(apiKey, endpoint)
                yield EndpointSetting(options, "initialize(apiKey, endpoint)")
        elif name == "Configuration" and "Braze" in call.chain:
            endpoint = call.arg(1, label="endpoint")
            if endpoint is not None and any(a.label == "endpoint" for a in call.args):
                yield EndpointSetting(endpoint, "Braze.Configuration(endpoint:)")
        elif name == "setCustomEndpoint":
            value = call.arg(0)
            if value is not None:
                yield EndpointSetting(value, "setCustomEndpoint")
        elif is_braze_receiver(call):
            # Legacy AppboyKit: Appboy.start(withApiKey:in:withLaunchOptions:
            # withAppboyOptions: [ABKEndpointKey: "…"]) (braze-facts.md §7, §11).
            for argument in call.args:
                options = argument.value
                endpoint = options.get("ABKEndpointKey") if options.kind is ValueKind.DICT else None
                if endpoint is not None:
                    yield EndpointSetting(endpoint, "ABKEndpointKey")


#: Config keys that hold an SDK endpoint (braze-facts.md §7).
SDK_ENDPOINT_KEYS = frozenset(
    {"com_braze_custom_endpoint", "com_appboy_custom_endpoint", "Braze.Endpoint", "Appboy.Endpoint"}
)


def config_endpoint_entries(facts: FileFacts) -> Iterator[ConfigEntry]:
    for entry in facts.config:
        if entry.key in SDK_ENDPOINT_KEYS:
            yield entry


class Platform(StrEnum):
    """Which SDK a call is made to. Signatures and accepted values differ between them
    (braze-facts.md §6.1 argument order, §8 subscription strings)."""

    WEB = "Web"
    REACT_NATIVE = "React Native"
    SWIFT = "Swift"
    ANDROID = "Android"
    #: Languages with no Braze SDK (Python talks to the REST API only).
    NONE = "none"


#: Packages of the React Native SDK (current and the Appboy-era name).
REACT_NATIVE_MODULES = frozenset({"@braze/react-native-sdk", "react-native-appboy-sdk"})
#: Packages of the Web SDK (current and deprecated names).
WEB_MODULES = frozenset(
    {"@braze/web-sdk", "@braze/web-sdk-core", "@braze/web-sdk-no-amd", "appboy-web-sdk"}
)
_JS_LANGUAGES = frozenset({Language.JAVASCRIPT, Language.TYPESCRIPT, Language.TSX})


def sdk_platform(facts: FileFacts, call: Call) -> Platform:
    """The SDK ``call`` goes to. In JS/TS a call on a name imported from
    ``@braze/react-native-sdk`` is React Native; a call on anything else (``braze.x``,
    ``window.braze.x``) is Web unless the file imports only the React Native SDK."""
    language = facts.language
    if language is Language.SWIFT:
        return Platform.SWIFT
    if language in (Language.KOTLIN, Language.JAVA):
        return Platform.ANDROID
    if language not in _JS_LANGUAGES:
        return Platform.NONE
    root = (call.qualified or call.chain or ("",))[0]
    if root in REACT_NATIVE_MODULES:
        return Platform.REACT_NATIVE
    if root in WEB_MODULES:
        return Platform.WEB
    modules = {item.module for item in facts.imports}
    if modules & REACT_NATIVE_MODULES and not modules & WEB_MODULES:
        return Platform.REACT_NATIVE
    return Platform.WEB


#: SDK methods whose first argument (Swift/Kotlin label ``key``) is a custom attribute key.
CUSTOM_ATTRIBUTE_METHODS = frozenset(
    {
        "setCustomUserAttribute",
        "setCustomAttribute",
        "setCustomAttributeArray",
        "setCustomUserAttributeArray",
        "setCustomAttributeToNow",
        "setCustomAttributeToSecondsFromEpoch",
        "setCustomUserAttributeToNow",
        "setCustomUserAttributeToSecondsFromEpoch",
        "setCustomLocationAttribute",
        "setLocationCustomAttribute",
        "unsetCustomUserAttribute",
        "unsetCustomAttribute",
        "incrementCustomUserAttribute",
        "addToCustomAttributeArray",
        "removeFromCustomAttributeArray",
        "addToCustomAttributeStringArray",
        "removeFromCustomAttributeStringArray",
    }
)
