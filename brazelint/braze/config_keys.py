"""Configuration keys the Braze SDKs read from app resources, for BRZ205.

Android (``res/values/braze.xml``; ``com_appboy_*`` is the legacy spelling of the same keys,
braze-facts.md §7): the keys ``BrazeConfigurationProvider`` of the Android SDK reads
(``getStringValue("com_braze_custom_endpoint", …)`` and its siblings, read from the
published SDK, android-sdk-base), plus the ones Braze's docs name (§7, §9). iOS (Info.plist
``Braze`` / legacy ``Appboy`` dictionary): the keys the Swift SDK's compatibility layer
reads (§7, gh:braze-swift-sdk/Sources/BrazeKitCompat/_ABKBRZCompat.m), plus the keys
Braze's Expo adapter reads from the same dictionary (gh:braze-inc/braze-expo-plugin
plugin/ios/ExpoAdapterBraze/BrazeAppDelegate.swift: ``EnableGeofence``, ``TriggerInterval``
…). Legacy Appboy Android keys that no current SDK reads (``push_gcm_*``) are known too: a
real key is never a misspelling.

The lists are not complete (the SDKs have more keys, and the UI modules their own), so a
key missing from them is only reported when it is a near miss of one of them.
"""

from __future__ import annotations

#: Android keys without their ``com_braze_`` / ``com_appboy_`` prefix.
ANDROID_KEYS = frozenset(
    {
        "api_key",
        "custom_endpoint",
        "server_target",
        "session_timeout",
        "session_start_based_timeout_enabled",
        "logger_initial_log_level",
        "enable_location_collection",
        "geofences_enabled",
        "automatic_geofence_requests_enabled",
        "custom_location_providers_list",
        "firebase_cloud_messaging_registration_enabled",
        "firebase_cloud_messaging_sender_id",
        "fallback_firebase_cloud_messaging_service_enabled",
        "fallback_firebase_cloud_messaging_service_classpath",
        "push_adm_messaging_registration_enabled",
        "push_gcm_messaging_registration_enabled",
        "push_gcm_sender_id",
        "newsfeed_unread_visual_indicator_on",
        "handle_push_deep_links_automatically",
        "push_deep_link_back_stack_activity_enabled",
        "push_deep_link_back_stack_activity_class_name",
        "push_small_notification_icon",
        "push_large_notification_icon",
        "default_notification_accent_color",
        "default_notification_channel_name",
        "default_notification_channel_description",
        "push_notification_html_rendering_enabled",
        "push_wake_screen_for_notification_enabled",
        "does_push_story_dismiss_on_click",
        "optin_when_push_authorized",
        "enable_delayed_initialization",
        "delayed_initialization_analytics_behavior",
        "sdk_authentication_enabled",
        "sdk_flavor",
        "sdk_metadata",
        "internal_sdk_metadata",
        "device_object_whitelisting_enabled",
        "device_object_whitelist",
        "ephemeral_events_enabled",
        "ephemeral_events_keys",
        "trigger_action_minimum_time_interval_seconds",
        "content_cards_unread_visual_indicator_enabled",
        "custom_html_webview_activity_class_name",
        "in_app_message_webview_client_max_onpagefinished_wait_ms",
        "in_app_message_add_status_bar_padding",
        "in_app_message_push_test_eager_display_enabled",
        "device_in_app_message_accessibility_exclusive_mode_enabled",
        "html_in_app_message_apply_insets",
        "html_in_app_message_enable_html_link_target",
        "require_touch_mode_for_html_in_app_messages",
        "use_activity_window_flag_secure",
    }
)

ANDROID_PREFIXES = ("com_braze_", "com_appboy_")

#: Info.plist keys of the ``Braze`` / ``Appboy`` dictionary (case-sensitive, like plists).
PLIST_KEYS = frozenset(
    {
        "Endpoint",
        "LogLevel",
        "SessionTimeout",
        "EnableAutomaticLocationCollection",
        "EnableGeofences",
        "DisableAutomaticGeofenceRequests",
        "EphemeralEvents",
        "PushStoryAppGroup",
        "DismissModalOnOutsideTap",
        "EnableSDKAuthentication",
        # Read by Braze's Expo adapter.
        "ApiKey",
        "BrazePushStoryAppGroup",
        "EnableAutomaticGeofenceRequests",
        "EnableGeofence",
        "EnableSDKAuth",
        "ForwardUniversalLinks",
        "RequestPushPermissionsAutomatically",
        "TriggerInterval",
        "UseBrazePush",
        "UseUUIDAsDeviceId",
    }
)

PLIST_DICTIONARIES = ("Braze", "Appboy")


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with adjacent transpositions, or ``limit + 1`` once it is
    certainly above ``limit`` (keys are short; the bound keeps a long junk name cheap)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                i > 1
                and j > 1
                and char_a == b[j - 2]
                and a[i - 2] == char_b
                and previous_previous
            ):
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


def near_miss(word: str, known: frozenset[str]) -> str | None:
    """The one known key ``word`` is a misspelling of: one edit away (a transposition is
    one edit), or the same key in another case or with ``-`` for ``_``. None when ``word``
    is known, farther from every key, or as close to two keys (then it is not a clear
    typo). One edit, not two: real keys the lists lack differ from known ones by more
    (``push_gcm_…`` from ``push_adm_…`` by two), and the ledger showed them."""
    if word in known:
        return None
    folded = {key.lower().replace("-", "_"): key for key in known}
    same = folded.get(word.lower().replace("-", "_"))
    if same is not None:
        return same
    limit = 1
    scored = sorted(
        (distance, key)
        for key in known
        if (distance := edit_distance(word.lower(), key.lower(), limit)) <= limit
    )
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]
