"""BRZ702 push-token-not-registered: the app obtains a push token but never hands it to
Braze, so Braze cannot send it push (braze-facts.md §9).

Project-wide, because the pieces usually live in different files:

- iOS: some Swift file calls ``registerForRemoteNotifications()`` and implements
  ``application(_:didRegisterForRemoteNotificationsWithDeviceToken:)``, while no file calls
  ``braze.notifications.register(deviceToken:)`` (or the legacy ``registerDeviceToken``) and
  no file turns on ``configuration.push.automation``. Reported on the delegate method.
- Android: a ``FirebaseMessagingService`` subclass overrides ``onNewToken`` while no file
  sets ``registeredPushToken`` / calls ``setRegisteredPushToken`` (or the legacy
  ``registerAppboyPushMessages`` / ``registerPushToken``), and the project does not turn on
  automatic registration (``com_braze_firebase_cloud_messaging_registration_enabled`` or its
  ``com_appboy_`` form set to true, ``setIsFirebaseCloudMessagingRegistrationEnabled(true)``).
  Subclasses of ``BrazeFirebaseMessagingService`` are Braze's own. Reported on
  ``onNewToken``.

Each side is judged only when a file holding one of the pieces also shows Braze (imports
BrazeKit / ``com.braze``, calls ``Braze(…)``, or has ``com_braze_*`` settings), so apps
using another push provider are left alone. Registration anywhere in the project counts, so
a helper that forwards the token is fine.
"""

from __future__ import annotations

from collections.abc import Iterator

from brazelint.braze.sdk import is_braze_receiver
from brazelint.facts import FileFacts, ProjectFacts, ValueKind, view_of
from brazelint.findings import Finding
from brazelint.languages import Language
from brazelint.rule import ProjectRule

_DID_REGISTER = "application(_:didRegisterForRemoteNotificationsWithDeviceToken:)"
_ON_NEW_TOKEN = "onNewToken"
_MESSAGING_SERVICE = "FirebaseMessagingService"
_REQUEST_TOKEN = "registerForRemoteNotifications"
_IOS_REGISTER = "register"
_IOS_LEGACY_REGISTER = "registerDeviceToken"
_AUTO_FCM_SETTER = "setIsFirebaseCloudMessagingRegistrationEnabled"
_AUTO_FCM_PROPERTY = ("isFirebaseCloudMessagingRegistrationEnabled",)
_ANDROID_TOKEN_PROPERTY = ("registeredPushToken",)
_IOS_AUTOMATION = ("push", "automation")
_BRAZE_SETTING_PREFIXES = ("com_braze_", "com_appboy_")
_BRAZE_PACKAGES = ("com.braze", "com.appboy")
_BRAZE_ROOT = ("Braze",)
_IOS_BRAZE_MODULES = frozenset({"BrazeKit", "BrazeUI", "AppboyKit", "Appboy_iOS_SDK", "AppboyUI"})
_AUTO_FCM_KEYS = frozenset(
    {
        "com_braze_firebase_cloud_messaging_registration_enabled",
        "com_appboy_firebase_cloud_messaging_registration_enabled",
    }
)
_ANDROID_TOKEN_SETTERS = frozenset(
    {"setRegisteredPushToken", "registerAppboyPushMessages", "registerPushToken"}
)
_JVM = frozenset({Language.KOTLIN, Language.JAVA})


class PushTokenNotRegistered(ProjectRule):
    id = "BRZ702"
    # Only files that can hold a piece of the puzzle: project rules make every matching
    # file of the repository parse, so plain Braze code (``changeUser``) must not match.
    keywords = (
        rb"RemoteNotifications|deviceToken|push\.automation|onNewToken|PushToken|"
        rb"PushMessages|firebase_cloud_messaging|FirebaseCloudMessaging"
    )
    languages = frozenset({Language.SWIFT, Language.KOTLIN, Language.JAVA})

    def check_project(self, project: ProjectFacts) -> Iterator[Finding]:
        swift = [f for f in project.files if f.language is Language.SWIFT]
        jvm = [f for f in project.files if f.language in _JVM]
        yield from self._ios(project, swift)
        yield from self._android(project, jvm)

    def project_view(self, facts: FileFacts) -> FileFacts | None:
        """The pieces the checks below look for: Braze imports and settings, the token
        calls and assignments, the delegate method and the messaging services."""
        config = tuple(e for e in facts.config if e.key.startswith(_BRAZE_SETTING_PREFIXES))
        if facts.language not in self.languages:
            # Android resource settings say whether the app uses Braze and registers
            # tokens automatically.
            return view_of(facts, config=config) if config else None
        return view_of(
            facts,
            config=config,
            imports=tuple(i for i in facts.imports if _braze_module(i.module)),
            calls=tuple(c for c in facts.calls if _token_call(c.name, c.chain)),
            assignments=tuple(a for a in facts.assignments if _token_target(a.target)),
            functions=tuple(
                f for f in facts.functions if f.name in (_DID_REGISTER, _ON_NEW_TOKEN)
            ),
            classes=tuple(
                c for c in facts.classes if _MESSAGING_SERVICE in c.bases
            ),
        )

    # --- iOS ------------------------------------------------------------------------------

    def _ios(self, project: ProjectFacts, files: list[FileFacts]) -> Iterator[Finding]:
        if not any(_uses_braze_ios(f) for f in files):
            return
        requests_token = any(
            call.name == _REQUEST_TOKEN for f in files for call in f.calls
        )
        if not requests_token or any(_registers_ios_token(f) for f in files):
            return
        for facts in files:
            if not project.is_reportable(facts.path):
                continue
            for function in facts.functions:
                if function.name != _DID_REGISTER:
                    continue
                yield self.finding(
                    facts.path,
                    function.span,
                    "the app asks iOS for a push token but never gives it to Braze: call "
                    "`braze.notifications.register(deviceToken: deviceToken)` here, or set "
                    "`configuration.push.automation = true`; without the token Braze cannot "
                    "send this device push notifications",
                    fingerprint_key="ios",
                )

    # --- Android --------------------------------------------------------------------------

    def _android(self, project: ProjectFacts, files: list[FileFacts]) -> Iterator[Finding]:
        if not any(_uses_braze_android(f) for f in project.files):
            return
        if any(_registers_android_token(f) for f in files):
            return
        if any(_automatic_fcm(f) for f in project.files):
            return
        for facts in files:
            if not project.is_reportable(facts.path):
                continue
            services = {c.name for c in facts.classes if _MESSAGING_SERVICE in c.bases}
            for function in facts.functions:
                if function.name != _ON_NEW_TOKEN or function.class_name not in services:
                    continue
                yield self.finding(
                    facts.path,
                    function.span,
                    "this FirebaseMessagingService receives new FCM tokens but never gives "
                    "them to Braze: set `Braze.getInstance(this).registeredPushToken = token` "
                    "(Java: `setRegisteredPushToken(token)`) or enable "
                    "`com_braze_firebase_cloud_messaging_registration_enabled`; without the "
                    "token Braze cannot send this device push notifications",
                    fingerprint_key="android",
                )


#: Every call name the checks below look at (for ``project_view``).
_TOKEN_CALLS = frozenset(
    {_REQUEST_TOKEN, _IOS_LEGACY_REGISTER, _IOS_REGISTER, _AUTO_FCM_SETTER}
    | _ANDROID_TOKEN_SETTERS
)


def _braze_module(module: str) -> bool:
    return module in _IOS_BRAZE_MODULES or module.startswith(_BRAZE_PACKAGES)


def _token_call(name: str, chain: tuple[str, ...]) -> bool:
    return name in _TOKEN_CALLS or chain[:1] == _BRAZE_ROOT


def _token_target(target: tuple[str, ...]) -> bool:
    return target[-2:] == _IOS_AUTOMATION or target[-1:] in (
        _ANDROID_TOKEN_PROPERTY,
        _AUTO_FCM_PROPERTY,
    )


def _uses_braze_ios(facts: FileFacts) -> bool:
    return any(item.module in _IOS_BRAZE_MODULES for item in facts.imports) or any(
        call.chain[:1] == _BRAZE_ROOT for call in facts.calls
    )


def _registers_ios_token(facts: FileFacts) -> bool:
    for call in facts.calls:
        if call.name == _IOS_LEGACY_REGISTER and is_braze_receiver(call):
            return True
        if (
            call.name == _IOS_REGISTER
            and "notifications" in call.chain
            and any(a.label == "deviceToken" for a in call.args)
        ):
            return True
    for assignment in facts.assignments:
        if assignment.target[-2:] == _IOS_AUTOMATION:
            value = assignment.value
            if not (value.kind is ValueKind.BOOL and value.text == "false"):
                return True
    return False


def _uses_braze_android(facts: FileFacts) -> bool:
    if facts.language is Language.ANDROID_XML:
        return any(e.key.startswith(_BRAZE_SETTING_PREFIXES) for e in facts.config)
    return any(item.module.startswith(_BRAZE_PACKAGES) for item in facts.imports)


def _registers_android_token(facts: FileFacts) -> bool:
    if any(a.target[-1:] == _ANDROID_TOKEN_PROPERTY for a in facts.assignments):
        return True
    return any(call.name in _ANDROID_TOKEN_SETTERS for call in facts.calls)


def _automatic_fcm(facts: FileFacts) -> bool:
    for entry in facts.config:
        if entry.key in _AUTO_FCM_KEYS and entry.value.strip().lower() == "true":
            return True
    for call in facts.calls:
        if call.name == _AUTO_FCM_SETTER:
            value = call.arg(0)
            if value is not None and value.kind is ValueKind.BOOL and value.text == "true":
                return True
    return any(
        a.target[-1:] == _AUTO_FCM_PROPERTY
        and a.value.kind is ValueKind.BOOL
        and a.value.text == "true"
        for a in facts.assignments
    )
