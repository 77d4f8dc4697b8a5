"""Recognising Braze SDK calls and the values they are given, on every platform
(braze-facts.md §4–§9, §11). Works on facts only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from brazelint.braze.per_file import per_file
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

#: ``BRAZE_MODULES`` as the prefixes of their submodules (``com.braze.ui``), for one
#: ``str.startswith`` call.
_BRAZE_SUBMODULE_PREFIXES = tuple(module + "." for module in sorted(BRAZE_MODULES))

_BRAZE_WORD = re.compile(r"braze|appboy", re.IGNORECASE)


def is_braze_receiver(call: Call) -> bool:
    """The call is made on the Braze SDK: what its receiver is bound to when the bindings
    decide it (``Call.sdk``), else a receiver chain mentioning braze/appboy (``braze.x``,
    ``AppDelegate.braze?.x``, ``Braze.getInstance(c).x``, ``this.brazeClient.x``) or a name
    imported from a Braze package."""
    if call.sdk is not None:
        return call.sdk  # the bindings decided (analysis.identity)
    # Rules ask this of nearly every call of a file, so it avoids per-part generators.
    chain = call.qualified or call.chain
    if len(chain) < 2:
        return False  # no receiver
    root = chain[0]
    if root in BRAZE_MODULES or root.startswith(_BRAZE_SUBMODULE_PREFIXES):
        return True
    # The receiver's parts joined by a dot, which no match can span: one search, not one
    # per part.
    receiver = root if len(chain) == 2 else ".".join(chain[:-1])
    return _BRAZE_WORD.search(receiver) is not None


def braze_calls(facts: FileFacts, *names: str) -> Iterator[Call]:
    """Calls to any of ``names`` made on a Braze receiver."""
    wanted = frozenset(names)
    for call in facts.calls:
        # ``chain[-1]`` is ``call.name`` without a property call per call of the file.
        chain = call.chain
        if chain and chain[-1] in wanted and is_braze_receiver(call):
            yield call


@dataclass(frozen=True, slots=True)
class UserIdArgument:
    call: Call
    value: Value


@per_file
def change_user_ids(facts: FileFacts) -> tuple[UserIdArgument, ...]:
    """The ID given to every ``changeUser`` call: Web/RN ``changeUser(id)``, Swift
    ``changeUser(userId:)``, Android ``changeUser(id)``, legacy ``Appboy`` variants."""
    return tuple(
        UserIdArgument(call, value)
        for call in braze_calls(facts, "changeUser", "ChangeUser")
        if (value := call.arg(0, label="userId")) is not None
    )


@dataclass(frozen=True, slots=True)
class EndpointSetting:
    """A host handed to an SDK as its endpoint."""

    value: Value
    where: str  # what the user wrote, for messages: "baseUrl", "setCustomEndpoint"


@per_file
def sdk_endpoint_values(facts: FileFacts) -> tuple[EndpointSetting, ...]:
    """Every value an SDK is configured with as its endpoint."""
    return tuple(_endpoint_settings(facts))


def _endpoint_settings(facts: FileFacts) -> Iterator[EndpointSetting]:
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
        elif name == "initWithApiKey" and any(a.label == "endpoint" for a in call.args):
            # Objective-C: [[BRZConfiguration alloc] initWithApiKey:key endpoint:host]
            endpoint = call.arg(99, label="endpoint")
            if endpoint is not None:
                yield EndpointSetting(endpoint, "initWithApiKey:endpoint:")
        elif name == "setCustomEndpoint":
            value = call.arg(0)
            if value is not None:
                yield EndpointSetting(value, "setCustomEndpoint")
        else:
            # Legacy AppboyKit: Appboy.start(withApiKey:in:withLaunchOptions:
            # withAppboyOptions: [ABKEndpointKey: "…"]) (braze-facts.md §7, §11). The
            # arguments are looked at before the receiver: they rarely hold a dict, and
            # this branch sees nearly every call of the file.
            endpoints = [
                endpoint
                for argument in call.args
                if argument.value.kind is ValueKind.DICT
                and (endpoint := argument.value.get("ABKEndpointKey")) is not None
            ]
            if endpoints and is_braze_receiver(call):
                for endpoint in endpoints:
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
    #: The Flutter plugin (``braze_plugin``), called from Dart.
    FLUTTER = "Flutter"
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
    if language in (Language.SWIFT, Language.OBJECTIVE_C):
        return Platform.SWIFT  # the iOS SDK, whichever language calls it
    if language is Language.DART:
        return Platform.FLUTTER
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
