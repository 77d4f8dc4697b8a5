"""BRZ703 legacy-sdk-api: Appboy-era SDK packages, classes, calls and settings, each with
its modern replacement (braze-facts.md §7, §9, §11).

- Web: imports of ``appboy-web-sdk``, ``@braze/web-sdk-core``, ``@braze/web-sdk-no-amd``
  (→ ``@braze/web-sdk``) and ``react-native-appboy-sdk`` (→ ``@braze/react-native-sdk``);
  calls on the ``appboy`` / ``window.appboy`` global and on ``appboyBridge``; renamed
  methods (``registerAppboyPushMessages`` …) on any Braze receiver; ``appboy.min.js``
  script URLs. ``js.appboycdn.com`` itself is the current CDN and is not reported.
- iOS: ``import AppboyKit`` / ``Appboy_iOS_SDK`` / ``AppboyUI``, ``Appboy.sharedInstance()``
  and ``Appboy.start(withApiKey:…)``; the Info.plist ``Appboy`` dictionary (read only by
  the compatibility layer).
- Android: ``com.appboy`` imports, ``Appboy.getInstance()`` / ``Appboy.configure()``,
  ``AppboyConfig.Builder``, ``AppboyLifecycleCallbackListener``, ``AppboyLogger``,
  ``registerAppboyPushMessages``; ``com_appboy_*`` keys in resource XML (``appboy.xml``).

Unity's ``AppboyBinding`` is the current Unity API and is never reported (there is no C#
frontend, and no other language's rule matches that name).
"""

from __future__ import annotations

from collections.abc import Iterator

from brazelint.braze.sdk import is_braze_receiver
from brazelint.facts import Call, FileFacts, Span
from brazelint.findings import Finding
from brazelint.languages import SDK_LANGUAGES, Language
from brazelint.rule import FileRule

_JS = frozenset({Language.JAVASCRIPT, Language.TYPESCRIPT, Language.TSX})
_JVM = frozenset({Language.KOTLIN, Language.JAVA})

_LEGACY_JS_PACKAGES = {
    "appboy-web-sdk": "@braze/web-sdk",
    "@braze/web-sdk-core": "@braze/web-sdk",
    "@braze/web-sdk-no-amd": "@braze/web-sdk",
    "react-native-appboy-sdk": "@braze/react-native-sdk",
}
#: Web SDK methods renamed or removed since the Appboy era, with what replaced them.
_RENAMED_WEB = {
    "registerAppboyPushMessages": "braze.requestPushPermission()",
    "unregisterAppboyPushMessages": "braze.unregisterPush()",
    "toggleAppboyLogging": "braze.toggleLogging()",
    "isPushGranted": "braze.isPushPermissionGranted()",
    "subscribeToNewInAppMessages": "braze.subscribeToInAppMessage()",
    "stopWebTracking": "braze.disableSDK()",
    "resumeWebTracking": "braze.enableSDK()",
    "trackLocation": "native geolocation with braze.getUser().setLastKnownLocation()",
    "logCardClick": "braze.logContentCardClick()",
    "logCardImpressions": "braze.logContentCardImpressions()",
}
_WEB_DISPLAY = {
    "automaticallyShowNewInAppMessages": "braze.automaticallyShowInAppMessages()",
}

_CURRENT_MODULES = frozenset({"@braze/web-sdk", "@braze/react-native-sdk"})

_IOS_MODULES = {
    "AppboyKit": "BrazeKit",
    "Appboy_iOS_SDK": "BrazeKit",
    "AppboyUI": "BrazeUI",
}

#: Android classes of the Appboy era and their replacements.
_ANDROID_CLASSES = {
    "Appboy": "com.braze.Braze",
    "AppboyConfig": "com.braze.configuration.BrazeConfig",
    "AppboyLifecycleCallbackListener": "com.braze.BrazeActivityLifecycleCallbackListener",
    "AppboyLogger": "com.braze.support.BrazeLogger",
    "IAppboyNotificationFactory": "com.braze.IBrazeNotificationFactory",
    "AppboyFirebaseMessagingService": "com.braze.push.BrazeFirebaseMessagingService",
}


class LegacySdkApi(FileRule):
    id = "BRZ703"
    keywords = rb"appboy|web-sdk-core|web-sdk-no-amd"
    languages = (SDK_LANGUAGES - {Language.DART}) | {Language.ANDROID_XML, Language.PLIST}

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        language = facts.language
        if language in _JS:
            yield from self._web(facts)
        elif language in (Language.SWIFT, Language.OBJECTIVE_C):
            yield from self._ios(facts)
        elif language in _JVM:
            yield from self._android(facts)
        elif language is Language.ANDROID_XML:
            yield from self._android_xml(facts)
        elif language is Language.PLIST:
            yield from self._plist(facts)

    def _report(self, facts: FileFacts, span: Span, legacy: str, modern: str) -> Finding:
        return self.finding(
            facts.path,
            span,
            f"{legacy} is the Appboy-era SDK API, deprecated or removed in current Braze "
            f"SDKs; use {modern}",
            fingerprint_key=legacy,
        )

    # --- Web / React Native ----------------------------------------------------------------

    def _web(self, facts: FileFacts) -> Iterator[Finding]:
        for item in facts.imports:
            modern = _LEGACY_JS_PACKAGES.get(item.module)
            if modern is not None:
                yield self._report(facts, item.span, f'the package "{item.module}"', f'"{modern}"')
        for call in facts.calls:
            found = _legacy_web_call(call)
            if found is not None:
                yield self._report(facts, call.name_span or call.span, *found)
        for literal in facts.strings:
            if "appboy.min.js" in literal.text:
                yield self._report(
                    facts,
                    literal.span,
                    "the script appboy.min.js (Web SDK v3 and older)",
                    "braze.min.js from a current Web SDK version "
                    "(https://js.appboycdn.com/web-sdk/<version>/braze.min.js)",
                )

    # --- iOS -------------------------------------------------------------------------------

    def _ios(self, facts: FileFacts) -> Iterator[Finding]:
        for item in facts.imports:
            modern = _IOS_MODULES.get(item.module)
            if modern is not None:
                yield self._report(facts, item.span, f"import {item.module}", f"import {modern}")
        for call in facts.calls:
            if call.chain[:1] != ("Appboy",) or len(call.chain) != 2:
                continue
            if call.name == "sharedInstance":
                modern = "the `Braze` instance you keep (e.g. `AppDelegate.braze`)"
            else:
                modern = "`Braze(configuration: Braze.Configuration(apiKey:endpoint:))`"
            yield self._report(facts, call.name_span or call.span, f"Appboy.{call.name}()", modern)

    def _plist(self, facts: FileFacts) -> Iterator[Finding]:
        for entry in facts.config:
            if entry.key.startswith("Appboy."):
                key = entry.key.removeprefix("Appboy.")
                yield self._report(
                    facts,
                    entry.span,
                    f"the Info.plist `Appboy` dictionary (`{key}`)",
                    f"the `Braze` dictionary (`Braze > {key}`)",
                )

    # --- Android ---------------------------------------------------------------------------

    def _android(self, facts: FileFacts) -> Iterator[Finding]:
        for item in facts.imports:
            if item.module != "com.appboy" and not item.module.startswith("com.appboy."):
                continue
            name = item.name if item.name not in (None, "*") else None
            modern = _ANDROID_CLASSES.get(name or "", "the matching class under `com.braze`")
            written = f"{item.module}.{name}" if name else item.module
            yield self._report(facts, item.span, f"import {written}", modern)
        for call in facts.calls:
            root = call.chain[0] if call.chain else ""
            if root in _ANDROID_CLASSES and len(call.chain) <= 2:
                written = ".".join(call.chain)
                yield self._report(facts, call.name_span or call.span, written, _modern(call))
            elif call.name == "registerAppboyPushMessages":
                yield self._report(
                    facts,
                    call.name_span or call.span,
                    "registerAppboyPushMessages()",
                    "`Braze.getInstance(context).registeredPushToken = token` (Java: "
                    "`setRegisteredPushToken(token)`)",
                )

    def _android_xml(self, facts: FileFacts) -> Iterator[Finding]:
        for entry in facts.config:
            if entry.key.startswith("com_appboy_"):
                modern = "com_braze_" + entry.key.removeprefix("com_appboy_")
                yield self._report(
                    facts, entry.span, f"the setting {entry.key}", f"{modern} (in braze.xml)"
                )


def _modern(call: Call) -> str:
    root = call.chain[0]
    modern = _ANDROID_CLASSES[root]
    short = modern.rsplit(".", 1)[-1]
    rest = call.chain[1:]
    return f"{short}{'.' + '.'.join(rest) if rest else ''} ({modern})"


def _legacy_web_call(call: Call) -> tuple[str, str] | None:
    chain = call.chain
    if chain[:1] == ("window",):
        chain = chain[1:]
    if not chain:
        return None
    written = ".".join(chain) + "()"
    if chain[0] == "appboyBridge":
        return written, "brazeBridge." + ".".join(chain[1:]) + "() (HTML in-app messages)"
    if call.name in _RENAMED_WEB and (chain[0] == "appboy" or is_braze_receiver(call)):
        return written, _RENAMED_WEB[call.name]
    if chain[0] != "appboy" or len(chain) < 2:
        return None
    if call.qualified[:1] and call.qualified[0] in _CURRENT_MODULES:
        return None  # a local name ``appboy`` bound to the current SDK
    if chain[1] == "display" and call.name in _WEB_DISPLAY:
        return written, _WEB_DISPLAY[call.name]
    if chain[1] in ("ab", "display"):
        return written, "braze." + call.name + "() (the `ab`/`display` namespaces are gone)"
    return written, "braze." + ".".join(chain[1:]) + "() from @braze/web-sdk"
