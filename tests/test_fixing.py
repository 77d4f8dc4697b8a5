"""brazelint.fixing: rounds of apply-and-reanalyse in memory, writes only to files as read."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from brazelint.facts import Span
from brazelint.findings import Applicability, Edit, Finding, Fix, Severity
from brazelint.fixing import MAX_ROUNDS, fix_findings, unified_diff, write_changes

SOURCE = 'a = "http://x"\nb = "http://y"\n'


def _finding(line: int, applicability: Applicability = Applicability.SAFE) -> Finding:
    fix = Fix("https", (Edit(Span(line, 6, line, 13), "https://", "http://"),), applicability)
    return Finding(
        "BRZ204", "app.py", Span(line, 6, line, 13), "plain http", Severity.WARNING, fix=fix
    )


def _lines(text: str) -> dict[str, tuple[str, ...]]:
    return {"app.py": tuple(line.removesuffix("\r") for line in text.split("\n"))}


def _no_more(files: Mapping[str, bytes]) -> list[Finding]:
    return []


def test_safe_fixes_are_applied_in_memory_and_written(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(SOURCE)
    outcome = fix_findings(
        [_finding(1), _finding(2)], _lines(SOURCE), tmp_path, _no_more, unsafe=False
    )
    assert (tmp_path / "app.py").read_text() == SOURCE, "nothing is written before write_changes"
    assert outcome.fixed == 2
    assert write_changes(outcome, tmp_path) == ["app.py"]
    assert (tmp_path / "app.py").read_text() == SOURCE.replace("http://", "https://")


def test_unsafe_fixes_need_the_flag_and_display_only_never_apply(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(SOURCE)
    found = [_finding(1, Applicability.UNSAFE), _finding(2, Applicability.DISPLAY_ONLY)]
    assert not fix_findings(found, _lines(SOURCE), tmp_path, _no_more, unsafe=False).changes
    outcome = fix_findings(found, _lines(SOURCE), tmp_path, _no_more, unsafe=True)
    assert outcome.changes["app.py"][1] == b'a = "https://x"\nb = "http://y"\n'


def test_reanalysis_feeds_the_next_round(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(SOURCE)
    seen: list[bytes] = []

    def second_round(files: Mapping[str, bytes]) -> list[Finding]:
        seen.append(files["app.py"])
        return [_finding(2)] if len(seen) == 1 else []

    outcome = fix_findings([_finding(1)], _lines(SOURCE), tmp_path, second_round, unsafe=False)
    assert seen[0] == b'a = "https://x"\nb = "http://y"\n', "re-analysis sees the fixed bytes"
    assert outcome.changes["app.py"][1] == SOURCE.replace("http://", "https://").encode()


def test_a_fix_that_keeps_coming_back_stops_after_the_bound(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("x\n")
    rounds: list[int] = []

    def grow(files: Mapping[str, bytes]) -> list[Finding]:
        rounds.append(1)
        text = files["app.py"].decode()
        end = len(text.split("\n")[0]) + 1
        edit = Edit(Span(1, end, 1, end), "x", "")
        return [
            Finding(
                "BRZ999",
                "app.py",
                Span(1, 1, 1, 2),
                "m",
                Severity.WARNING,
                fix=Fix("grow", (edit,), Applicability.SAFE),
            )
        ]

    first = grow({"app.py": b"x\n"})[0]
    rounds.clear()
    outcome = fix_findings([first], _lines("x\n"), tmp_path, grow, unsafe=False)
    assert len(rounds) == MAX_ROUNDS
    assert any("rounds" in note.message for note in outcome.notifications)


def test_a_file_changed_since_the_scan_is_not_fixed(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(SOURCE + "c = 1\n")
    outcome = fix_findings([_finding(1)], _lines(SOURCE), tmp_path, _no_more, unsafe=False)
    assert not outcome.changes
    assert [n.message for n in outcome.notifications] == [
        "the file changed since it was scanned; not fixed"
    ]


def test_a_file_changed_while_fixing_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "app.py"
    target.write_text(SOURCE)
    outcome = fix_findings([_finding(1)], _lines(SOURCE), tmp_path, _no_more, unsafe=False)
    target.write_text(SOURCE + "# edited by someone\n")
    assert write_changes(outcome, tmp_path) == []
    assert target.read_text() == SOURCE + "# edited by someone\n"
    assert "left alone" in outcome.notifications[-1].message


def test_crlf_and_non_ascii_survive(tmp_path: Path) -> None:
    text = 'é = "http://x"\r\n'
    (tmp_path / "app.py").write_bytes(text.encode())
    outcome = fix_findings([_finding(1)], _lines(text), tmp_path, _no_more, unsafe=False)
    assert outcome.changes["app.py"][1] == 'é = "https://x"\r\n'.encode()


def test_the_diff_is_scrubbed(tmp_path: Path) -> None:
    text = 'a = "http://x"\nkey = "SECRET-KEY-VALUE"\n'
    (tmp_path / "app.py").write_text(text)
    outcome = fix_findings([_finding(1)], _lines(text), tmp_path, _no_more, unsafe=False)
    diff = unified_diff(outcome, lambda line: line.replace("SECRET-KEY-VALUE", "SECR…"))
    assert diff.startswith("--- a/app.py\n+++ b/app.py\n")
    assert '-a = "http://x"\n+a = "https://x"\n' in diff
    assert "SECRET-KEY-VALUE" not in diff and "SECR…" in diff
