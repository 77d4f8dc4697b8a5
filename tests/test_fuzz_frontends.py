"""Property: whatever bytes a file holds, analysing it (decode, every frontend, every rule)
raises nothing, and the SARIF report of the outcome is valid against the schema.

Inputs are random text and mutations of a seed that passes the prefilter in each language,
so that parsers and rules really run. Bounded (a few dozen examples per language) so the
suite stays quick on two cores; hypothesis keeps failing examples in .hypothesis/.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brazelint.analyzer import Analyzer, FilePlan
from brazelint.catalog import load_catalog
from brazelint.discover import SourceFile
from brazelint.languages import Language
from brazelint.report import get_reporter
from brazelint.report.model import Report

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
VALIDATOR = jsonschema.Draft4Validator(SCHEMA)
CATALOG = load_catalog()
ANALYZER = Analyzer(FilePlan(enabled=frozenset(CATALOG), file_timeout=10.0))

#: A seed per language holding most rules' keywords, so mutations reach the parsers.
SEEDS: dict[Language, tuple[str, str]] = {
    Language.PYTHON: (
        "svc/track.py",
        'import requests\nBRAZE = "https://rest.iad-01.braze.com"\n'
        'def f(user):\n    requests.post(f"{BRAZE}/users/track", json={"events": '
        '[{"external_id": user.email, "name": "purchase", "time": "x"}]})\n',
    ),
    Language.JAVASCRIPT: (
        "web/a.js",
        'import * as braze from "@braze/web-sdk";\nbraze.initialize("k", {baseUrl: '
        '"sdk.iad-09.braze.com", enableLogging: true});\nbraze.changeUser(user.email);\n'
        'braze.logCustomEvent("purchase");\nconst t = "{{${first_name}}}";\n',
    ),
    Language.TYPESCRIPT: (
        "web/a.ts",
        'import * as braze from "@braze/web-sdk";\nexport function go(u: User): void '
        '{ braze.changeUser(null); braze.logPurchase("p", "1", "usd"); }\n',
    ),
    Language.TSX: (
        "web/a.tsx",
        'import * as braze from "@braze/web-sdk";\nexport const A = () => <div style={{ '
        'a: 1 }} onClick={() => braze.logCustomEvent("order completed")} />;\n',
    ),
    Language.SWIFT: (
        "ios/App.swift",
        'import BrazeKit\nlet c = Braze.Configuration(apiKey: "k", endpoint: '
        '"sdk.fra-01.braze.com")\nc.logger.level = .debug\nbraze.changeUser(userId: email)\n',
    ),
    Language.KOTLIN: (
        "android/A.kt",
        "import com.braze.Braze\nfun a(c: Context) { Braze.getInstance(c).changeUser(email)"
        '\n  Braze.getInstance(c).logCustomEvent("purchase") }\n',
    ),
    Language.JAVA: (
        "android/A.java",
        "import com.braze.Braze;\nclass A { void a(Context c) { Braze.getInstance(c)."
        "changeUser(user.getEmail()); BrazeLogger.setLogLevel(Log.VERBOSE); } }\n",
    ),
    Language.OBJECTIVE_C: (
        "ios/AppDelegate.m",
        "#import <BrazeKit/BrazeKit.h>\n@implementation A\n- (void)a:(User *)u {\n"
        "  [AppDelegate.braze changeUser:u.email];\n  [[Appboy sharedInstance] logCustomEvent:"
        '@"purchase" properties:@{@"k": @1}];\n#if DEBUG\n  c.logger.level = 0;\n#endif\n}\n@end\n',
    ),
    Language.DART: (
        "lib/braze.dart",
        "import 'package:braze_plugin/braze_plugin.dart';\nvoid a(BrazePlugin braze, User u) {\n"
        "  braze.changeUser(u.email ?? '');\n  braze..logCustomEvent('purchase', properties: "
        "{'k': 1})..logPurchase('p', 'USD', 1.0, 1);\n  final s = 'Hi \\${u.name} {{x}}';\n}\n",
    ),
    Language.LIQUID: (
        "templates/a.liquid",
        "Hi {{${first_name}}}, {% if ${last_name} %}{{ custom_attribute.${x} }}{% endif %}"
        " {{first_name}} ${email}\n",
    ),
    Language.ANDROID_XML: (
        "app/src/main/res/values/braze.xml",
        '<resources><string name="com_braze_api_key">k</string><string name='
        '"com_braze_custom_endpoint">sdk.iad-09.braze.com</string></resources>\n',
    ),
    Language.PLIST: (
        "ios/Info.plist",
        '<?xml version="1.0"?><plist version="1.0"><dict><key>Braze</key><dict><key>'
        "Endpoint</key><string>sdk.iad-09.braze.com</string></dict></dict></plist>\n",
    ),
    Language.MANIFEST: (
        "app/build.gradle",
        "ext.v = '23.0.1'\ndependencies { implementation \"com.appboy:android-sdk-ui:${v}\"\n"
        "  implementation group: 'com.appboy', name: 'android-sdk-base', version: '22.0.0' }\n",
    ),
    Language.DOTENV: (
        "config/.env",
        "BRAZE_REST_API_KEY=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\n"
        "BRAZE_ENDPOINT=http://rest.iad-01.braze.com\n",
    ),
}

#: Fragments that stress parsers: unbalanced brackets, quotes, escapes, odd Unicode.
FRAGMENTS = st.sampled_from(
    [
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "{{",
        "}}",
        "{%",
        "%}",
        "${",
        '"',
        "'",
        "`",
        '"""',
        "\\",
        "\n",
        "\r\n",
        "\t",
        "\0",
        "\ufeff",
        "\u2028",
        "\U0001f600",
        "é",
        "<",
        ">",
        "<!--",
        "/*",
        "*/",
        "//",
        "#",
        "#if DEBUG",
        "@",
        ";",
        ",",
        ":",
        "=",
        "=>",
        "->",
        "?.",
        "!!",
    ]
)


@st.composite
def mutated(draw: st.DrawFn, seed: str) -> bytes:
    """``seed`` with a few random insertions, deletions and replacements."""
    text = seed
    for _ in range(draw(st.integers(0, 6))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "random"]))
        if action == "insert":
            text = text[:position] + draw(FRAGMENTS) + text[position:]
        elif action == "delete":
            end = draw(st.integers(position, min(len(text), position + 40)))
            text = text[:position] + text[end:]
        else:
            text = text[:position] + draw(st.text(max_size=30)) + text[position:]
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "latin-1"]))
    return text.encode(encoding, "replace")


def contents(seed: str) -> st.SearchStrategy[bytes]:
    return st.one_of(
        mutated(seed),
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass")),
    )


def _sarif(path: str, data: bytes, language: Language) -> dict[str, object]:
    source = SourceFile(Path("/nonexistent") / path, path, language)
    outcome = ANALYZER.analyze(source, data)
    lines = {path: outcome.facts.lines} if outcome.facts is not None else {}
    report = Report(
        findings=tuple(outcome.findings),
        notifications=tuple(outcome.notifications),
        rules=CATALOG,
        files_scanned=1,
        root="/nonexistent",
        lines=lines,
        include_suppressed=False,
    )
    document: dict[str, object] = json.loads(get_reporter("sarif")(report, color=False))
    return document


@pytest.mark.parametrize("language", list(SEEDS), ids=[language.value for language in SEEDS])
def test_any_input_analyses_without_exceptions_into_valid_sarif(language: Language) -> None:
    path, seed = SEEDS[language]

    @settings(
        max_examples=30,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(contents(seed))
    def check(data: bytes) -> None:
        document = _sarif(path, data, language)
        errors = sorted(VALIDATOR.iter_errors(document), key=str)
        assert not errors, errors[0]

    check()


def test_seeds_reach_the_parsers() -> None:
    """The seeds pass the prefilter, so the property really exercises every frontend."""
    for language, (path, seed) in SEEDS.items():
        source = SourceFile(Path("/nonexistent") / path, path, language)
        outcome = ANALYZER.analyze(source, seed.encode())
        assert outcome.facts is not None, (language, outcome.notifications)
