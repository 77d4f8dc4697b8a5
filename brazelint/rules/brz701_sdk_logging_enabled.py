"""BRZ701 sdk-logging-enabled: verbose SDK logging hard-coded in shipped code. Logs can
expose user data on devices and in browser consoles and cost performance. Code that only
runs in debug builds (a ``debug`` source set, an ``if (__DEV__)`` / ``BuildConfig.DEBUG`` /
``#if DEBUG`` guard) is not reported, nor is a level chosen by a condition on a configured
log level or logging switch.

What counts as verbose is what each platform says: on Swift ``.debug`` (``.info`` is the
level Braze's own setup snippet uses, braze-facts.md §7); on Android ``Log.VERBOSE`` (2) and
``Log.DEBUG`` (3), or any lower number, since ``com_braze_logger_initial_log_level``
defaults to 4, ``Log.INFO`` (``BrazeConfigurationProvider.getLoggerInitialLogLevel`` of the
published Android SDK), so INFO is the SDK's normal level, not extra logging."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from brazelint.braze.sdk import is_braze_receiver
from brazelint.facts import Call, FileFacts, Flow, Span, Value, ValueKind
from brazelint.findings import Finding
from brazelint.languages import CODE_LANGUAGES, Language
from brazelint.rule import FileRule

#: Swift ``Braze.Configuration.Logger.Level`` cases more verbose than ``.info``.
_SWIFT_VERBOSE = frozenset({".debug", "Braze.Configuration.Logger.Level.debug"})
#: android.util.Log levels below the SDK's default INFO (VERBOSE=2, DEBUG=3).
_ANDROID_VERBOSE = frozenset({"VERBOSE", "DEBUG"})
#: Below INFO (4): 2 and 3, and 0 or 1, which let every message through as well.
_ANDROID_VERBOSE_NUMBERS = frozenset({0, 1, 2, 3})
_LOG_LEVEL_KEYS = frozenset(
    {"com_braze_logger_initial_log_level", "com_appboy_logger_initial_log_level"}
)
_DEBUG_GUARD = re.compile(r"__DEV__|\bDEBUG\b|isDebug|debugMode|NODE_ENV|kDebugMode", re.I)
#: A condition that tests a configured log level or logging switch (``switch logLevel {
#: case 0, 1: … = .debug }`` in the Braze Expo plugin): the statement maps a setting read at
#: run time to the SDK's level, so the level is not hard-coded.
_CONFIGURED_GUARD = re.compile(r"log_?level|logging|verbos", re.I)
_DEBUG_DIRS = frozenset({"debug", "dev", "test", "tests", "androidTest", "__tests__", "spec"})
#: The calls ``_call`` judges (by name; it reports no other call).
_LOGGING_CALLS = frozenset({"initialize", "toggleLogging", "toggleAppboyLogging", "setLogLevel"})


class SdkLoggingEnabled(FileRule):
    id = "BRZ701"
    keywords = rb"enableLogging|toggle(?:Appboy)?Logging|logger|log_level"
    # What check() reads: enableLogging, toggle(Appboy)Logging, setLogLevel / logLevel,
    # `…logger.level =` and the *_logger_initial_log_level keys; a bare `logger` is not
    # enough (every app has one).
    requires = (rb"enableLogging|toggle(?:Appboy)?Logging|log_?level|logger\s*[?!]?\s*\.\s*level",)
    # Objective-C levels (BRZLoggerLevel…) are not judged yet; Flutter logs natively.
    languages = (CODE_LANGUAGES - {Language.PYTHON, Language.OBJECTIVE_C, Language.DART}) | {
        Language.ANDROID_XML
    }

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        if _debug_only_path(facts.path):
            return
        for call in facts.calls:
            # The name first: it rules out nearly every call, far more cheaply than the
            # guards' patterns in ``_call`` do.
            if call.name in _LOGGING_CALLS:
                yield from self._call(facts, call)
        for assignment in facts.assignments:
            target = assignment.target
            value = assignment.value
            if _guarded(assignment.flow):
                continue
            if target[-2:] == ("logger", "level") and value.text in _SWIFT_VERBOSE:
                yield self._finding(facts.path, value.span, f"logger level `{value.text}`")
            elif (
                target[-1] == "logLevel"
                and any("Logger" in part for part in target)
                and (_android_verbose(value))
            ):
                yield self._finding(facts.path, value.span, f"BrazeLogger level `{value.text}`")
        for entry in facts.config:
            if entry.key in _LOG_LEVEL_KEYS and _android_verbose_number(entry.value):
                yield self._finding(facts.path, entry.value_span, f"`{entry.key}` = {entry.value}")

    def _call(self, facts: FileFacts, call: Call) -> Iterator[Finding]:
        if _guarded(call.flow):
            return
        if call.name == "initialize" and is_braze_receiver(call):
            options = call.arg(1)
            if options is not None and options.kind is ValueKind.DICT:
                flag = options.get("enableLogging")
                if (
                    flag is not None
                    and flag.kind is ValueKind.BOOL
                    and flag.text == "true"
                    and not _custom_logger(facts)
                ):
                    yield self._finding(facts.path, flag.span, "`enableLogging: true`")
        elif call.name in ("toggleLogging", "toggleAppboyLogging") and is_braze_receiver(call):
            yield self._finding(facts.path, call.span, f"`{call.name}()`")
        elif call.name == "setLogLevel" and any("Logger" in part for part in call.chain):
            level = call.arg(0)
            if level is not None and _android_verbose(level):
                yield self._finding(facts.path, level.span, f"BrazeLogger level `{level.text}`")

    def _finding(self, path: str, span: Span, what: str) -> Finding:
        return self.finding(
            path,
            span,
            f"{what} turns on verbose Braze SDK logging in shipped code; logs can expose "
            "user data and slow the app. Enable it only in debug builds (guard it with a "
            "debug flag or move it to a debug source set)",
            fingerprint_key=what,
        )


def _android_verbose(value: Value) -> bool:
    if value.kind is ValueKind.NUMBER:
        return value.number in _ANDROID_VERBOSE_NUMBERS
    return value.kind is ValueKind.NAME and value.text.rsplit(".", 1)[-1] in _ANDROID_VERBOSE


def _android_verbose_number(text: str) -> bool:
    text = text.strip()
    return text.isdigit() and int(text) in _ANDROID_VERBOSE_NUMBERS


def _guarded(flow: Flow) -> bool:
    return any(
        _DEBUG_GUARD.search(guard) or _CONFIGURED_GUARD.search(guard) for guard in flow.guards
    )


def _debug_only_path(path: str) -> bool:
    return any(part in _DEBUG_DIRS for part in PurePosixPath(path).parts[:-1])


def _custom_logger(facts: FileFacts) -> bool:
    """Whether the file hands the Web SDK its own logger (``braze.setLogger(fn)``): the
    SDK's messages then go to the app's logger, not to every user's console (Braze Web SDK
    reference, ``setLogger``)."""
    return any(c.name == "setLogger" and c.args and is_braze_receiver(c) for c in facts.calls)
