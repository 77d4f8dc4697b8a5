"""Recognising Braze SDK calls and the values they are given, on every platform
(braze-facts.md §4–§9, §11). Works on facts only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

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


#: Config keys that hold an SDK endpoint (braze-facts.md §7).
SDK_ENDPOINT_KEYS = frozenset(
    {"com_braze_custom_endpoint", "com_appboy_custom_endpoint", "Braze.Endpoint", "Appboy.Endpoint"}
)


def config_endpoint_entries(facts: FileFacts) -> Iterator[ConfigEntry]:
    for entry in facts.config:
        if entry.key in SDK_ENDPOINT_KEYS:
            yield entry
