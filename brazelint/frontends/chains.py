"""Receiver paths of calls (``braze.getUser().setEmail(x).setName(y)``), shared by the
frontends that walk a call's callee down to its root.

Every call of a chain has the whole chain below it as its receiver. Finding each call's
path by walking that receiver again makes a chain of n links cost n²/2 steps, and keeping
each call's whole path makes its facts hold n²/2 names. So a frontend walks a chain once,
from the outermost call down, noting as ``ChainStep``s what each node adds and which
nodes are callees of inner calls; ``ChainPaths.finish`` then gives the outer path and
remembers each inner callee's, so that building the inner calls later is a lookup. A path
keeps its last ``MAX_CHAIN_PARTS`` names (the called name and what it is called on).
"""

from __future__ import annotations

from typing import NamedTuple

from tree_sitter import Node

from brazelint import limits

#: Names of a path kept: the last ones.
MAX_CHAIN_PARTS = limits.CHAIN_PARTS

#: A path: its names, root first, and the node of the last (outermost) name.
Path = tuple[tuple[str, ...], Node | None]


class ChainStep(NamedTuple):
    """What one node walked past adds to the paths above it."""

    #: A name (None: the node adds none, like a call or a parenthesis).
    name: str | None
    #: The node that stands for the path's last name when no node above has one.
    node: Node | None


class ChainPaths:
    """The paths already known, by the id of the callee node they belong to."""

    def __init__(self) -> None:
        self._known: dict[int, Path | None] = {}

    def __contains__(self, node_id: int) -> bool:
        return node_id in self._known

    def known(self, node_id: int) -> Path | None:
        """The path remembered for a node (None: no nameable root); see ``__contains__``."""
        return self._known[node_id]

    def finish(
        self, steps: list[ChainStep], callees: list[tuple[int, int]], below: Path
    ) -> Path:
        """The path of the walk's first node, remembering those of ``callees``.

        ``steps``: what each node walked past added, outermost first; ``callees``: the ids
        of inner calls' callees met on the way, each with the number of steps before it;
        ``below``: the path under the last node walked (``((), None)`` at a root, or the
        remembered path of the node the walk stopped at)."""
        below_names, below_last = below
        names: list[str] = []
        #: Names found before each step, so a callee's names are a slice of ``names``.
        names_before: list[int] = []
        for step in steps:
            names_before.append(len(names))
            if step.name is not None:
                names.append(step.name)
        names_before.append(len(names))
        # The node of a path's last name: the first one from its top, else the one below.
        last_from: list[Node | None] = [below_last] * (len(steps) + 1)
        for index in range(len(steps) - 1, -1, -1):
            node = steps[index].node
            last_from[index] = node if node is not None else last_from[index + 1]

        def path_from(index: int) -> Path:
            # Only the last MAX_CHAIN_PARTS names are kept, so only that many are read:
            # a callee deep in a long chain costs no more than that.
            start = names_before[index]
            above = names[start : start + MAX_CHAIN_PARTS]
            room = MAX_CHAIN_PARTS - len(above)
            kept_below = below_names[max(0, len(below_names) - room) :] if room else ()
            return (*kept_below, *reversed(above)), last_from[index]

        for node_id, index in callees:
            self._known[node_id] = path_from(index)
        return path_from(0)

    def fail(self, callees: list[tuple[int, int]]) -> None:
        """The walk ended at a root that cannot be named: so do the callees' paths."""
        for node_id, _ in callees:
            self._known[node_id] = None
