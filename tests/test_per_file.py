"""``per_file``: a helper's answer is computed once per facts object, never reused for a
different file (even an equal one), and the memo never holds more than the latest file."""

from __future__ import annotations

from brazelint.braze.per_file import per_file
from brazelint.facts import FileFacts
from brazelint.languages import Language


def test_answer_is_computed_once_per_facts_object() -> None:
    calls: list[str] = []

    @per_file
    def path_length(facts: FileFacts) -> int:
        calls.append(facts.path)
        return len(facts.path)

    first = FileFacts("a.js", Language.JAVASCRIPT)
    equal_but_other = FileFacts("a.js", Language.JAVASCRIPT)
    assert first == equal_but_other and first is not equal_but_other
    assert path_length(first) == path_length(first) == 4
    assert calls == ["a.js"]
    # Identity, not equality: another file object is asked again (equality would walk it).
    assert path_length(equal_but_other) == 4
    assert calls == ["a.js", "a.js"]
    # One slot: going back to the first file computes it again.
    path_length(first)
    assert calls == ["a.js", "a.js", "a.js"]


def test_each_helper_has_its_own_memo() -> None:
    @per_file
    def language(facts: FileFacts) -> str:
        return facts.language.value

    @per_file
    def path(facts: FileFacts) -> str:
        return facts.path

    facts = FileFacts("b.py", Language.PYTHON)
    assert (language(facts), path(facts)) == ("python", "b.py")
    assert (language(facts), path(facts)) == ("python", "b.py")
