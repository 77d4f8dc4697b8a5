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

What is not an SDK call, from the real-world ledger (benchmarks/realworld/):

- one call gives one finding: ``appboy.getUser().setEmail(x)`` holds the calls
  ``appboy.getUser`` and ``appboy.getUser.setEmail``; only the outer one is reported. One
  import statement gives one finding, however many names it imports.
- code that defines members of the ``appboy`` global (``appboy.getUser = function(){return
  new appboy.ab.User}``) is Braze's own loader stub, or a hand-written mock: the calls in it
  are not uses (the stub's ``appboy.min.js`` URL is reported on its own).
- a test double's assertion chained onto an SDK name (sinon
  ``appboy.ab.WindowUtils.openUri.withArgs(url).calledOnce``, chai ``.should``, jest
  ``.mockReturnValue``) is not an SDK call.
- an app's own package may be named ``com.appboy.…`` (Braze's sample apps and plugins are:
  ``com.appboy.cordova``, ``com.appboy.segment.appboysample``): an import from the file's own
  ``com.appboy.<name>`` family, where ``<name>`` is none of the SDK's packages, is not the
  SDK (the ``package`` line is read from the file's text; the facts carry no package);
- an Info.plist ``Appboy`` dictionary is one finding, not one per key; a test bundle's
  Info.plist (a folder named ``…Tests``) configures nothing, the SDK reads the main bundle's.

Dependency manifests (package.json, Podfile, Gradle scripts and version catalogs,
pubspec.yaml, and the coordinate strings of Kotlin ``build.gradle.kts`` scripts) are read
too: a project that pins an Appboy-era SDK gets one finding at the dependency, which is
where the migration starts. Where the manifest names a version-decided SDK (the Web SDK,
React Native, Flutter) without a version one can read (``latest``, ``*``, ``any``), the
lock file beside it says what is installed (``package-lock.json``, ``yarn.lock``,
``pnpm-lock.yaml``, ``pubspec.lock``; second phase, ``analysis.project.LOCK_FILE``); with
no lock file the version is unknown and nothing is reported. A readable version in the
manifest is never overridden by a lock file. The calls written for that SDK are still
reported, each at its call: they are that SDK's documented API, but they are what has to
change when it is replaced, and the ledger judged them true. Appboy-era SDKs:

- npm ``appboy-web-sdk``, ``@braze/web-sdk-core``, ``@braze/web-sdk-no-amd`` (deprecated in
  favour of ``@braze/web-sdk``, facts §7), ``@braze/web-sdk`` before 4.0 (the ``appboy``
  namespace, renamed ``braze`` in 4.0), ``react-native-appboy-sdk``;
- pods ``Appboy-iOS-SDK`` / ``Appboy-tvOS-SDK`` / ``AppboyKit`` / ``AppboyUI`` /
  ``AppboyPushStory`` (the unsupported AppboyKit, facts §11);
- the SDK modules of Maven group ``com.appboy`` (``android-sdk-ui``, ``-base`` …; Braze
  Android SDK 24 moved the ``com.appboy.*`` classes to
  ``com.braze.*``, and 25 publishes ``com.braze:android-sdk-ui`` on Maven Central: Braze
  Android changelog, quoted in mparticle-integrations/mparticle-android-integration-appboy
  PRs #123 and #133);
- ``braze_plugin`` (Flutter) before 3.0.0 and ``@braze/react-native-sdk`` before 2.0.0,
  whose iOS bridge was AppboyKit (their changelogs: "In version 3.0.0 / 2.0.0, we changed
  the iOS bridge from AppboyKit … to the new Swift SDK").

Replacements are the names the SDK really has: Web SDK 3.0 removed the ``appboy.ab``
namespace (its members moved to ``appboy.*``) and renamed ``InAppMessage.Button`` to
``InAppMessageButton`` (Braze Web SDK changelog 3.0.0, quoted by
github.com/mparticle-integrations/mparticle-javascript-integration-braze README); v4 renamed
the global to ``braze`` (braze-facts.md §11).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from brazelint.braze.sdk import is_braze_receiver
from brazelint.facts import Call, ConfigEntry, FileFacts, Span
from brazelint.findings import Finding
from brazelint.languages import SDK_LANGUAGES, Language
from brazelint.rule import FileRule

#: Web code: JavaScript and TypeScript, and HTML templates' inline scripts (LIQUID facts
#: hold them: frontends/liquid.py), where HTML in-app messages call ``appboyBridge``.
_JS = frozenset({Language.JAVASCRIPT, Language.TYPESCRIPT, Language.TSX, Language.LIQUID})
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

#: Web SDK 3.0 renames inside the removed ``appboy.ab`` namespace (the rest kept its name).
_AB_RENAMES = {("InAppMessage", "Button"): "InAppMessageButton"}

#: Names a test double or an assertion library chains onto whatever it stubs or checks
#: (sinon, chai, jest, jasmine): a chain holding one is a test's check, not an SDK call.
_TEST_DOUBLE_NAMES = frozenset(
    {
        "withArgs",
        "calledOnce",
        "calledWith",
        "calledWithExactly",
        "callCount",
        "callsFake",
        "returns",
        "resolves",
        "rejects",
        "restore",
        "getCall",
        "onCall",
        "should",
        "expect",
        "mockReturnValue",
        "mockResolvedValue",
        "mockImplementation",
        "mockClear",
        "mockReset",
        "toHaveBeenCalled",
        "toHaveBeenCalledWith",
        "and",
        "callThrough",
        "returnValue",
        "spy",
        "stub",
    }
)

#: Packages the Appboy Android SDK published under ``com.appboy`` (its own code, as opposed
#: to an app or plugin whose package happens to start with ``com.appboy``).
_SDK_PACKAGES = frozenset(
    {
        "enums",
        "models",
        "events",
        "ui",
        "configuration",
        "push",
        "support",
        "services",
        "receivers",
        "lrucache",
        "location",
        "constants",
        "images",
        "wear",
        "unity",
        "managers",
        "storage",
    }
)
_PACKAGE_LINE = re.compile(r"^\s*package\s+([A-Za-z_][\w.]{0,200})")

#: Folder names of iOS test bundles (``MyAppTests``, ``MyAppUITests``).
_TEST_BUNDLE_SUFFIXES = ("Tests", "Test")

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


#: The class prefix Appboy's iOS SDK reserved for its own classes (``ABKInAppMessage``,
#: ``ABKNewsFeedTableViewController``): a file that defines such a class is the SDK's own
#: source. Apps subclass them under their own names, which stay checked.
_APPBOY_OWN_PREFIX = "ABK"


class LegacySdkApi(FileRule):
    id = "BRZ703"
    # Besides the Appboy names, manifests pin old versions of packages named braze.
    keywords = rb"appboy|web-sdk-core|web-sdk-no-amd|braze_plugin|@braze/"
    languages = (SDK_LANGUAGES - {Language.DART}) | {
        Language.LIQUID,
        Language.ANDROID_XML,
        Language.PLIST,
        Language.MANIFEST,
    }

    @classmethod
    def prefilter_clauses(cls, language: Language, suffix: str | None = None) -> tuple[bytes, ...]:
        if language is Language.MANIFEST:
            return (cls.keywords,)
        # Elsewhere only the Appboy names are reported: a file that imports the current
        # `@braze/…` packages is not read for this rule.
        return (rb"appboy|web-sdk-core|web-sdk-no-amd",)

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        language = facts.language
        if language in _JS:
            yield from self._web(facts)
        elif language in (Language.SWIFT, Language.OBJECTIVE_C):
            yield from self._ios(facts)
        elif language in _JVM:
            if facts.path.endswith(".gradle.kts"):
                yield from self._manifest(facts, _kotlin_script_dependencies(facts))
                return  # a build script: its strings are coordinates, not SDK calls
            yield from self._android(facts)
        elif language is Language.ANDROID_XML:
            yield from self._android_xml(facts)
        elif language is Language.PLIST:
            yield from self._plist(facts)
        elif language is Language.MANIFEST:
            yield from self._manifest(facts)

    def _report(
        self, facts: FileFacts, span: Span, legacy: str, modern: str, shown: str = ""
    ) -> Finding:
        """``shown`` is the call as written, when it reads better than ``legacy`` (which
        stays the fingerprint key, so that the wording can improve without moving it)."""
        return self.finding(
            facts.path,
            span,
            f"{shown or legacy} is the Appboy-era SDK API, deprecated or removed in current "
            f"Braze SDKs; use {modern}",
            fingerprint_key=legacy,
        )

    # --- Web / React Native ----------------------------------------------------------------

    def _web(self, facts: FileFacts) -> Iterator[Finding]:
        statements: set[tuple[int, int, str]] = set()
        for item in facts.imports:
            modern = _LEGACY_JS_PACKAGES.get(item.module)
            statement = (item.span.line, item.span.col, item.module)
            if modern is not None and statement not in statements:
                statements.add(statement)
                yield self._report(facts, item.span, f'the package "{item.module}"', f'"{modern}"')
        definitions = [a.span for a in facts.assignments if _defines_sdk_member(a.target)]
        legacy = [
            (call, found)
            for call in facts.calls
            # The bindings say the receiver is not the SDK (a test double, another package).
            if call.sdk is not False
            and (found := _legacy_web_call(call)) is not None
            and not any(_within(call.span, span) for span in definitions)
        ]
        for call, (written, modern) in _outermost(legacy):
            shown = _as_written(facts, call)
            if (
                shown
                and shown.startswith("appboy.")
                and modern.startswith("braze.")
                and (modern.endswith(" from @braze/web-sdk"))
            ):
                # `appboy.getUser().setEmail()` → `braze.getUser().setEmail()`, calls kept.
                modern = "braze." + shown.removeprefix("appboy.") + " from @braze/web-sdk"
            yield self._report(facts, call.name_span or call.span, written, modern, shown)
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
        if any(cls.name.startswith(_APPBOY_OWN_PREFIX) for cls in facts.classes):
            return  # the Appboy SDK's own sources (AppboyUI) implementing it, not a use of it
        for item in facts.imports:
            modern = _IOS_MODULES.get(item.module)
            if modern is not None:
                yield self._report(facts, item.span, f"import {item.module}", f"import {modern}")
        for call in facts.calls:
            if call.chain[:1] != ("Appboy",) or len(call.chain) != 2 or call.sdk is False:
                continue
            if call.name in ("sharedInstance", "unsafeInstance"):
                modern = "the `Braze` instance you keep (e.g. `AppDelegate.braze`)"
            else:
                modern = "`Braze(configuration: Braze.Configuration(apiKey:endpoint:))`"
            yield self._report(facts, call.name_span or call.span, f"Appboy.{call.name}()", modern)

    def _plist(self, facts: FileFacts) -> Iterator[Finding]:
        if _in_test_bundle(facts.path):
            return  # the SDK reads the main bundle's Info.plist, never a test bundle's
        entries = [entry for entry in facts.config if entry.key.startswith("Appboy.")]
        if not entries:
            return
        keys = sorted({entry.key.removeprefix("Appboy.").split(".", 1)[0] for entry in entries})
        shown = ", ".join(f"`{key}`" for key in keys[:5]) + (" …" if len(keys) > 5 else "")
        yield self._report(
            facts,
            entries[0].span,
            f"the Info.plist `Appboy` dictionary ({shown})",
            "the `Braze` dictionary with the same keys",
        )

    # --- dependency manifests --------------------------------------------------------------

    def _manifest(
        self, facts: FileFacts, entries: Iterable[ConfigEntry] | None = None
    ) -> Iterator[Finding]:
        for entry in facts.config if entries is None else entries:
            found = _legacy_dependency(entry)
            if found is None:
                continue
            bridge, modern = found
            ecosystem, _, name = entry.key.partition(":")
            pinned = f"`{name}` {entry.value}".rstrip() if entry.value else f"`{name}`"
            where = f"{pinned} ({_ECOSYSTEMS[ecosystem]})"
            if entry.origin_path is not None:  # the manifest names no version; the lock does
                where = f"{pinned} ({_ECOSYSTEMS[ecosystem]}, as `{entry.origin_path}` installs it)"
            if bridge:
                message = (
                    f"the project depends on {where}, whose iOS side is the unsupported "
                    f"Appboy iOS SDK (AppboyKit); move to {modern}"
                )
            else:
                message = (
                    f"the project depends on the Appboy-era SDK {where}; its API is deprecated "
                    "or removed in current Braze SDKs and every call written for it has to "
                    f"change when it is replaced: move to {modern}"
                )
            yield self.finding(facts.path, entry.span, message, fingerprint_key=entry.key)

    # --- Android ---------------------------------------------------------------------------

    def _android(self, facts: FileFacts) -> Iterator[Finding]:
        statements: set[tuple[int, int]] = set()
        own = _own_appboy_family(facts)
        for item in facts.imports:
            if item.module != "com.appboy" and not item.module.startswith("com.appboy."):
                continue
            if own is not None and item.module.split(".")[2:3] == [own]:
                continue  # the app's own com.appboy.<name> package, not the SDK
            if (item.span.line, item.span.col) in statements:
                continue
            statements.add((item.span.line, item.span.col))
            name = item.name if item.name not in (None, "*") else None
            modern = _ANDROID_CLASSES.get(name or "", "the matching class under `com.braze`")
            written = f"{item.module}.{name}" if name else item.module
            yield self._report(facts, item.span, f"import {written}", modern)
        legacy: list[tuple[Call, tuple[str, str]]] = []
        for call in facts.calls:
            if call.sdk is False:
                continue  # the bindings say the receiver is not the SDK
            root = call.chain[0] if call.chain else ""
            if root in _ANDROID_CLASSES and len(call.chain) <= 2:
                legacy.append((call, (".".join(call.chain), _modern(call))))
            elif call.name == "registerAppboyPushMessages":
                modern = (
                    "`Braze.getInstance(context).registeredPushToken = token` (Java: "
                    "`setRegisteredPushToken(token)`)"
                )
                legacy.append((call, ("registerAppboyPushMessages()", modern)))
        # `Appboy.getInstance(c).registerAppboyPushMessages(t)` is one call to migrate.
        for call, found in _outermost(legacy):
            yield self._report(facts, call.name_span or call.span, *found)

    def _android_xml(self, facts: FileFacts) -> Iterator[Finding]:
        for entry in facts.config:
            if entry.key.startswith("com_appboy_"):
                modern = "com_braze_" + entry.key.removeprefix("com_appboy_")
                yield self._report(
                    facts, entry.span, f"the setting {entry.key}", f"{modern} (in braze.xml)"
                )


_ECOSYSTEMS = {"npm": "npm", "pod": "CocoaPods", "maven": "Gradle", "pub": "pub"}
_LEGACY_PODS = ("Appboy-iOS-SDK", "Appboy-tvOS-SDK", "AppboyKit", "AppboyUI", "AppboyPushStory")
_FIRST_NUMBER = re.compile(r"(\d{1,6})(?:\.\d|\b)")


#: A Maven coordinate written as one string (``"com.appboy:android-sdk-ui:19.0.0"``).
_COORDINATE = re.compile(
    r"([A-Za-z0-9_.\-]{1,200}):([A-Za-z0-9_.\-]{1,200}):([^:@\s]{1,100})(?:@\w+)?"
)


def _kotlin_script_dependencies(facts: FileFacts) -> Iterator[ConfigEntry]:
    """The dependencies a Kotlin Gradle script (``build.gradle.kts``) declares as
    coordinate strings (``implementation("com.appboy:android-sdk-ui:19.0.0")``), as the
    manifest frontend gives them for Groovy scripts."""
    for literal in facts.strings:
        found = _COORDINATE.fullmatch(literal.text)
        if found is not None and not literal.is_template:
            group, artifact, version = found.groups()
            yield ConfigEntry(
                f"maven:{group}:{artifact}", version, literal.span, literal.content_span
            )


def _major(version: str) -> int | None:
    """The major version a spec pins (``^1.6.12`` → 1, ``~> 4.5`` → 4), or None when it
    pins none that can be read (``any``, ``latest``, ``${x}``, a range written with ``||``)."""
    if "||" in version or "$" in version:
        return None
    found = _FIRST_NUMBER.search(version)
    return int(found.group(1)) if found is not None else None


def _legacy_dependency(entry: ConfigEntry) -> tuple[bool, str] | None:
    """For an Appboy-era SDK dependency: whether only its iOS bridge is Appboy-era, and
    what replaces it. None for any other dependency."""
    ecosystem, _, name = entry.key.partition(":")
    major = _major(entry.value)
    old = major is not None
    if ecosystem == "npm":
        if name in _LEGACY_JS_PACKAGES:
            return False, f'"{_LEGACY_JS_PACKAGES[name]}"'
        if name == "@braze/web-sdk" and old and major < 4:
            return False, '"@braze/web-sdk" 4 or later, where the `appboy` namespace became `braze`'
        if name == "@braze/react-native-sdk" and old and major < 2:
            return True, '"@braze/react-native-sdk" 2.0.0 or later, which bridges to the Swift SDK'
    elif ecosystem == "pod":
        if name.split("/", 1)[0] in _LEGACY_PODS:
            return False, "BrazeKit / BrazeUI from braze-swift-sdk"
    elif ecosystem == "maven":
        group, _, artifact = name.partition(":")
        # The SDK's own modules only: other artifacts of the group (integrations such as
        # appboy-segment-integration) were not republished under that name.
        if group == "com.appboy" and artifact.startswith("android-sdk-"):
            return False, f"`com.braze:{artifact}` (Maven Central), with the `com.braze.*` classes"
    elif ecosystem == "pub" and name == "braze_plugin" and old and major < 3:
        return True, "`braze_plugin` 3.0.0 or later, which bridges to the Swift SDK"
    return None


def _modern(call: Call) -> str:
    root = call.chain[0]
    modern = _ANDROID_CLASSES[root]
    short = modern.rsplit(".", 1)[-1]
    rest = call.chain[1:]
    return f"{short}{'.' + '.'.join(rest) if rest else ''} ({modern})"


_ARGUMENTS = re.compile(r"\((?:[^()]|\([^()]*\))*\)")


def _as_written(facts: FileFacts, call: Call) -> str:
    """The callee as written on its line, arguments dropped (``appboy.getUser().setEmail()``
    for ``window.appboy.getUser().setEmail(traits.email)``), or "" when it spans lines or
    reads oddly."""
    name = call.name_span
    if name is None or name.line != call.span.line or not 0 < name.line <= len(facts.lines):
        return ""
    text = facts.lines[name.line - 1][call.span.col - 1 : name.end_col - 1]
    if text.startswith("new "):
        text = text[4:]
    text = _ARGUMENTS.sub("()", text).replace(" ", "").removeprefix("window.")
    if not re.fullmatch(r"[A-Za-z_$][\w$]*(?:\(\))?(?:\.[A-Za-z_$][\w$]*(?:\(\))?)*", text):
        return ""
    return text + "()"


def _within(inner: Span, outer: Span) -> bool:
    starts_inside = (outer.line, outer.col) <= (inner.line, inner.col)
    return starts_inside and (inner.end_line, inner.end_col) <= (outer.end_line, outer.end_col)


def _defines_sdk_member(target: tuple[str, ...]) -> bool:
    """``appboy.getUser = …`` / ``window.appboy.x = …``: code that builds the global."""
    if target[:1] == ("window",):
        target = target[1:]
    return len(target) >= 2 and target[0] == "appboy"


def _outermost(
    calls: list[tuple[Call, tuple[str, str]]],
) -> Iterator[tuple[Call, tuple[str, str]]]:
    """The calls that are not the receiver of another one in the list: of
    ``appboy.getUser().setEmail(x)`` only the ``setEmail`` call, which starts where its
    receiver call starts and extends its chain. Calls are grouped by where they start, so
    a file of many calls is not compared pairwise."""
    by_start: dict[tuple[int, int], list[Call]] = {}
    for call, _ in calls:
        by_start.setdefault((call.span.line, call.span.col), []).append(call)
    for call, found in calls:
        swallowed = any(
            other is not call
            and len(other.chain) > len(call.chain)
            and other.chain[: len(call.chain)] == call.chain
            and _within(call.span, other.span)
            for other in by_start[(call.span.line, call.span.col)]
        )
        if not swallowed:
            yield call, found


def _own_appboy_family(facts: FileFacts) -> str | None:
    """``cordova`` for a file in ``package com.appboy.cordova``: the app's own family of
    packages under ``com.appboy``, when it is none of the SDK's."""
    for line in facts.lines[:200]:
        found = _PACKAGE_LINE.match(line)
        if found is None:
            continue
        parts = found.group(1).rstrip(";").split(".")
        if parts[:2] == ["com", "appboy"] and len(parts) > 2 and parts[2] not in _SDK_PACKAGES:
            return parts[2]
        return None
    return None


def _in_test_bundle(path: str) -> bool:
    folders = path.split("/")[:-1]
    return any(folder.endswith(_TEST_BUNDLE_SUFFIXES) for folder in folders)


def _legacy_web_call(call: Call) -> tuple[str, str] | None:
    chain = call.chain
    if chain[:1] == ("window",):
        chain = chain[1:]
    if not chain or any(part in _TEST_DOUBLE_NAMES for part in chain[1:]):
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
    if chain[1] == "ab" and len(chain) > 2:
        members = chain[2:]
        for old, new in _AB_RENAMES.items():
            if members[: len(old)] == old:
                members = (new, *members[len(old) :])
        modern = ".".join(members)
        moved = "Web SDK 3 moved `appboy.ab.*` to `appboy.*`, v4 to `braze.*`"
        return written, f"braze.{modern}() ({moved})"
    if chain[1] == "display":
        return written, "braze." + call.name + "() (the `display` namespace is gone)"
    return written, "braze." + ".".join(chain[1:]) + "() from @braze/web-sdk"
