"""Parse noise: valid modern code is no syntax error, and code a grammar truly cannot read
is said once per file, in one line, and only when the file mentions Braze."""

from __future__ import annotations

from pathlib import Path

from brazelint.catalog import load_catalog
from brazelint.engine import ScanOptions, ScanResult, scan
from brazelint.frontends import javascript
from brazelint.languages import Language
from brazelint.prefilter import BRAZE_KEYWORDS, mentions_braze

GENERIC_TAGGED_TEMPLATE = (
    'import styled from "styled-components/native";\n'
    'import Braze from "@braze/react-native-sdk";\n'
    "\n"
    "const Row = styled.View<{ selected?: boolean }>`\n"
    "  padding: 4px;\n"
    "`;\n"
    "\n"
    "export function Item({ user }: { user: { email: string } }) {\n"
    "  Braze.changeUser(user.email);\n"
    "  return <Row selected />;\n"
    "}\n"
)

FLOW = (
    "// @flow\n"
    'import Braze from "@braze/react-native-sdk";\n'
    "\n"
    "type Account = { email: string, id: ?string };\n"
    "\n"
    "export function signIn(account: Account): void {\n"
    "  Braze.changeUser(account.email);\n"
    "}\n"
)


def _scan(root: Path, files: dict[str, str]) -> ScanResult:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return scan(ScanOptions(targets=(root,), enabled=frozenset(load_catalog()), root=root))


def test_generic_tagged_template_is_no_syntax_error() -> None:
    for language in (Language.TSX, Language.TYPESCRIPT):
        text = GENERIC_TAGGED_TEMPLATE
        if language is Language.TYPESCRIPT:
            text = text.replace("  return <Row selected />;\n", "  return Row;\n")
        facts = javascript.parse("Item.tsx", text, language)
        assert facts.problems == ()
        assert ("Braze", "changeUser") in [call.chain for call in facts.calls]


def test_a_real_error_next_to_a_generic_template_is_still_one() -> None:
    broken = GENERIC_TAGGED_TEMPLATE + "function broken( {\n"
    facts = javascript.parse("Item.tsx", broken, Language.TSX)
    assert [problem.message for problem in facts.problems] == ["syntax error"]
    assert facts.problems[0].span.line >= 12


def test_flow_typed_javascript_is_read_as_typed_code() -> None:
    facts = javascript.parse("signIn.js", FLOW, Language.JAVASCRIPT)
    assert facts.problems == ()
    [call] = [call for call in facts.calls if call.chain == ("Braze", "changeUser")]
    assert call.args[0].value.text == "account.email"


def test_plain_javascript_keeps_its_own_grammar_and_errors() -> None:
    broken = 'import * as braze from "@braze/web-sdk";\nbraze.openSession(;\n'
    facts = javascript.parse("a.js", broken, Language.JAVASCRIPT)
    assert [problem.message for problem in facts.problems] == ["syntax error"]


def test_modern_code_gives_findings_and_no_notification(tmp_path: Path) -> None:
    result = _scan(tmp_path, {"src/Item.tsx": GENERIC_TAGGED_TEMPLATE, "src/signIn.js": FLOW})
    assert result.notifications == []
    found = sorted((f.path, f.span.line, f.rule_id) for f in result.findings)
    assert ("src/Item.tsx", 9, "BRZ301") in found
    assert ("src/signIn.js", 7, "BRZ301") in found


def test_unreadable_braze_file_is_one_line(tmp_path: Path) -> None:
    broken = (
        'import * as braze from "@braze/web-sdk";\n'
        'braze.logCustomEvent("purchase");\n'
        "const a = = 1;\n"
        "const b = = 2;\n"
        "const c = = 3;\n"
    )
    result = _scan(tmp_path, {"web/broken.js": broken})
    [note] = result.notifications
    assert note.path == "web/broken.js"
    assert note.message == "syntax error (and 2 other places); the rest was read"
    assert note.span is not None and note.span.line == 3
    # The rest of the file was still read.
    assert ("web/broken.js", 2, "BRZ401") in [
        (f.path, f.span.line, f.rule_id) for f in result.findings
    ]


def test_unreadable_file_without_braze_is_silent(tmp_path: Path) -> None:
    # Read for its Liquid-looking `{{` (BRZ601's keyword), but nothing in it is Braze.
    other = "const t = `{{ name }}`;\nfunction a( {{ \n"
    result = _scan(tmp_path, {"web/other.js": other})
    assert result.notifications == []


def test_one_definition_of_braze_in_sight() -> None:
    assert BRAZE_KEYWORDS == rb"braze|appboy"
    assert mentions_braze(b"window.APPBOY.x") and mentions_braze("import Braze")
    assert not mentions_braze(b"analytics.track()") and not mentions_braze("")
