"""Rules' fixes, applied the way ``--fix`` applies them: the rule's fixes on a scratch file,
round after round until none is left. Each case checks the text after the fix, that fixing
the result changes nothing, and that CRLF line ends and non-ASCII text survive."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from brazelint.catalog import load_catalog
from brazelint.cli import main
from brazelint.engine import ScanOptions, scan
from brazelint.findings import Applicability, Finding
from brazelint.fixes import apply_fixes
from brazelint.rule import RuleSettings
from tests.conftest import run_scan
from tests.test_reporters import assert_valid_sarif


def _findings(root: Path, rule_id: str, settings: RuleSettings | None = None) -> list[Finding]:
    if settings is None:
        result = run_scan(root, root=root)
    else:
        enabled = frozenset(load_catalog())
        result = scan(ScanOptions(targets=(root,), enabled=enabled, root=root, settings=settings))
    return [f for f in result.findings if f.rule_id == rule_id and f.suppressed_by is None]


def _fix(
    root: Path,
    name: str,
    data: bytes,
    rule_id: str,
    unsafe: bool = False,
    settings: RuleSettings | None = None,
) -> bytes:
    allowed = {Applicability.SAFE, Applicability.UNSAFE} if unsafe else {Applicability.SAFE}
    target = root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    for _ in range(10):
        fixes = [
            f.fix
            for f in _findings(root, rule_id, settings)
            if f.fix is not None and f.fix.applicability in allowed
        ]
        if not fixes:
            break
        before = target.read_bytes()
        applied = apply_fixes(before, fixes)
        if applied.data == before:
            break
        target.write_bytes(applied.data)
    return target.read_bytes()


#: (rule, file name, before, after, with --unsafe-fixes)
CASES = [
    # BRZ204: plain HTTP in a string literal, in every language with string literals.
    (
        "BRZ204",
        "example.js",
        'const endpoint = "http://sdk.iad-01.braze.com";\n',
        'const endpoint = "https://sdk.iad-01.braze.com";\n',
        False,
    ),
    (
        "BRZ204",
        "example.js",
        'const greeting = "Grüße"; const endpoint = "http://sdk.iad-01.braze.com";\n',
        'const greeting = "Grüße"; const endpoint = "https://sdk.iad-01.braze.com";\n',
        False,
    ),
    (
        "BRZ204",
        "example.py",
        'import requests\n\nrequests.post("http://rest.iad-01.braze.com/users/track")\n',
        'import requests\n\nrequests.post("https://rest.iad-01.braze.com/users/track")\n',
        False,
    ),
    (
        "BRZ204",
        "example.py",
        'NOTE = "日本語"; URL = "HTTP://rest.iad-01.braze.com/users/track"\n',
        'NOTE = "日本語"; URL = "https://rest.iad-01.braze.com/users/track"\n',
        False,
    ),
    (
        "BRZ204",
        "Example.kt",
        'val endpoint = "http://sdk.iad-01.braze.com"\n',
        'val endpoint = "https://sdk.iad-01.braze.com"\n',
        False,
    ),
    (
        "BRZ204",
        "Example.kt",
        'val label = "Ünïcode → http://sdk.iad-01.braze.com"\n',
        'val label = "Ünïcode → https://sdk.iad-01.braze.com"\n',
        False,
    ),
    (
        "BRZ204",
        "Example.swift",
        'let endpoint = "http://sdk.iad-01.braze.com"\n',
        'let endpoint = "https://sdk.iad-01.braze.com"\n',
        False,
    ),
    (
        "BRZ204",
        "Example.swift",
        'let café = "☕"; let endpoint = "http://sdk.iad-01.braze.com"\n',
        'let café = "☕"; let endpoint = "https://sdk.iad-01.braze.com"\n',
        False,
    ),
    (
        "BRZ204",
        "Example.java",
        'class Setup {\n    static final String E = "http://sdk.iad-01.braze.com";\n}\n',
        'class Setup {\n    static final String E = "https://sdk.iad-01.braze.com";\n}\n',
        False,
    ),
    (
        "BRZ204",
        "example.dart",
        "const brazeEndpoint = 'http://sdk.iad-01.braze.com';\n",
        "const brazeEndpoint = 'https://sdk.iad-01.braze.com';\n",
        False,
    ),
    (
        "BRZ204",
        "example.dart",
        "const s = 'é'; const brazeEndpoint = 'http://sdk.iad-01.braze.com';\n",
        "const s = 'é'; const brazeEndpoint = 'https://sdk.iad-01.braze.com';\n",
        False,
    ),
    # Config values: fixed when the value is written as it reads.
    (
        "BRZ204",
        ".env",
        'BRAZE_REST_ENDPOINT=http://rest.iad-01.braze.com\nB="http://rest.iad-01.braze.com"\n',
        'BRAZE_REST_ENDPOINT=https://rest.iad-01.braze.com\nB="https://rest.iad-01.braze.com"\n',
        False,
    ),
    # A REST URL without a scheme: an unsafe fix, applied only with --unsafe-fixes.
    (
        "BRZ204",
        "example.py",
        'import requests\n\nrequests.post("rest.iad-01.braze.com/users/track")\n',
        'import requests\n\nrequests.post("https://rest.iad-01.braze.com/users/track")\n',
        True,
    ),
    (
        "BRZ204",
        "example.py",
        'import requests\n\nrequests.post("rest.iad-01.braze.com/users/track")\n',
        'import requests\n\nrequests.post("rest.iad-01.braze.com/users/track")\n',
        False,
    ),
    # BRZ602: an attribute written without `${…}`.
    (
        "BRZ602",
        "example.liquid",
        "<p>Hi {{first_name}}</p>\n",
        "<p>Hi {{${first_name}}}</p>\n",
        False,
    ),
    (
        "BRZ602",
        "example.liquid",
        "<p>Grüße {{ first_name | default: 'du' }}, {{custom_attribute.plan}}</p>\n",
        "<p>Grüße {{ ${first_name} | default: 'du' }}, {{custom_attribute.${plan}}}</p>\n",
        False,
    ),
    (
        "BRZ602",
        "example.liquid",
        "<p>Hello</p>\n<p>Ça va {{{last_name}}}?</p>\n",
        "<p>Hello</p>\n<p>Ça va {{${last_name}}}?</p>\n",
        False,
    ),
    # BRZ001: the unused code, or the whole comment.
    (
        "BRZ001",
        "example.py",
        "def sync(user):\n    return user.id  # brazelint: ignore[BRZ301]\n",
        "def sync(user):\n    return user.id\n",
        False,
    ),
    (
        "BRZ001",
        "example.py",
        "import os\n\n# brazelint: ignore-next-line[BRZ401]\n"
        'NAME = "Zoë"  # brazelint: ignore[BRZ101]\n',
        'import os\n\nNAME = "Zoë"\n',
        False,
    ),
    (
        "BRZ001",
        "example.js",
        'import * as braze from "@braze/web-sdk";\n'
        'braze.logCustomEvent("purchase"); // brazelint: ignore[BRZ401, BRZ101] -- legacy\n',
        'import * as braze from "@braze/web-sdk";\n'
        'braze.logCustomEvent("purchase"); // brazelint: ignore[BRZ401] -- legacy\n',
        False,
    ),
    (
        "BRZ001",
        "example.js",
        'const ü = "é"; // brazelint: ignore[BRZ101]\n'
        "  // brazelint: ignore-next-line\n"
        'const x = 1; /* brazelint: ignore[BRZ101] */ const y = "ß";\n',
        'const ü = "é";\nconst x = 1; const y = "ß";\n',
        False,
    ),
    # BRZ205: the misspelled key's name, in braze.xml and in an Info.plist Braze dictionary.
    (
        "BRZ205",
        "res/values/braze.xml",
        '<?xml version="1.0" encoding="utf-8"?>\n<resources>\n'
        '  <string translatable="false" name="com_braze_custom_endpiont">'
        "sdk.iad-01.braze.com</string>\n</resources>\n",
        '<?xml version="1.0" encoding="utf-8"?>\n<resources>\n'
        '  <string translatable="false" name="com_braze_custom_endpoint">'
        "sdk.iad-01.braze.com</string>\n</resources>\n",
        False,
    ),
    (
        "BRZ205",
        "res/values/braze.xml",
        '<?xml version="1.0" encoding="utf-8"?>\n<resources>\n'
        "  <!-- Grüße --><bool name='com_appboy_enable_location_colection'>true</bool>"
        '<string name="com_braze_api_kay">é-key</string>\n</resources>\n',
        '<?xml version="1.0" encoding="utf-8"?>\n<resources>\n'
        "  <!-- Grüße --><bool name='com_appboy_enable_location_collection'>true</bool>"
        '<string name="com_braze_api_key">é-key</string>\n</resources>\n',
        False,
    ),
    (
        "BRZ205",
        "Info.plist",
        '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n'
        "  <key>Braze</key>\n  <dict>\n    <key>EndPoint</key>\n"
        "    <string>sdk.iad-01.braze.com</string>\n"
        "    <!-- ☕ --><key>SesionTimeout</key><integer>10</integer>\n"
        "  </dict>\n</dict>\n</plist>\n",
        '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n'
        "  <key>Braze</key>\n  <dict>\n    <key>Endpoint</key>\n"
        "    <string>sdk.iad-01.braze.com</string>\n"
        "    <!-- ☕ --><key>SessionTimeout</key><integer>10</integer>\n"
        "  </dict>\n</dict>\n</plist>\n",
        False,
    ),
    # BRZ201: the one cluster host a mistyped host stands for (unsafe: it picks a region).
    (
        "BRZ201",
        "example.js",
        'const s = "é"; braze.initialize(k, { baseUrl: "sdk.iad-1.braze.com" });\n',
        'const s = "é"; braze.initialize(k, { baseUrl: "sdk.iad-01.braze.com" });\n',
        True,
    ),
    (
        "BRZ201",
        "example.js",
        'braze.initialize(k, { baseUrl: "sdk.iad-1.braze.com" });\n',
        'braze.initialize(k, { baseUrl: "sdk.iad-1.braze.com" });\n',
        False,
    ),
    (
        "BRZ201",
        "example.ts",
        'const endpoint: string = "https://SDK.IAD01.braze.com/api/v3";\n',
        'const endpoint: string = "https://sdk.iad-01.braze.com/api/v3";\n',
        True,
    ),
    (
        "BRZ201",
        "example.tsx",
        'export const E = () => <Braze endpoint="sdk.fra-01.braze.com" label="Ünï" />;\n',
        'export const E = () => <Braze endpoint="sdk.fra-01.braze.eu" label="Ünï" />;\n',
        True,
    ),
    (
        "BRZ201",
        "example.py",
        'NOTE = "日本語"; URL = "https://rest.fra-1.braze.eu/users/track"\n',
        'NOTE = "日本語"; URL = "https://rest.fra-01.braze.eu/users/track"\n',
        True,
    ),
    (
        "BRZ201",
        "Example.swift",
        'let café = "☕"\nlet c = Braze.Configuration(apiKey: k, endpoint: "sdk.iad-10.braze.com")'
        "\n",
        'let café = "☕"\nlet c = Braze.Configuration(apiKey: k, endpoint: "sdk.us-10.braze.com")'
        "\n",
        True,
    ),
    (
        "BRZ201",
        "Example.kt",
        'val label = "Grüße"; val e = "sdk.au-1.braze.com"\n',
        'val label = "Grüße"; val e = "sdk.au-01.braze.com"\n',
        True,
    ),
    (
        "BRZ201",
        "Example.java",
        'class S {\n    static final String E = "rest.iad-01.braze.eu";\n}\n',
        'class S {\n    static final String E = "rest.iad-01.braze.com";\n}\n',
        True,
    ),
    (
        "BRZ201",
        "Example.m",
        'NSString *e = @"sdk.jp-1.braze.com"; // ☕\n',
        'NSString *e = @"sdk.jp-01.braze.com"; // ☕\n',
        True,
    ),
    (
        "BRZ201",
        "example.dart",
        "const s = 'é'; const brazeEndpoint = 'sdk.kr01.braze.com';\n",
        "const s = 'é'; const brazeEndpoint = 'sdk.kr-01.braze.com';\n",
        True,
    ),
    (
        "BRZ201",
        ".env",
        '# Zoë\nBRAZE_REST_ENDPOINT=https://rest.fra-02.braze.com\nB="sdk.iad-1.braze.com"\n',
        '# Zoë\nBRAZE_REST_ENDPOINT=https://rest.fra-02.braze.eu\nB="sdk.iad-01.braze.com"\n',
        True,
    ),
    (
        "BRZ201",
        "res/values/braze.xml",
        '<resources><!-- é --><string name="com_braze_custom_endpoint">sdk.fra-1.braze.eu'
        "</string></resources>\n",
        '<resources><!-- é --><string name="com_braze_custom_endpoint">sdk.fra-01.braze.eu'
        "</string></resources>\n",
        True,
    ),
    (
        "BRZ201",
        "Info.plist",
        '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n'
        "  <key>Braze</key>\n  <dict>\n    <key>Endpoint</key>\n"
        "    <!-- ☕ --><string>sdk.fra-02.braze.com</string>\n  </dict>\n</dict>\n</plist>\n",
        '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n'
        "  <key>Braze</key>\n  <dict>\n    <key>Endpoint</key>\n"
        "    <!-- ☕ --><string>sdk.fra-02.braze.eu</string>\n  </dict>\n</dict>\n</plist>\n",
        True,
    ),
    # BRZ404: the platform's own spelling of the state meant.
    (
        "BRZ404",
        "example.js",
        'import * as braze from "@braze/web-sdk";\nconst s = "é";\n'
        'braze.getUser().setEmailNotificationSubscriptionType("OptedIn"); // ☕\n'
        "braze.getUser().setPushNotificationSubscriptionType("
        "braze.User.NotificationSubscriptionTypes.Subscribed);\n",
        'import * as braze from "@braze/web-sdk";\nconst s = "é";\n'
        'braze.getUser().setEmailNotificationSubscriptionType("opted_in"); // ☕\n'
        "braze.getUser().setPushNotificationSubscriptionType("
        "braze.User.NotificationSubscriptionTypes.SUBSCRIBED);\n",
        False,
    ),
    (
        "BRZ404",
        "example.js",
        'import * as braze from "@braze/web-sdk";\n'
        'braze.getUser().setEmailNotificationSubscriptionType("subscribe");\n',
        'import * as braze from "@braze/web-sdk";\n'
        'braze.getUser().setEmailNotificationSubscriptionType("subscribed");\n',
        True,
    ),
    (
        "BRZ404",
        "example.js",
        'import * as braze from "@braze/web-sdk";\n'
        'braze.getUser().setEmailNotificationSubscriptionType("subscribe");\n',
        'import * as braze from "@braze/web-sdk";\n'
        'braze.getUser().setEmailNotificationSubscriptionType("subscribe");\n',
        False,
    ),
    (
        "BRZ404",
        "example.ts",
        'import * as braze from "@braze/web-sdk";\n'
        "const ü = 1; braze.getUser().setPushNotificationSubscriptionType('opted-in');\n",
        'import * as braze from "@braze/web-sdk";\n'
        "const ü = 1; braze.getUser().setPushNotificationSubscriptionType('opted_in');\n",
        False,
    ),
    (
        "BRZ404",
        "example.tsx",
        'import Braze from "@braze/react-native-sdk";\n'
        'const ß = "ß"; Braze.setEmailNotificationSubscriptionType("opted_in");\n',
        'import Braze from "@braze/react-native-sdk";\n'
        'const ß = "ß"; Braze.setEmailNotificationSubscriptionType("optedin");\n',
        False,
    ),
    (
        "BRZ404",
        "example.py",
        "import requests\n\nNOTE = '日本語'\n"
        'body = {"attributes": [{"external_id": "x", "email_subscribe": "Opted-In", '
        '"subscription_groups": [{"subscription_group_id": "g", "subscription_state": '
        '"opted_in"}]}]}\n'
        'requests.post("https://rest.iad-01.braze.com/users/track", json=body, timeout=10)\n',
        "import requests\n\nNOTE = '日本語'\n"
        'body = {"attributes": [{"external_id": "x", "email_subscribe": "opted_in", '
        '"subscription_groups": [{"subscription_group_id": "g", "subscription_state": '
        '"subscribed"}]}]}\n'
        'requests.post("https://rest.iad-01.braze.com/users/track", json=body, timeout=10)\n',
        True,
    ),
    (
        "BRZ404",
        "Example.swift",
        'import BrazeKit\n\nfunc optIn(braze: Braze) {\n  let café = "☕"\n'
        '  braze.user.set(emailSubscriptionState: "opted_in")\n'
        "  braze.user.set(pushNotificationSubscriptionState: .Unsubscribed)\n}\n",
        'import BrazeKit\n\nfunc optIn(braze: Braze) {\n  let café = "☕"\n'
        "  braze.user.set(emailSubscriptionState: .optedIn)\n"
        "  braze.user.set(pushNotificationSubscriptionState: .unsubscribed)\n}\n",
        False,
    ),
    (
        "BRZ404",
        "Example.kt",
        "import com.braze.Braze\nimport com.braze.enums.NotificationSubscriptionType\n\n"
        "fun optIn(context: Context) {\n"
        '    val note = "Grüße"; Braze.getInstance(context).currentUser?'
        '.setEmailNotificationSubscriptionType(NotificationSubscriptionType.valueOf("opted_in"))\n'
        "    Braze.getInstance(context).currentUser?.setPushNotificationSubscriptionType("
        "NotificationSubscriptionType.OptedIn)\n}\n",
        "import com.braze.Braze\nimport com.braze.enums.NotificationSubscriptionType\n\n"
        "fun optIn(context: Context) {\n"
        '    val note = "Grüße"; Braze.getInstance(context).currentUser?'
        '.setEmailNotificationSubscriptionType(NotificationSubscriptionType.valueOf("OPTED_IN"))\n'
        "    Braze.getInstance(context).currentUser?.setPushNotificationSubscriptionType("
        "NotificationSubscriptionType.OPTED_IN)\n}\n",
        False,
    ),
    (
        "BRZ404",
        "Example.java",
        "import com.braze.Braze;\nimport com.braze.enums.NotificationSubscriptionType;\n\n"
        "class Consent {\n    void optIn(Context context) {\n"
        '        String é = "é"; Braze.getInstance(context).getCurrentUser()'
        '.setPushNotificationSubscriptionType("subscribed");\n    }\n}\n',
        "import com.braze.Braze;\nimport com.braze.enums.NotificationSubscriptionType;\n\n"
        "class Consent {\n    void optIn(Context context) {\n"
        '        String é = "é"; Braze.getInstance(context).getCurrentUser()'
        ".setPushNotificationSubscriptionType(NotificationSubscriptionType.SUBSCRIBED);\n"
        "    }\n}\n",
        False,
    ),
    # BRZ402: the one accepted currency code meant (unsafe: it converts the revenue).
    (
        "BRZ402",
        "example.js",
        'import * as braze from "@braze/web-sdk";\n'
        'const s = "é"; braze.logPurchase("sku", 9.99, "EURO", 1);\n'
        'braze.logPurchase("sku", 9.99, "US$", 1); // ☕\n',
        'import * as braze from "@braze/web-sdk";\n'
        'const s = "é"; braze.logPurchase("sku", 9.99, "EUR", 1);\n'
        'braze.logPurchase("sku", 9.99, "USD", 1); // ☕\n',
        True,
    ),
    (
        "BRZ402",
        "example.js",
        'import * as braze from "@braze/web-sdk";\nbraze.logPurchase("sku", 9.99, "EURO", 1);\n',
        'import * as braze from "@braze/web-sdk";\nbraze.logPurchase("sku", 9.99, "EURO", 1);\n',
        False,
    ),
    (
        "BRZ402",
        "example.ts",
        'import * as braze from "@braze/web-sdk";\n'
        "const ü = 1; braze.logPurchase('sku', 9.99, 'GPB', 1);\n",
        'import * as braze from "@braze/web-sdk";\n'
        "const ü = 1; braze.logPurchase('sku', 9.99, 'GBP', 1);\n",
        True,
    ),
    (
        "BRZ402",
        "example.tsx",
        'import Braze from "@braze/react-native-sdk";\n'
        'const ß = "ß"; Braze.logPurchase("sku", "9.99", "€", 1);\n',
        'import Braze from "@braze/react-native-sdk";\n'
        'const ß = "ß"; Braze.logPurchase("sku", "9.99", "EUR", 1);\n',
        True,
    ),
    (
        "BRZ402",
        "example.py",
        "import requests\n\nNOTE = '日本語'\n"
        'body = {"purchases": [{"external_id": "x", "product_id": "p", "currency": "WON", '
        '"price": 12000, "time": "2026-05-17T10:00:00Z"}]}\n'
        'requests.post("https://rest.iad-01.braze.com/users/track", json=body, timeout=10)\n',
        "import requests\n\nNOTE = '日本語'\n"
        'body = {"purchases": [{"external_id": "x", "product_id": "p", "currency": "KRW", '
        '"price": 12000, "time": "2026-05-17T10:00:00Z"}]}\n'
        'requests.post("https://rest.iad-01.braze.com/users/track", json=body, timeout=10)\n',
        True,
    ),
    (
        "BRZ402",
        "Example.swift",
        'import BrazeKit\n\nfunc paid(braze: Braze, price: Double) {\n  let café = "☕"\n'
        '  braze.logPurchase(productId: "p", currency: "USDD", price: price, quantity: 1)\n}\n',
        'import BrazeKit\n\nfunc paid(braze: Braze, price: Double) {\n  let café = "☕"\n'
        '  braze.logPurchase(productId: "p", currency: "USD", price: price, quantity: 1)\n}\n',
        True,
    ),
    (
        "BRZ402",
        "Example.kt",
        "import com.braze.Braze\nimport java.math.BigDecimal\n\nfun paid(context: Context) {\n"
        '    val n = "Grüße"; Braze.getInstance(context).logPurchase("p", "RMB", '
        'BigDecimal("4.99"), 1)\n}\n',
        "import com.braze.Braze\nimport java.math.BigDecimal\n\nfun paid(context: Context) {\n"
        '    val n = "Grüße"; Braze.getInstance(context).logPurchase("p", "CNY", '
        'BigDecimal("4.99"), 1)\n}\n',
        True,
    ),
    (
        "BRZ402",
        "Example.java",
        "import com.braze.Braze;\nimport java.math.BigDecimal;\n\nclass C {\n"
        "    void paid(Context context) {\n"
        '        String é = "é"; Braze.getInstance(context).logPurchase("p", " EUR ", '
        'new BigDecimal("4.99"), 1);\n    }\n}\n',
        "import com.braze.Braze;\nimport java.math.BigDecimal;\n\nclass C {\n"
        "    void paid(Context context) {\n"
        '        String é = "é"; Braze.getInstance(context).logPurchase("p", "EUR", '
        'new BigDecimal("4.99"), 1);\n    }\n}\n',
        True,
    ),
    (
        "BRZ402",
        "Example.m",
        "#import <BrazeKit/BrazeKit.h>\n\n@implementation Session\n\n- (void)paid:(double)price {\n"
        '  NSString *s = @"☕"; [AppDelegate.braze logPurchase:@"p" currency:@"YEN" price:price '
        "quantity:1];\n}\n\n@end\n",
        "#import <BrazeKit/BrazeKit.h>\n\n@implementation Session\n\n- (void)paid:(double)price {\n"
        '  NSString *s = @"☕"; [AppDelegate.braze logPurchase:@"p" currency:@"JPY" price:price '
        "quantity:1];\n}\n\n@end\n",
        True,
    ),
]


IDS = [
    f"{i}-{rule_id}-{name}" + ("-unsafe" if unsafe else "")
    for i, (rule_id, name, _, _, unsafe) in enumerate(CASES)
]


@pytest.mark.parametrize(("rule_id", "name", "before", "after", "unsafe"), CASES, ids=IDS)
def test_fix(
    rule_id: str, name: str, before: str, after: str, unsafe: bool, tmp_path: Path
) -> None:
    fixed = _fix(tmp_path / "lf", name, before.encode("utf-8"), rule_id, unsafe)
    assert fixed.decode("utf-8") == after


@pytest.mark.parametrize(("rule_id", "name", "before", "after", "unsafe"), CASES, ids=IDS)
def test_fixing_the_fixed_text_changes_nothing(
    rule_id: str, name: str, before: str, after: str, unsafe: bool, tmp_path: Path
) -> None:
    data = after.encode("utf-8")
    assert _fix(tmp_path, name, data, rule_id, unsafe) == data


@pytest.mark.parametrize(("rule_id", "name", "before", "after", "unsafe"), CASES, ids=IDS)
def test_crlf_line_ends_are_kept(
    rule_id: str, name: str, before: str, after: str, unsafe: bool, tmp_path: Path
) -> None:
    crlf_before = before.replace("\n", "\r\n").encode("utf-8")
    fixed = _fix(tmp_path, name, crlf_before, rule_id, unsafe)
    assert fixed.decode("utf-8") == after.replace("\n", "\r\n")


def test_fixes_are_safe_except_the_scheme_insert(tmp_path: Path) -> None:
    (tmp_path / "example.py").write_text(
        'import requests\n\nrequests.post("http://rest.iad-01.braze.com/users/track")\n'
        'requests.post("rest.iad-01.braze.com/users/track")\n',
        encoding="utf-8",
    )
    fixes = {f.span.line: f.fix for f in _findings(tmp_path, "BRZ204")}
    assert fixes[3] is not None and fixes[3].applicability is Applicability.SAFE
    assert fixes[3].message == "Replace `http://` with `https://`"
    assert fixes[4] is not None and fixes[4].applicability is Applicability.UNSAFE


def test_no_fix_where_an_escape_shifts_the_position(tmp_path: Path) -> None:
    """A literal's decoded text is shorter than its source after an escape: the computed
    position of `http://` is off, so no fix is built rather than a wrong one."""
    data = b'URL = "\\t\\u00e9 http://rest.iad-01.braze.com/users/track"\n'
    (tmp_path / "example.py").write_bytes(data)
    found = _findings(tmp_path, "BRZ204")
    assert found and all(f.fix is None for f in found)


def test_comment_saying_more_than_the_directive_is_kept(tmp_path: Path) -> None:
    data = b"x = 1  # keep this note; brazelint: ignore[BRZ101]\n"
    found = _findings(_write(tmp_path, "example.py", data), "BRZ001")
    assert found and all(f.fix is None for f in found)


def _write(root: Path, name: str, data: bytes) -> Path:
    (root / name).write_bytes(data)
    return root


def test_config_key_written_with_an_entity_is_reported_but_not_fixed(tmp_path: Path) -> None:
    """The name read is not the text the file holds there: renaming it would need the
    entity rewritten too, so no fix rather than a wrong one."""
    data = b'<resources><string name="com_braze_api&#95;kay">k</string></resources>\n'
    (tmp_path / "res" / "values").mkdir(parents=True)
    found = _findings(_write(tmp_path, "res/values/braze.xml", data), "BRZ205")
    assert [f.message.split("`")[1] for f in found] == ["com_braze_api_kay"]
    assert found[0].fix is None


#: BRZ601 with ``liquid-default-text``: (file name, before, after, default text).
DEFAULT_TEXT_CASES = [
    (
        "example.liquid",
        "<p>Hi {{${first_name}}}, your {{ custom_attribute.${plan} | upcase }} plan</p>\n",
        "<p>Hi {{${first_name} | default: 'there'}}, your "
        "{{ custom_attribute.${plan} | upcase | default: 'there' }} plan</p>\n",
        "there",
    ),
    (
        "example.liquid",
        "<p>Grüße</p>\n<p>Hallo {{- ${first_name} -}}!</p>\n",
        '<p>Grüße</p>\n<p>Hallo {{- ${first_name} | default: "du\'s" -}}!</p>\n',
        "du's",
    ),
    (
        "example.py",
        'NOTE = "日本語"; SUBJECT = "Hi {{${first_name}}}, shipped"\n',
        'NOTE = "日本語"; SUBJECT = "Hi {{${first_name} | default: \'Zoë\'}}, shipped"\n',
        "Zoë",
    ),
    (
        "example.py",
        "SUBJECT = 'Hi {{${last_name}}}'\n",
        "SUBJECT = 'Hi {{${last_name} | default: \"friend\"}}'\n",
        "friend",
    ),
    (
        "example.js",
        'const s = "é"; const subject = "Hi {{${first_name}}}, shipped";\n',
        'const s = "é"; const subject = "Hi {{${first_name} | default: \'there\'}}, shipped";\n',
        "there",
    ),
    (
        "example.ts",
        "const subject: string = 'Hi {{${first_name}}}';\n",
        "const subject: string = 'Hi {{${first_name} | default: \"there\"}}';\n",
        "there",
    ),
    (
        "example.tsx",
        'export const Subject = () => <p>{"Hi {{${first_name}}}"}</p>;\n',
        "export const Subject = () => <p>{\"Hi {{${first_name} | default: 'there'}}\"}</p>;\n",
        "there",
    ),
    (
        "Example.swift",
        'let café = "☕"; let subject = "Hi {{${first_name}}}"\n',
        'let café = "☕"; let subject = "Hi {{${first_name} | default: \'there\'}}"\n',
        "there",
    ),
    (
        "Example.java",
        'class M {\n    static final String S = "Hi {{${first_name}}}";\n}\n',
        "class M {\n    static final String S = \"Hi {{${first_name} | default: 'there'}}\";\n}\n",
        "there",
    ),
    (
        "Example.m",
        'NSString *subject = @"Hi {{${first_name}}}";\n',
        "NSString *subject = @\"Hi {{${first_name} | default: 'there'}}\";\n",
        "there",
    ),
    # Dart and Kotlin need `\${` in an ordinary string: the escape shifts the positions, so
    # only a raw string gets the fix.
    (
        "example.dart",
        "const subject = r'Hi {{${first_name}}}';\n",
        "const subject = r'Hi {{${first_name} | default: \"there\"}}';\n",
        "there",
    ),
]
DEFAULT_TEXT_IDS = [f"{i}-{name}" for i, (name, *_) in enumerate(DEFAULT_TEXT_CASES)]


@pytest.mark.parametrize(
    ("name", "before", "after", "text"), DEFAULT_TEXT_CASES, ids=DEFAULT_TEXT_IDS
)
def test_liquid_default_from_the_setting(
    name: str, before: str, after: str, text: str, tmp_path: Path
) -> None:
    settings = RuleSettings(liquid_default_text=text)
    fixed = _fix(tmp_path, name, before.encode(), "BRZ601", settings=settings)
    assert fixed.decode("utf-8") == after
    assert _findings(tmp_path, "BRZ601", settings) == []
    # Fixing again changes nothing.
    assert _fix(tmp_path, name, fixed, "BRZ601", settings=settings) == fixed


@pytest.mark.parametrize(
    ("name", "before", "after", "text"), DEFAULT_TEXT_CASES, ids=DEFAULT_TEXT_IDS
)
def test_liquid_default_keeps_crlf(
    name: str, before: str, after: str, text: str, tmp_path: Path
) -> None:
    settings = RuleSettings(liquid_default_text=text)
    crlf = before.replace("\n", "\r\n").encode()
    fixed = _fix(tmp_path, name, crlf, "BRZ601", settings=settings)
    assert fixed.decode("utf-8") == after.replace("\n", "\r\n")


@pytest.mark.parametrize(
    ("name", "before", "after", "text"), DEFAULT_TEXT_CASES, ids=DEFAULT_TEXT_IDS
)
def test_liquid_default_without_the_setting_is_display_only(
    name: str, before: str, after: str, text: str, tmp_path: Path
) -> None:
    data = before.encode()
    assert _fix(tmp_path, name, data, "BRZ601", unsafe=True) == data
    found = _findings(tmp_path, "BRZ601")
    assert found
    for finding in found:
        assert finding.fix is not None
        assert finding.fix.applicability is Applicability.DISPLAY_ONLY
        assert "liquid-default-text" in finding.fix.message
        [edit] = finding.fix.edits
        assert edit.original == "" and "| default: " in edit.replacement
        assert "…" in edit.replacement


def test_liquid_default_that_cannot_go_in_the_literal_is_display_only(tmp_path: Path) -> None:
    """A `$` may start interpolation (Kotlin, Dart, template literals) and a quote of the
    literal's own kind would end it: there only the shape is shown."""
    (tmp_path / "example.js").write_text(
        "const a = \"Hi {{${first_name}}}\";\nconst b = 'Hi {{${last_name}}}';\n",
        encoding="utf-8",
    )

    def kinds(text: str) -> dict[int, Applicability]:
        found = _findings(tmp_path, "BRZ601", RuleSettings(liquid_default_text=text))
        return {f.span.line: f.fix.applicability for f in found if f.fix is not None}

    display = {1: Applicability.DISPLAY_ONLY, 2: Applicability.DISPLAY_ONLY}
    assert kinds("$5 off") == display
    # Liquid needs "it's": the `"` ends the first literal, the `'` the second.
    assert kinds("it's") == display
    assert kinds("there") == {1: Applicability.SAFE, 2: Applicability.SAFE}
    # In a template nothing but Liquid reads the text.
    (tmp_path / "example.js").unlink()
    (tmp_path / "example.liquid").write_text("Hi {{${first_name}}}\n", encoding="utf-8")
    assert kinds("$5 off, it's") == {1: Applicability.SAFE}


def test_no_default_fix_where_an_escape_shifts_the_position(tmp_path: Path) -> None:
    (tmp_path / "Example.kt").write_text('val s = "Hi {{\\${first_name}}}"\n', encoding="utf-8")
    found = _findings(tmp_path, "BRZ601", RuleSettings(liquid_default_text="there"))
    assert found and all(f.fix is None for f in found)


@pytest.mark.parametrize(
    "host",
    [
        "sdk.iad-09.braze.com",  # one typo from each of US-01…US-08
        "rest.us-09.braze.com",
        "sdk.eu-01.braze.eu",  # an instance name, not a typo of a host
        "sdk.us-1.braze.com",
        "rest.iad-11.braze.com",  # US-01 or the withdrawn iad-10?
        "sondheim.appboy.com",
    ],
)
def test_no_endpoint_fix_without_a_single_nearest_host(host: str, tmp_path: Path) -> None:
    (tmp_path / "example.js").write_text(f'const endpoint = "{host}";\n', encoding="utf-8")
    found = _findings(tmp_path, "BRZ201")
    assert len(found) == 1 and found[0].fix is None


def test_endpoint_fix_is_unsafe_and_names_the_host(tmp_path: Path) -> None:
    (tmp_path / "example.py").write_text('URL = "https://rest.iad-1.braze.com"\n', "utf-8")
    [finding] = _findings(tmp_path, "BRZ201")
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert "did you mean `rest.iad-01.braze.com`?" in finding.message
    [edit] = finding.fix.edits
    assert (edit.original, edit.replacement) == ("rest.iad-1.braze.com", "rest.iad-01.braze.com")


def test_no_endpoint_fix_where_an_escape_shifts_the_position(tmp_path: Path) -> None:
    (tmp_path / "example.py").write_bytes(b'URL = "\\t\\u00e9 https://rest.iad-1.braze.com"\n')
    found = _findings(tmp_path, "BRZ201")
    assert found and all(f.fix is None for f in found)


def test_android_enum_without_its_import_is_display_only(tmp_path: Path) -> None:
    (tmp_path / "Consent.java").write_text(
        "import com.braze.Braze;\n\nclass Consent {\n    void optIn(Context context) {\n"
        "        Braze.getInstance(context).getCurrentUser()"
        '.setPushNotificationSubscriptionType("subscribed");\n    }\n}\n',
        encoding="utf-8",
    )
    [finding] = _findings(tmp_path, "BRZ404")
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.DISPLAY_ONLY
    assert finding.fix.edits[0].replacement == "NotificationSubscriptionType.SUBSCRIBED"
    assert "import `NotificationSubscriptionType`" in finding.fix.message


@pytest.mark.parametrize(
    ("value", "fixed", "applicability"),
    [
        ("OPTED-IN", "opted_in", Applicability.SAFE),
        ("unsubscribe", "unsubscribed", Applicability.UNSAFE),
        ("optin", "opted_in", Applicability.UNSAFE),
        ("yes", None, None),  # near no state
        ("scribed", None, None),  # three edits from "subscribed": too far to guess
    ],
)
def test_subscription_state_fix_grades(
    value: str, fixed: str | None, applicability: Applicability | None, tmp_path: Path
) -> None:
    (tmp_path / "example.js").write_text(
        'import * as braze from "@braze/web-sdk";\n'
        f'braze.getUser().setEmailNotificationSubscriptionType("{value}");\n',
        encoding="utf-8",
    )
    [finding] = _findings(tmp_path, "BRZ404")
    if fixed is None:
        assert finding.fix is None
    else:
        assert finding.fix is not None and finding.fix.applicability is applicability
        assert finding.fix.edits[0].replacement == fixed


@pytest.mark.parametrize("code", ["$", "¥", "dollars", "UDS", "XYZ", "JYP"])
def test_no_currency_fix_without_a_single_code_meant(code: str, tmp_path: Path) -> None:
    (tmp_path / "example.js").write_text(
        f'import * as braze from "@braze/web-sdk";\nbraze.logPurchase("sku", 9.99, "{code}", 1);\n',
        encoding="utf-8",
    )
    [finding] = _findings(tmp_path, "BRZ402")
    assert finding.fix is None


def test_currency_fix_is_unsafe_and_lower_case_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "example.js").write_text(
        'import * as braze from "@braze/web-sdk";\n'
        'braze.logPurchase("sku", 9.99, "usd", 1);\nbraze.logPurchase("sku", 9.99, "GPB", 1);\n',
        encoding="utf-8",
    )
    [finding] = _findings(tmp_path, "BRZ402")
    assert finding.span.line == 3
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE


#: One file per rule of the second set of fixes, as the command line sees them.
PROJECT = {
    ".brazelint.toml": 'liquid-default-text = "there"\n',
    "welcome.liquid": "<p>Hi {{${first_name}}}</p>\n",
    # BRZ204's scheme fix and BRZ201's host fix in one literal: no overlap, both apply.
    "web.js": 'import * as braze from "@braze/web-sdk";\n'
    'braze.initialize("app-id", { baseUrl: "http://sdk.iad-1.braze.com" });\n'
    'braze.getUser().setEmailNotificationSubscriptionType("OptedIn");\n'
    'braze.logPurchase("sku", 9.99, "EURO", 1);\n',
    "res/values/braze.xml": '<resources><string name="com_braze_api_kay">id</string></resources>\n',
}
PROJECT_FIXED = {
    "welcome.liquid": "<p>Hi {{${first_name} | default: 'there'}}</p>\n",
    "web.js": 'import * as braze from "@braze/web-sdk";\n'
    'braze.initialize("app-id", { baseUrl: "https://sdk.iad-01.braze.com" });\n'
    'braze.getUser().setEmailNotificationSubscriptionType("opted_in");\n'
    'braze.logPurchase("sku", 9.99, "EUR", 1);\n',
    "res/values/braze.xml": '<resources><string name="com_braze_api_key">id</string></resources>\n',
}
PROJECT_RULES = {"BRZ201", "BRZ204", "BRZ205", "BRZ402", "BRZ404", "BRZ601"}


def _project(root: Path) -> Path:
    for relative, text in PROJECT.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


def _cli(root: Path, *args: str) -> tuple[int, str]:
    outcome = CliRunner().invoke(main, ["check", str(root), "--no-cache", *args])
    return outcome.exit_code, outcome.stdout


def test_command_line_diff_fix_and_sarif(tmp_path: Path) -> None:
    root = _project(tmp_path)
    code, sarif_text = _cli(root, "--format", "sarif")
    assert code == 1
    doc = json.loads(sarif_text)
    assert_valid_sarif(doc)
    with_fixes = {r["ruleId"] for r in doc["runs"][0]["results"] if r.get("fixes")}
    assert with_fixes == PROJECT_RULES

    code, diff = _cli(root, "--diff", "--unsafe-fixes")
    assert code == 1
    for relative, text in PROJECT_FIXED.items():
        assert f"--- a/{relative}\n+++ b/{relative}\n" in diff
        changed = [
            (before, after)
            for before, after in zip(PROJECT[relative].splitlines(), text.splitlines(), strict=True)
            if before != after
        ]
        assert changed
        for before, after in changed:
            assert f"\n-{before}\n" in diff and f"\n+{after}\n" in diff
    assert all((root / r).read_text(encoding="utf-8") == t for r, t in PROJECT.items())

    # Safe fixes only: the host and the currency need --unsafe-fixes.
    _cli(root, "--fix")
    web = (root / "web.js").read_text(encoding="utf-8")
    assert "http://" not in web and "sdk.iad-1.braze.com" in web and '"EURO"' in web
    _cli(root, "--fix", "--unsafe-fixes")
    assert {r: (root / r).read_text(encoding="utf-8") for r in PROJECT_FIXED} == PROJECT_FIXED
    code, out = _cli(root, "--format", "json")
    left = {f["rule_id"] for f in json.loads(out)["findings"]}
    assert not left & PROJECT_RULES, left
