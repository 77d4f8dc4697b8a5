"""Unit tests for the identity (BRZ302/304/305) and data-model (BRZ402/403/404) rules and
the Braze knowledge they share. The annotated fixtures in tests/fixtures/identity-* and
tests/fixtures/datamodel-* cover each rule in every language; these pin exact messages,
boundaries and the shared helpers."""

from __future__ import annotations

from brazelint.braze.currencies import SDK_CURRENCY_CODES, is_accepted_currency
from brazelint.braze.sdk import Platform, sdk_platform
from brazelint.frontends import frontend_for
from brazelint.languages import Language
from brazelint.resolve import finish
from brazelint.rules.brz403_invalid_name import name_problem


def _facts(name: str, text: str, language: Language):
    return finish(frontend_for(language).parse(name, text, language), text)


def test_currency_list_is_the_sdk_list() -> None:
    assert len(SDK_CURRENCY_CODES) == 171
    assert {"KRW", "BTC", "SGD", "BRL", "VEF", "JEP"} <= SDK_CURRENCY_CODES
    assert "WON" not in SDK_CURRENCY_CODES
    assert "SPD" not in SDK_CURRENCY_CODES  # the docs' typo
    assert is_accepted_currency("usd")
    assert not is_accepted_currency(" USD")
    assert not is_accepted_currency("")


def test_sdk_platform_tells_react_native_from_web() -> None:
    rn = _facts(
        "a.tsx",
        'import Braze from "@braze/react-native-sdk";\nBraze.logPurchase("a", "1", "USD", 1);\n',
        Language.TSX,
    )
    web = _facts(
        "b.ts",
        'import * as braze from "@braze/web-sdk";\nbraze.logPurchase("a", 1, "USD", 1);\n',
        Language.TYPESCRIPT,
    )
    global_web = _facts("c.js", 'window.braze.logPurchase("a", 1, "USD");\n', Language.JAVASCRIPT)
    assert [sdk_platform(rn, c) for c in rn.calls] == [Platform.REACT_NATIVE]
    assert [sdk_platform(web, c) for c in web.calls] == [Platform.WEB]
    assert [sdk_platform(global_web, c) for c in global_web.calls] == [Platform.WEB]


def test_name_problems() -> None:
    assert name_problem("") == "is empty"
    assert name_problem("   ") == "is empty"
    assert name_problem("a" * 255) is None
    assert name_problem("a" * 256) == "is 256 characters long, over the limit of 255"
    assert name_problem("$add") == "starts with `$`, which Braze reserves for its own operators"
    assert name_problem("price$") is None


def test_external_id_byte_limits_per_channel(scan_tree) -> None:
    sdk_ok = "a" * 997
    sdk_bad = "é" * 499  # 998 bytes
    rest_bad = "r" * 988
    result = scan_tree(
        {
            "web.js": (
                'import * as braze from "@braze/web-sdk";\n'
                f'braze.changeUser("{sdk_ok}");\n'
                f'braze.changeUser("{sdk_bad}");\n'
            ),
            "server.mjs": (
                'import process from "node:process";\n'
                f'const body = {{ attributes: [{{ external_id: "{rest_bad}" }}] }};\n'
                'fetch("https://rest.iad-01.braze.com/users/track", '
                "{ method: 'POST', body: JSON.stringify(body) });\n"
            ),
        },
        select={"BRZ304"},
    )
    found = [(f.path, f.span.line, f.message) for f in result.findings]
    assert found == [
        (
            "server.mjs",
            2,
            "this `external_id` is 988 bytes; the REST API rejects IDs over 987 bytes "
            "(EXTERNAL_USER_ID_TOO_LARGE) and drops the object. Use a short stable ID such as "
            "your database key or a UUID",
        ),
        (
            "web.js",
            3,
            "the external ID given to changeUser() is 998 bytes in UTF-8 (499 characters); the "
            "SDK rejects IDs over 997 bytes and the user stays unidentified. Use a short stable "
            "ID such as your database key or a UUID",
        ),
    ]


def test_identify_too_late_message_and_related_location(scan_tree) -> None:
    result = scan_tree(
        {
            "login.js": (
                'import * as braze from "@braze/web-sdk";\n'
                "export function login(id) {\n"
                '  braze.logCustomEvent("login");\n'
                "  braze.changeUser(id);\n"
                "}\n"
            )
        },
        select={"BRZ302"},
    )
    [finding] = result.findings
    assert finding.span.line == 3
    assert finding.message == (
        "`logCustomEvent()` runs before changeUser() (line 4) in `login`, so the event lands "
        "on the anonymous or previously identified user, not the user being identified. "
        "Call changeUser() first"
    )
    assert [(r.span.line, r.message) for r in finding.related] == [
        (4, "changeUser() is called here")
    ]


def test_invalid_purchase_swap_is_reported_once(scan_tree) -> None:
    result = scan_tree(
        {
            "pay.js": (
                'import * as braze from "@braze/web-sdk";\n'
                'braze.logPurchase("sku", "USD", "9.99", 0);\n'
            )
        },
        select={"BRZ402"},
    )
    assert [f.message for f in result.findings] == [
        'price and currency are swapped: `"USD"` is in the price position and `9.99` in the '
        "currency position. The Web SDK's order is logPurchase(productId, price, currencyCode, "
        "quantity, properties)"
    ]


def test_react_native_subscription_spelling(scan_tree) -> None:
    result = scan_tree(
        {
            "consent.tsx": (
                'import Braze from "@braze/react-native-sdk";\n'
                'Braze.setEmailNotificationSubscriptionType("opted_in");\n'
                'Braze.setEmailNotificationSubscriptionType("optedin");\n'
            )
        },
        select={"BRZ404"},
    )
    assert [(f.span.line, f.message) for f in result.findings] == [
        (
            2,
            "the React Native SDK's setEmailNotificationSubscriptionType does not accept "
            "\"opted_in\" (React Native spells it 'optedin', without the underscore); use "
            "'optedin', 'subscribed', 'unsubscribed' or "
            "Braze.NotificationSubscriptionTypes.OPTED_IN/SUBSCRIBED/UNSUBSCRIBED",
        )
    ]
