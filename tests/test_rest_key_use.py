"""The REST API key recognised by use: whatever a value is called and wherever it comes
from, sent as the Bearer token of a Braze REST request it is the REST key
(brazelint/braze/keys.py ``bearer_tokens``; BRZ101 for literals, BRZ102 in client code)."""

from __future__ import annotations

from brazelint.analyzer import parse_source
from brazelint.braze.keys import bearer_tokens
from brazelint.engine import ScanResult
from brazelint.languages import Language

KEY = "f00dfeed-5eed-4b1d-9bad-decafc0ffee0"
RULES = {"BRZ101", "BRZ102", "BRZ103"}


def _found(result: ScanResult) -> list[tuple[str, int, str]]:
    return sorted((f.path, f.span.line, f.rule_id) for f in result.findings)


def _one(result: ScanResult, rule: str):
    found = [f for f in result.findings if f.rule_id == rule]
    assert len(found) == 1, [f.message for f in result.findings]
    return found[0]


def test_a_swift_constant_passed_to_a_request_type_is_the_rest_key(scan_tree) -> None:
    result = scan_tree(
        {
            "App/TrackRequest.swift": (
                "import Foundation\n"
                "struct TrackRequest {\n"
                "  let apiKey: String\n"
                "  func urlRequest() -> URLRequest {\n"
                '    var request = URLRequest(url: URL(string: "https://rest.iad-01.braze.com/users/track")!)\n'
                '    request.setValue("Bearer \\(apiKey)", forHTTPHeaderField: "Authorization")\n'
                "    return request\n"
                "  }\n"
                "}\n"
                "enum Secrets {\n"
                f'  static let token = "{KEY}"\n'
                "}\n"
                "func send() {\n"
                "  let request = TrackRequest(apiKey: Secrets.token).urlRequest()\n"
                "  URLSession.shared.dataTask(with: request).resume()\n"
                "}\n"
            )
        },
        select=RULES,
    )
    assert _found(result) == [
        ("App/TrackRequest.swift", 5, "BRZ102"),
        ("App/TrackRequest.swift", 11, "BRZ101"),
    ]
    leaked = _one(result, "BRZ101")
    assert "passed as `TrackRequest(apiKey:)`" in leaked.message
    assert KEY not in leaked.message
    call = _one(result, "BRZ102")
    assert [r.span.line for r in call.related] == [6]


def test_a_buildconfig_field_given_to_a_client_class_is_named_in_the_call(scan_tree) -> None:
    result = scan_tree(
        {
            "app/src/main/java/com/example/BrazeClient.kt": (
                "package com.example\n"
                "import okhttp3.OkHttpClient\n"
                "import okhttp3.Request\n"
                "class BrazeClient(private val token: String) {\n"
                "    fun track() {\n"
                "        val request = Request.Builder()\n"
                '            .url("https://rest.iad-01.braze.com/users/track")\n'
                '            .addHeader("Authorization", "Bearer $token")\n'
                "            .build()\n"
                "        OkHttpClient().newCall(request).execute()\n"
                "    }\n"
                "}\n"
                "fun start() {\n"
                "    BrazeClient(BuildConfig.API_TOKEN).track()\n"
                "}\n"
            )
        },
        select=RULES,
    )
    call = _one(result, "BRZ102")
    assert call.span.line == 7
    assert "with `BuildConfig.API_TOKEN` as its REST API key" in call.message
    related = {r.span.line: r.message for r in call.related}
    assert sorted(related) == [8, 14]
    assert "a BuildConfig field, compiled into the app" in related[14]
    assert len(result.findings) == 1  # one mistake, one finding


def test_a_generic_name_from_env_is_the_rest_key_when_sent_to_braze(scan_tree) -> None:
    result = scan_tree(
        {
            "src/track.tsx": (
                'import React from "react";\n'
                'import { API_TOKEN } from "@env";\n'
                "const headers = { Authorization: `Bearer ${API_TOKEN}` };\n"
                "export const track = (base: string) =>\n"
                '  fetch(base + "/users/track", { method: "POST", headers });\n'
            )
        },
        select=RULES,
    )
    call = _one(result, "BRZ102")
    assert call.span.line == 5
    assert "with `API_TOKEN` as its REST API key" in call.message
    assert [(r.span.line, r.message) for r in call.related] == [
        (
            3,
            "the REST API key it sends: `API_TOKEN` (imported from `@env`, which is bundled "
            "into the app)",
        )
    ]


def test_a_bundler_prefixed_token_sent_to_braze_is_reported_in_any_context(scan_tree) -> None:
    result = scan_tree(
        {
            "lib/braze.js": (
                "export const track = (events) =>\n"
                '  fetch("https://rest.iad-01.braze.com/users/track", {\n'
                "    method: 'POST',\n"
                "    headers: { Authorization: `Bearer ${process.env.NEXT_PUBLIC_TOKEN}` },\n"
                "    body: JSON.stringify({ events }),\n"
                "  });\n"
            ),
            # Unknown context too, but not bundler-prefixed: a server may read it.
            "lib/other.js": (
                "export const track = (events) =>\n"
                '  fetch("https://rest.iad-01.braze.com/users/track", {\n'
                "    headers: { Authorization: `Bearer ${process.env.TOKEN}` },\n"
                "  });\n"
            ),
        },
        select=RULES,
    )
    assert _found(result) == [("lib/braze.js", 4, "BRZ102")]
    assert "`NEXT_PUBLIC_` variable" in result.findings[0].message


def test_a_generic_constant_from_another_python_file_is_a_hardcoded_key(scan_tree) -> None:
    result = scan_tree(
        {
            "server/settings.py": f'TOKEN = "{KEY}"\n',
            "server/sync.py": (
                "import requests\n"
                "from server.settings import TOKEN\n"
                "def sync(events):\n"
                "    requests.post(\n"
                '        "https://rest.iad-01.braze.com/users/track",\n'
                '        headers={"Authorization": f"Bearer {TOKEN}"},\n'
                '        json={"events": events},\n'
                "        timeout=10,\n"
                "    )\n"
            ),
        },
        select=RULES,
    )
    assert _found(result) == [("server/sync.py", 6, "BRZ101")]


def test_a_java_constructor_argument_that_becomes_the_header(scan_tree) -> None:
    result = scan_tree(
        {
            "src/main/java/com/example/BrazeApi.java": (
                "package com.example;\n"
                "import java.net.HttpURLConnection;\n"
                "import java.net.URL;\n"
                "class BrazeApi {\n"
                "    private final String secret;\n"
                "    BrazeApi(String secret) { this.secret = secret; }\n"
                "    void track() throws Exception {\n"
                '        URL url = new URL("https://rest.iad-01.braze.com/users/track");\n'
                "        HttpURLConnection c = (HttpURLConnection) url.openConnection();\n"
                '        c.setRequestProperty("Authorization", "Bearer " + this.secret);\n'
                "    }\n"
                "    static BrazeApi make() {\n"
                f'        return new BrazeApi("{KEY}");\n'
                "    }\n"
                "}\n"
            )
        },
        select={"BRZ101"},
    )
    assert _found(result) == [("src/main/java/com/example/BrazeApi.java", 13, "BRZ101")]


def test_bearer_tokens_of_other_hosts_and_proxies_are_not_braze_keys(scan_tree) -> None:
    result = scan_tree(
        {
            "src/api.tsx": (
                'import React from "react";\n'
                'import { API_TOKEN } from "@env";\n'
                "export const me = () =>\n"
                '  fetch("https://api.example.com/me", {\n'
                "    headers: { Authorization: `Bearer ${API_TOKEN}` },\n"
                "  });\n"
                "export const viaProxy = (events: unknown[]) =>\n"
                '  fetch("https://proxy.example.com/braze/users/track", {\n'
                "    headers: { Authorization: `Bearer ${API_TOKEN}` },\n"
                "    body: JSON.stringify({ events }),\n"
                "  });\n"
            )
        },
        select=RULES,
    )
    assert result.findings == []


def test_only_an_argument_that_looks_like_a_key_is_taken_by_position(scan_tree) -> None:
    result = scan_tree(
        {
            "app/src/main/java/com/example/Client.kt": (
                "package com.example\n"
                "import android.content.Context\n"
                "import okhttp3.Request\n"
                "class BrazeClient(private val context: Context) {\n"
                '    var token: String = ""\n'
                "    fun track() {\n"
                "        Request.Builder()\n"
                '            .url("https://rest.iad-01.braze.com/users/track")\n'
                '            .header("Authorization", "Bearer $token")\n'
                "            .build()\n"
                "    }\n"
                "}\n"
                "fun start(context: Context) { BrazeClient(context).track() }\n"
            )
        },
        select=RULES,
    )
    call = _one(result, "BRZ102")
    assert "`context`" not in call.message
    assert all("context" not in r.message for r in call.related)


def test_bearer_tokens_read_headers_of_every_shape() -> None:
    source = (
        "import 'package:http/http.dart' as http;\n"
        "class BrazeRest {\n"
        "  static const key = String.fromEnvironment('TOKEN');\n"
        "  Future<void> rename() async {\n"
        "    await http.post(Uri.parse('https://rest.iad-01.braze.com/users/external_ids/rename'),\n"
        "        headers: {'Authorization': 'Bearer $key'}, body: '{}');\n"
        "  }\n"
        "}\n"
    )
    facts = parse_source("lib/braze_rest.dart", Language.DART, source.encode(), [])
    assert facts is not None
    [token] = bearer_tokens(facts)
    assert token.token.text == "String.fromEnvironment"
    assert token.target == "`rest.iad-01.braze.com/users/external_ids/rename`"
    assert token.span.line == 6


def test_objective_c_format_calls_and_header_assignments(scan_tree) -> None:
    result = scan_tree(
        {
            "App/BrazeRest.m": (
                "#import <Foundation/Foundation.h>\n"
                f'static NSString *const kToken = @"{KEY}";\n'
                "@implementation BrazeRest\n"
                "- (void)track {\n"
                "  NSMutableURLRequest *request = [NSMutableURLRequest requestWithURL:\n"
                '    [NSURL URLWithString:@"https://rest.iad-01.braze.com/users/track"]];\n'
                '  [request setValue:[NSString stringWithFormat:@"Bearer %@", kToken]\n'
                '    forHTTPHeaderField:@"Authorization"];\n'
                "}\n"
                "@end\n"
            ),
            "lib/client.js": (
                'const url = "https://rest.iad-01.braze.com/users/track";\n'
                "const config = { url, headers: {} };\n"
                "config.headers.Authorization = `Bearer ${process.env.VITE_TOKEN}`;\n"
                "export default config;\n"
            ),
        },
        select=RULES,
    )
    assert ("App/BrazeRest.m", 2, "BRZ101") in _found(result)
    assert ("lib/client.js", 3, "BRZ102") in _found(result)
    prefixed = next(f for f in result.findings if f.path == "lib/client.js")
    assert "`VITE_` variable" in prefixed.message


def test_a_client_instance_configured_for_braze_reports_the_key_it_sends(scan_tree) -> None:
    # An axios instance: no request call brazelint sees, but the Bearer token of a client
    # built for a Braze REST host is the REST key.
    result = scan_tree(
        {
            "src/brazeApi.tsx": (
                'import axios from "axios";\n'
                'import React from "react";\n'
                'import { API_TOKEN } from "@env";\n'
                "export const brazeApi = axios.create({\n"
                '  baseURL: "https://rest.iad-01.braze.com",\n'
                "  headers: { Authorization: `Bearer ${API_TOKEN}` },\n"
                "});\n"
            )
        },
        select=RULES,
    )
    finding = _one(result, "BRZ102")
    assert finding.span.line == 6
    assert "client code sends `API_TOKEN` (imported from `@env`" in finding.message
    assert "so it is the Braze REST API key, whatever its name" in finding.message
