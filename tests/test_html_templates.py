"""HTML templates where Braze is in sight: inline scripts are JavaScript at the file's own
positions, attribute values that name Braze are strings, a select's options are one
chooser; files that do not mention Braze are read for Liquid only."""

from __future__ import annotations

from pathlib import Path

from brazelint.catalog import load_catalog
from brazelint.engine import ScanOptions, ScanResult, scan
from brazelint.frontends import liquid
from brazelint.languages import Language

IN_APP_MESSAGE = (
    "<!DOCTYPE html>\n"
    "<html>\n"
    "<head><title>Votre avis — ça compte 🎉</title></head>\n"
    "<body>\n"
    '  <p>Hi {{ ${first_name} | default: "there" }}</p>\n'
    '  <button id="yes">Yes</button>\n'
    "  <script>\n"
    '    document.getElementById("yes").onclick = function () {\n'
    '      appboyBridge.logClick("yes");\n'
    '      var name = {{ ${first_name} | default: "x" | json }};\n'
    "      appboyBridge.closeMessage();\n"
    "    };\n"
    "  </script>\n"
    "</body>\n"
    "</html>\n"
)


def _scan(root: Path, files: dict[str, str]) -> ScanResult:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return scan(ScanOptions(targets=(root,), enabled=frozenset(load_catalog()), root=root))


def _found(result: ScanResult) -> list[tuple[str, int, int, str]]:
    return sorted((f.path, f.span.line, f.span.col, f.rule_id) for f in result.findings)


def test_inline_script_calls_are_at_the_files_positions() -> None:
    facts = liquid.parse("iam/index.html", IN_APP_MESSAGE, Language.LIQUID)
    calls = {call.chain: call for call in facts.calls}
    click = calls[("appboyBridge", "logClick")]
    assert (click.span.line, click.span.col) == (9, 7)
    # Byte offsets are the raw file's, past the multi-byte title.
    start = IN_APP_MESSAGE.encode("utf-8").index(b"appboyBridge.logClick")
    assert click.span.start_byte == start
    assert ("appboyBridge", "closeMessage") in calls
    # Liquid inside the script is no syntax error; the Liquid is still read.
    assert facts.problems == ()
    assert len(facts.liquid) == 2


def test_in_app_message_template_reports_the_legacy_bridge(tmp_path: Path) -> None:
    result = _scan(tmp_path, {"iam/index.html": IN_APP_MESSAGE})
    assert _found(result) == [
        ("iam/index.html", 9, 20, "BRZ703"),
        ("iam/index.html", 11, 20, "BRZ703"),
    ]
    assert "brazeBridge.logClick()" in result.findings[0].message
    assert result.notifications == []


def test_page_that_loads_the_web_sdk(tmp_path: Path) -> None:
    page = (
        "<html><head>\n"
        '<script src="https://js.appboycdn.com/web-sdk/3.5/appboy.min.js"></script>\n'
        '<script type="text/template">appboy.initialize("not run")</script>\n'
        "<script>\n"
        '  braze.initialize("web-app-identifier", {\n'
        '    baseUrl: "sdk.iad-9.braze.com",\n'
        "    enableLogging: true,\n"
        "  });\n"
        "</script>\n"
        "</head></html>\n"
    )
    result = _scan(tmp_path, {"web/index.html": page})
    assert [(line, rule) for _, line, _, rule in _found(result)] == [
        (2, "BRZ703"),  # the appboy.min.js attribute
        (6, "BRZ201"),
        (7, "BRZ701"),
    ]


def test_a_select_of_clusters_is_a_chooser(tmp_path: Path) -> None:
    files = {
        "web/settings.html": (
            "<!-- Braze cluster picker -->\n"
            '<select name="cluster">\n'
            '  <option value="sdk.iad-01.braze.com">US-01</option>\n'
            '  <option value="sdk.fra-01.braze.eu">EU-01</option>\n'
            '  <option value="sdk.iad-77.braze.com">US-77</option>\n'
            "</select>\n"
        ),
        "web/app.js": (
            'import * as braze from "@braze/web-sdk";\n'
            'braze.initialize("k", { baseUrl: "sdk.iad-01.braze.com" });\n'
        ),
    }
    # No region mismatch for the options; the unknown option is still an unknown host.
    assert _found(_scan(tmp_path, files)) == [("web/settings.html", 5, 18, "BRZ201")]
    facts = liquid.parse("web/settings.html", files["web/settings.html"], Language.LIQUID)
    assert [literal.flow.branch[0].split(":")[1] for literal in facts.strings] == ["0", "1", "2"]


def test_html_without_braze_is_read_for_liquid_only() -> None:
    page = '<script>analytics.track("x", { url: "https://example.com" });</script>\n{{ name }}\n'
    facts = liquid.parse("web/index.html", page, Language.LIQUID)
    assert facts.calls == () and facts.strings == ()
    assert len(facts.liquid) == 1


def test_a_broken_page_still_gives_its_liquid(tmp_path: Path) -> None:
    page = "<script>braze.changeUser(</script>\n<p>{{${first_name}}}</p>\n"
    result = _scan(tmp_path, {"web/broken.html": page})
    assert _found(result) == [("web/broken.html", 2, 4, "BRZ601")]
    assert result.notifications == []


README = (
    "# Braze setup\n"
    "\n"
    "In prose, sdk.iad-99.braze.com is not read.\n"
    "\n"
    "```js\n"
    'braze.initialize("key", { baseUrl: "sdk.iad-1.braze.com", enableLogging: true });\n'
    "```\n"
    "\n"
    "~~~\n"
    "curl https://rest.iad-01.braze.com/users/track\n"
    "curl https://rest.fra-01.braze.eu/users/track\n"
    "~~~\n"
    "\n"
    "Hi {{${first_name}}} outside a fence is prose.\n"
)


def test_markdown_fences_give_hosts_and_liquid(tmp_path: Path) -> None:
    facts = liquid.parse("README.md", README, Language.LIQUID)
    assert facts.calls == ()  # a snippet is not the app's code
    texts = [literal.text for literal in facts.strings]
    assert "sdk.iad-99.braze.com" not in " ".join(texts)
    assert any("sdk.iad-1.braze.com" in text for text in texts)
    assert "https://rest.iad-01.braze.com/users/track" in texts
    assert facts.liquid == ()
    result = _scan(tmp_path, {"README.md": README})
    # The malformed host in the fence; the two clusters documented are no mismatch, and
    # enableLogging in a snippet is not shipped code.
    assert [(line, rule) for _, line, _, rule in _found(result)] == [(6, "BRZ201")]


def test_markdown_and_text_without_braze_are_not_read() -> None:
    assert liquid.parse("docs/x.md", "```\n{{ a }}\n```\n", Language.LIQUID).liquid == ()
    assert liquid.parse("notes.txt", "Hello {{ name }}\n", Language.LIQUID).liquid == ()
    # Braze's own Liquid is Braze in sight for a plain-text template.
    facts = liquid.parse("welcome.txt", "Hello {{${first_name}}}\n", Language.LIQUID)
    assert [output.expression for output in facts.liquid] == ["${first_name}"]
