"""Braze REST keys (BRZ101–BRZ103): key shapes and names, placeholders, client/server
context and its explanation, detect-secrets' allowlist pragma, lazy imports, and bounded
work on hostile input."""

from __future__ import annotations

import random
import string
import subprocess
import sys
import uuid as uuid_module
from pathlib import Path

import pytest
from click.testing import CliRunner

from brazelint.braze.keys import (
    MAX_CANDIDATES,
    Budget,
    KeyName,
    KeyUse,
    classify_name,
    hardcoded_rest_keys,
    is_placeholder,
    looks_like_key,
    public_prefix,
    redact,
    secret_fingerprint,
    strict_rest_url,
)
from brazelint.cli import main
from brazelint.context import ContextOverride, infer_context
from brazelint.engine import ScanResult
from brazelint.facts import (
    Assignment,
    Context,
    FileFacts,
    Import,
    Span,
    StringLiteral,
    Value,
    ValueKind,
)
from brazelint.languages import Language
from tests.conftest import run_scan

KEY = "0badc0de-f00d-4bad-8bad-c0ffee5ec12e"
TOKEN = "Zq8Vb3Nm7Xc1Lk5Jh9Gf2Dp6Sw4Rt0Yu"
REPO = Path(__file__).resolve().parent.parent


# --- names and shapes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("BRAZE_REST_API_KEY", KeyName.REST),
        ("process.env.BRAZE_REST_API_KEY", KeyName.REST),
        ("brazeRestApiKey", KeyName.REST),
        ("BuildConfig.BRAZE_REST_KEY", KeyName.REST),
        ("NEXT_PUBLIC_BRAZE_REST_API_KEY", KeyName.REST),
        ("braze_rest_token", KeyName.REST),
        ("REST_API_KEY", KeyName.REST_IF_TALKS),
        ("restApiKey", KeyName.REST_IF_TALKS),
        ("BRAZE_API_KEY", KeyName.BRAZE_IF_TALKS),
        ("brazeApiKey", KeyName.BRAZE_IF_TALKS),
        ("com_braze_api_key", KeyName.NONE),
        ("com_appboy_api_key", KeyName.NONE),
        ("BRAZE_SDK_API_KEY", KeyName.NONE),
        ("brazeAppIdentifier", KeyName.NONE),
        ("BRAZE_REST_ENDPOINT", KeyName.NONE),
        ("BRAZE_WEB_API_KEY", KeyName.NONE),
        ("api_key", KeyName.NONE),
        ("restore_key_cache", KeyName.NONE),
    ],
)
def test_classify_name(name: str, expected: KeyName) -> None:
    assert classify_name(name) is expected


def test_public_prefix() -> None:
    assert public_prefix("process.env.NEXT_PUBLIC_BRAZE_REST_API_KEY") == "NEXT_PUBLIC_"
    assert public_prefix("import.meta.env.VITE_BRAZE_REST_API_KEY") == "VITE_"
    assert public_prefix("BRAZE_REST_API_KEY") is None


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "YOUR_REST_API_KEY",
        "your-rest-api-key",
        "<key>",
        "${BRAZE_REST_API_KEY}",
        "{{ braze_key }}",
        "$BRAZE_KEY",
        "changeme",
        "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
        "00000000-0000-0000-0000-000000000000",
        "12345678-1234-1234-1234-123456789012",
        "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "REPLACE_WITH_KEY",
        "insert-key-here",
        "********",
    ],
)
def test_placeholders_are_not_keys(value: str) -> None:
    assert is_placeholder(value)
    assert not looks_like_key(value)


@pytest.mark.parametrize("value", [KEY, KEY.upper(), TOKEN, "deadbeef-cafe-4bab-8e5e-feedfacef00d"])
def test_key_shaped_values(value: str) -> None:
    assert looks_like_key(value)


@pytest.mark.parametrize(
    "value",
    [
        "short1",
        "abcdefghijklmnopqrstuvwxyz",  # letters only
        "aaaaaaaaaaaaaaaaaaaa1111",  # low entropy
        "has spaces in it 12345678",
        "a" * 200 + "1",  # too long for a key
    ],
)
def test_not_key_shaped(value: str) -> None:
    assert not looks_like_key(value)


def test_redaction_shows_four_characters_and_the_length() -> None:
    assert redact(KEY) == "`0bad…` (36 characters)"
    assert KEY not in redact(KEY)
    assert secret_fingerprint(KEY).startswith("sha256:")
    assert KEY not in secret_fingerprint(KEY)
    assert secret_fingerprint(KEY) == secret_fingerprint(KEY)
    assert KEY not in repr(KeyUse(KEY, Span(1, 1, 1, 2), "x"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://rest.iad-01.braze.com/users/track", "rest.iad-01.braze.com/users/track"),
        ("rest.fra-01.braze.eu", "rest.fra-01.braze.eu"),
        (
            "https://rest.iad-01.braze.com/users/track?api_key=x",
            "rest.iad-01.braze.com/users/track",
        ),
        ("/users/track", "/users/track"),
        ("{BASE}/messages/send", "/messages/send"),
        ("/api/users/delete", None),
        ("https://sdk.iad-01.braze.com", None),
        ("https://example.com/users/track", None),
    ],
)
def test_strict_rest_url(text: str, expected: str | None) -> None:
    assert strict_rest_url(text) == expected


# --- rules on small projects ----------------------------------------------------------------


def _found(result: ScanResult) -> list[tuple[str, int, str]]:
    return sorted(
        (f.path, f.span.line, f.rule_id) for f in result.findings if f.suppressed_by is None
    )


def test_same_uuid_is_sdk_key_in_one_file_and_rest_key_in_another(scan_tree) -> None:
    result = scan_tree(
        {
            "src/braze.js": (
                'import * as braze from "@braze/web-sdk";\n'
                f'braze.initialize("{KEY}", {{ baseUrl: "sdk.iad-01.braze.com" }});\n'
            ),
            "src/Track.jsx": (
                'import React from "react";\n'
                "export const track = () =>\n"
                '  fetch("https://rest.iad-01.braze.com/users/track", {\n'
                f'    headers: {{ Authorization: "Bearer {KEY}" }},\n'
                "  });\n"
            ),
        },
        select={"BRZ101", "BRZ102", "BRZ103"},
    )
    assert _found(result) == [("src/Track.jsx", 3, "BRZ102"), ("src/Track.jsx", 4, "BRZ101")]
    messages = {f.rule_id: f.message for f in result.findings}
    assert 'this file runs in a client (imports "react")' in messages["BRZ102"]
    assert "`0bad…` (36 characters)" in messages["BRZ101"]


def test_brazes_own_sdk_key_names_never_fire(scan_tree) -> None:
    result = scan_tree(
        {
            "server/app.js": (
                'import express from "express";\n'
                f'const BRAZE_API_KEY = "{KEY}";\n'
                "export const web = { apiKey: BRAZE_API_KEY };\n"
                'braze.initialize(BRAZE_API_KEY, { baseUrl: "sdk.iad-01.braze.com" });\n'
                'fetch("https://rest.iad-01.braze.com/users/track", {\n'
                "  headers: { Authorization: `Bearer ${process.env.BRAZE_REST_API_KEY}` },\n"
                "});\n"
            ),
            "res/values/braze.xml": (
                f'<resources>\n  <string name="com_braze_api_key">{KEY}</string>\n</resources>\n'
            ),
        },
        select={"BRZ101", "BRZ102", "BRZ103"},
    )
    assert _found(result) == []


def test_braze_api_key_name_is_a_rest_key_in_a_server_file_that_calls_rest(scan_tree) -> None:
    result = scan_tree(
        {
            "server/app.js": (
                'import express from "express";\n'
                f'const BRAZE_API_KEY = "{KEY}";\n'
                'fetch("https://rest.iad-01.braze.com/users/track", {\n'
                "  headers: { Authorization: `Bearer ${process.env.TOKEN}` },\n"
                "});\n"
            ),
        },
        select={"BRZ101"},
    )
    assert _found(result) == [("server/app.js", 2, "BRZ101")]


def test_allowlist_pragma_of_detect_secrets_suppresses(scan_tree) -> None:
    result = scan_tree(
        {
            ".env": (
                f"BRAZE_REST_API_KEY={KEY}  # pragma: allowlist secret\n"
                "# pragma: allowlist nextline secret\n"
                f"BRAZE_REST_API_KEY_2={TOKEN}\n"
                f"BRAZE_REST_API_KEY_3={KEY}\n"
            ),
        },
        select={"BRZ101"},
    )
    assert [(f.span.line, f.suppressed_by) for f in result.findings] == [
        (1, "pragma: allowlist secret"),
        (3, "pragma: allowlist secret"),
        (4, None),
    ]


def test_key_in_python_env_fallback_and_legacy_fields(scan_tree) -> None:
    result = scan_tree(
        {
            "sync.py": (
                "import os\n"
                "import requests\n"
                'URL = "https://rest.iad-01.braze.com/users/track"\n'
                f'KEY = os.environ.get("BRAZE_REST_API_KEY", "{KEY}")\n'
                f'requests.post(URL, json={{"api_key": "{TOKEN}", "events": []}}, timeout=5)\n'
            ),
        },
        select={"BRZ101", "BRZ102", "BRZ103"},
    )
    assert _found(result) == [
        ("sync.py", 4, "BRZ101"),
        ("sync.py", 5, "BRZ101"),
        ("sync.py", 5, "BRZ103"),
    ]


# --- context --------------------------------------------------------------------------------


def _js(
    path: str,
    *,
    imports: tuple[str, ...] = (),
    globals_used: frozenset[str] = frozenset(),
    strings: tuple[str, ...] = (),
) -> FileFacts:
    span = Span(1, 1, 1, 2)
    return FileFacts(
        path,
        Language.TSX if path.endswith(".tsx") else Language.JAVASCRIPT,
        imports=tuple(Import(module, None, None, span) for module in imports),
        globals_used=globals_used,
        strings=tuple(StringLiteral(text, span, span) for text in strings),
    )


@pytest.mark.parametrize(
    ("facts", "kind", "reason"),
    [
        (_js("a.js", imports=("react",)), Context.CLIENT, 'imports "react"'),
        (_js("a.js", imports=("react", "fs")), Context.SERVER, 'imports "fs"'),
        (_js("a.js", imports=("node:crypto",)), Context.SERVER, 'imports "node:crypto"'),
        (_js("a.js", imports=("koa",)), Context.SERVER, 'imports "koa"'),
        (_js("a.js", imports=("next/server",)), Context.SERVER, 'imports "next/server"'),
        (
            _js("a.js", globals_used=frozenset({"document"})),
            Context.CLIENT,
            "uses the browser global `document`",
        ),
        (_js("a.tsx", strings=("use client",)), Context.CLIENT, 'has a "use client" directive'),
        (
            _js("a.ts", strings=("use server",), imports=("react",)),
            Context.SERVER,
            'has a "use server" directive',
        ),
        (_js("pages/api/track.js"), Context.SERVER, "is a Next.js API route (pages/api/)"),
        (_js("app/api/x/route.ts"), Context.SERVER, "is a Next.js route handler (app/**/route)"),
        (_js("api/export.js"), Context.SERVER, "is a serverless function (top-level api/)"),
        (_js("src/api/client.js"), Context.UNKNOWN, "no client or server imports, globals or path"),
        (_js("functions/index.js"), Context.SERVER, "lives under functions/"),
        (_js("server/x.js"), Context.SERVER, "lives under server/"),
        (_js("src/x.tsx"), Context.CLIENT, "is a JSX/TSX component file"),
        (FileFacts("a.py", Language.PYTHON), Context.SERVER, "Python code runs on a server"),
        (FileFacts("A.swift", Language.SWIFT), Context.CLIENT, "swift code ships in a mobile app"),
        (FileFacts("A.kt", Language.KOTLIN), Context.CLIENT, "kotlin code ships in a mobile app"),
    ],
)
def test_context_inference(facts: FileFacts, kind: Context, reason: str) -> None:
    context = infer_context(facts)
    assert (context.kind, context.reason) == (kind, reason)


def test_context_overrides_win_first_match() -> None:
    overrides = (
        ContextOverride("src/ssr/**", Context.SERVER),
        ContextOverride("src/**", Context.CLIENT),
    )
    ssr = infer_context(_js("src/ssr/render.js", imports=("react",)), overrides)
    assert (ssr.kind, ssr.reason) == (Context.SERVER, "configured for `src/ssr/**`")
    other = infer_context(_js("src/lib/x.js", imports=("express",)), overrides)
    assert other.kind is Context.CLIENT
    untouched = infer_context(_js("lib/x.js", imports=("express",)), overrides)
    assert untouched.kind is Context.SERVER


def test_context_command_prints_each_file_with_its_reason(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "App.jsx").write_text('import React from "react";\n', encoding="utf-8")
    (tmp_path / "server.js").write_text('const x = require("express");\n', encoding="utf-8")
    (tmp_path / "sync.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    outcome = CliRunner().invoke(main, ["context", "."])
    assert outcome.exit_code == 0, outcome.output
    assert outcome.output.splitlines() == [
        'server.js: server (imports "express")',
        "sync.py: server (Python code runs on a server)",
        'web/App.jsx: client (imports "react")',
    ]


# --- laziness and bounds --------------------------------------------------------------------


def _imports_detect_secrets(tmp_path: Path, source: str) -> bool:
    (tmp_path / "server").mkdir(exist_ok=True)
    (tmp_path / "server" / "app.js").write_text(source, encoding="utf-8")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from brazelint.catalog import load_catalog\n"
        "from brazelint.engine import ScanOptions, scan\n"
        f"root = Path({str(tmp_path)!r})\n"
        "scan(ScanOptions(targets=(root,), enabled=frozenset(load_catalog()), root=root))\n"
        "print('detect_secrets' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO
    )
    return out.stdout.strip() == "True"


def test_detect_secrets_is_imported_only_for_files_that_need_it(tmp_path: Path) -> None:
    clean = (
        'import express from "express";\n'
        f'braze.initialize("{KEY}", {{ baseUrl: "sdk.iad-01.braze.com" }});\n'
        'fetch("https://rest.iad-01.braze.com/users/track", {\n'
        "  headers: { Authorization: `Bearer ${process.env.BRAZE_REST_API_KEY}` },\n"
        "});\n"
    )
    assert not _imports_detect_secrets(tmp_path, clean)
    # A non-UUID token needs detect-secrets' entropy to be judged.
    token = clean.replace("${process.env.BRAZE_REST_API_KEY}", TOKEN)
    assert _imports_detect_secrets(tmp_path, token)


def _noise(rng: random.Random, length: int) -> str:
    return "".join(rng.choices(string.ascii_letters + string.digits + "+/", k=length))


def test_key_search_work_is_bounded_on_a_huge_noisy_file() -> None:
    """Facts as a 5 MB single-line bundle yields them: one 5 MB string, tens of thousands of
    random tokens and UUIDs, Bearer tokens, in a file that also calls the Braze REST API.
    The number of key-shape checks stays within the budget whatever the file holds."""
    rng = random.Random(4)
    span = Span(1, 1, 1, 2)
    strings = [StringLiteral(_noise(rng, 5_000_000), span, span)]
    strings.append(StringLiteral("https://rest.iad-01.braze.com/users/track", span, span))
    assignments = []
    for index in range(20_000):
        token = _noise(rng, 40)
        strings.append(StringLiteral(token, span, span))
        value = Value(ValueKind.STRING, f"Bearer {token}", Span(1, index + 2, 1, index + 3))
        assignments.append(Assignment((f"h{index}",), value, value.span))
    facts = FileFacts(
        "bundle.js",
        Language.JAVASCRIPT,
        strings=tuple(strings),
        assignments=tuple(assignments),
        lines=("x",),
    )
    budget = Budget()
    found = hardcoded_rest_keys(facts, budget)
    assert budget.examined == MAX_CANDIDATES
    assert len(found) <= MAX_CANDIDATES


def test_noise_in_a_5mb_single_line_bundle_finds_nothing(tmp_path: Path) -> None:
    """A 5 MB single-line bundle of high-entropy noise (random base64 strings, UUIDs, other
    APIs' Bearer tokens) with the public SDK key: no secret findings."""
    rng = random.Random(5)
    parts = [
        'import * as braze from "@braze/web-sdk";',
        f'braze.initialize("{KEY}",{{baseUrl:"sdk.iad-01.braze.com"}});',
        # A REST-key name that is never given a key: the file passes the prefilter.
        "var restApiKeyHint=null;",
    ]
    for index in range(300):
        uuid = str(uuid_module.UUID(int=rng.getrandbits(128), version=4))
        bearer = _noise(rng, 32)
        parts.append(f'var t{index}="{_noise(rng, 40)}";var u{index}="{uuid}";')
        parts.append(f'fetch("https://api.example.com/v{index}",{{headers:{{Authorization:')
        parts.append(f'"Bearer {bearer}"}}}});')
    size = sum(len(part) for part in parts)
    parts.append(f'var blob="{_noise(rng, 5_000_000 - size)}";')
    bundle = "".join(parts)
    assert "\n" not in bundle and len(bundle) >= 5_000_000
    (tmp_path / "dist.bundle.js").write_text(bundle, encoding="utf-8")

    result = run_scan(tmp_path, root=tmp_path, select={"BRZ101", "BRZ102", "BRZ103"})
    assert result.files_parsed == 1
    assert result.findings == []
