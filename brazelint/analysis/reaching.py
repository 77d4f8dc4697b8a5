"""Reaching definitions on the facts' flow: which assignments of a name may give it its
value at a use, the same way for every language.

A file's facts place each statement in a scope, at an order, on a branch path (the arms of
the conditionals around it) and in loops (``facts.Flow``). That is enough for the question
value flow asks, without a control-flow graph:

- the last assignment before the use whose branch path is a prefix of the use's dominates
  it (every way to the use passes it) and hides the assignments before it;
- an assignment after that one, in an arm the use is not in, may reach the use too (the
  ``if`` it sits in may or may not have run) — unless it sits in another arm of a
  conditional the use is also inside (the arms exclude each other);
- in a loop, an assignment later in the body reaches an earlier use on the next iteration.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from brazelint.facts import Assignment, Flow


@dataclass(frozen=True, slots=True)
class Reaching:
    """The assignments that may give a name its value at a use. ``open`` is True when the
    value may also come from before the scope's first assignment (a parameter, a global, a
    file-level constant): no assignment dominates the use."""

    assignments: tuple[Assignment, ...]
    open: bool


class Definitions:
    """The local assignments of a file, by scope and dotted target."""

    def __init__(self, assignments: Iterable[Assignment]) -> None:
        by_name: dict[tuple[str, str], list[Assignment]] = defaultdict(list)
        for assignment in assignments:
            if assignment.file_level or not assignment.target:
                continue
            by_name[(assignment.flow.scope, ".".join(assignment.target))].append(assignment)
        for found in by_name.values():
            found.sort(key=lambda a: a.flow.order)
        self._by_name = dict(by_name)

    def assigned_in(self, scope: str, name: str) -> bool:
        return (scope, name) in self._by_name

    def reaching(self, name: str, use: Flow) -> Reaching | None:
        """What reaches ``name`` at ``use``; None when the scope never assigns it."""
        found = self._by_name.get((use.scope, name))
        if not found:
            return None
        dominating = -1
        for index, assignment in enumerate(found):
            if assignment.flow.order >= use.order:
                break
            if _is_prefix(assignment.flow.branch, use.branch):
                dominating = index
        chosen: list[Assignment] = []
        if dominating >= 0:
            chosen.append(found[dominating])
        for assignment in found[dominating + 1 :]:
            flow = assignment.flow
            if flow.order < use.order:
                if not _exclusive(flow.branch, use.branch):
                    chosen.append(assignment)
            elif _same_loop(flow, use) and not _exclusive(flow.branch, use.branch):
                chosen.append(assignment)
        return Reaching(tuple(chosen), dominating < 0)


def _is_prefix(branch: tuple[str, ...], of: tuple[str, ...]) -> bool:
    return len(branch) <= len(of) and of[: len(branch)] == branch


def _exclusive(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    """Whether the two branch paths go down different arms of one conditional."""
    for a, b in zip(first, second, strict=False):
        if a == b:
            continue
        return a.partition(":")[0] == b.partition(":")[0]
    return False


def _same_loop(definition: Flow, use: Flow) -> bool:
    return bool(use.loops) and bool(set(definition.loops) & set(use.loops))
