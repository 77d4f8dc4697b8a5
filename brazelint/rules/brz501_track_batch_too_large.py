"""BRZ501 track-batch-too-large: a /users/track request body whose arrays hold more objects
than Braze accepts in one request.

Braze's default limit is 75 objects in total across ``attributes``, ``events`` and
``purchases`` (braze-facts.md §0, §3.3); customers on legacy rate limits may send 75 per
array, and contracts differ, so the limit is ``RuleSettings.track_batch_limit``
(``track-batch-limit`` in configuration). An array's size is known when it is

- a list literal (its elements are counted),
- a comprehension / ``.map`` over something of known size,
- a slice with a constant length: ``users[:100]``, ``users[i:i + BATCH]``,
  ``users.slice(i, i + 100)``, ``islice(users, 100)``,
- the loop variable of ``for batch in chunks(users, 100)`` (any call whose name says it
  chunks — chunk, batch, partition, split, group, page — with one constant size argument:
  ``chunked``, ``batched``, ``_.chunk``, ``partition_all``).

Arrays of unknown size count as zero, so the rule only reports what it can show. Only
files that name ``/users/track`` are read (other vendors use the same body shape).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from brazelint.braze.rest import users_track_bodies
from brazelint.facts import Call, FileFacts, Flow, Loop, Span, Value, ValueKind
from brazelint.findings import Finding
from brazelint.languages import Language
from brazelint.rule import FileRule

_ARRAYS = ("attributes", "events", "purchases")
#: Callee names that split a collection into batches of a given size.
_CHUNKER = re.compile(r"chunk|batch|partition|split|group|page", re.IGNORECASE)
#: Calls that keep their argument's size.
_SAME_SIZE = frozenset({"list", "tuple", "sorted", "Array.from", "Array.of", "from"})
_MAX_DEPTH = 8


@dataclass(frozen=True, slots=True)
class Size:
    count: int
    #: Where the count comes from (the list, the slice bound, the chunk size).
    span: Span
    how: str


class TrackBatchTooLarge(FileRule):
    id = "BRZ501"
    keywords = rb"users/track"
    languages = frozenset({Language.PYTHON, Language.JAVASCRIPT, Language.TYPESCRIPT, Language.TSX})

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        limit = self.settings.track_batch_limit
        reported: set[Span] = set()
        for body, flow in users_track_bodies(facts):
            sizes: list[tuple[str, Size]] = []
            for array in _ARRAYS:
                value = body.get(array)
                if value is None:
                    continue
                size = size_of(value, facts, flow)
                if size is not None:
                    sizes.append((array, size))
            total = sum(size.count for _, size in sizes)
            if total <= limit:
                continue
            alone = [size for _, size in sizes if size.count > limit]
            where = alone[0].span if len(alone) == 1 and len(sizes) == 1 else body.span
            if where in reported:
                continue
            reported.add(where)
            parts = "; ".join(f"{array}: {size.count} ({size.how})" for array, size in sizes)
            yield self.finding(
                facts.path,
                where,
                f"this /users/track body carries up to {total} objects ({parts}); Braze "
                f"accepts at most {limit} objects per request across attributes, events and "
                f"purchases combined, and rejects the rest: send batches of {limit} or fewer",
                fingerprint_key=f"{total}:{parts}",
            )


def size_of(value: Value, facts: FileFacts, flow: Flow, depth: int = 0) -> Size | None:
    """How many elements ``value`` holds, when the code makes that certain."""
    if depth > _MAX_DEPTH:
        return None
    kind = value.kind
    if kind is ValueKind.LIST:
        count = len(value.items)
        return Size(count, value.span, f"a list literal of {count}")
    if kind is ValueKind.COMPREHENSION and len(value.items) == 2:
        inner = size_of(value.items[1], facts, flow, depth + 1)
        if inner is None:
            return None
        return Size(inner.count, inner.span, f"one per element of {inner.how}")
    if kind is ValueKind.SLICE and len(value.items) == 3:
        return _slice(value.items[1], value.items[2], value.text)
    if kind is ValueKind.CALL and value.call is not None:
        return _call_size(value, value.call, facts, flow, depth)
    if kind is ValueKind.NAME:
        loop = _binding_loop(value.text, facts, flow)
        if loop is not None:
            chunk = _chunk_size(loop.iterable)
            if chunk is not None:
                return chunk
    return None


def _call_size(value: Value, call: Call, facts: FileFacts, flow: Flow, depth: int) -> Size | None:
    name = call.name
    positional = [a.value for a in call.args if a.label is None]
    if name == "slice" and len(call.chain) >= 2 and len(positional) == 2:
        return _slice(positional[0], positional[1], f"{value.text}(…)")
    if name == "islice" and len(positional) in (2, 3):
        if len(positional) == 2:
            return _slice(_NONE, positional[1], value.text)
        return _slice(positional[1], positional[2], value.text)
    if (value.text in _SAME_SIZE or name in ("list", "tuple", "sorted")) and positional:
        return size_of(positional[0], facts, flow, depth + 1)
    return None


_NONE = Value(ValueKind.NULL, "None", Span(0, 0, 0, 0))


def _slice(start: Value, stop: Value, text: str) -> Size | None:
    """The length of ``[start:stop]`` when it is a constant: ``[:N]``, ``[a:b]`` with literal
    bounds, ``[i:i + N]``."""
    how = f"the slice {text}"
    stop_number = _number(stop)
    if stop_number is not None:
        start_number = 0 if start.kind is ValueKind.NULL else _number(start)
        if start_number is None:
            return None
        count = stop_number - start_number
        return Size(count, stop.span, how) if count >= 0 else None
    if stop.kind is ValueKind.ARITHMETIC and stop.operator == "+" and len(stop.items) == 2:
        left, right = stop.items
        for base, step in ((left, right), (right, left)):
            length = _number(step)
            if length is not None and _same(base, start):
                return Size(length, step.span, how)
    return None


def _same(a: Value, b: Value) -> bool:
    """Two occurrences of one expression (``i`` in ``xs[i:i + 100]``), also after both were
    substituted from the same name."""
    if a.resolved_from is not None or b.resolved_from is not None:
        return a.resolved_from == b.resolved_from
    return a.kind is b.kind and a.text == b.text


def _number(value: Value) -> int | None:
    if value.kind is not ValueKind.NUMBER or value.number is None:
        return None
    if value.number != int(value.number):
        return None
    return int(value.number)


def _binding_loop(name: str, facts: FileFacts, flow: Flow) -> Loop | None:
    """The enclosing ``for`` loop (same scope) that binds ``name`` on each iteration."""
    for loop in facts.loops:
        if name in loop.targets and loop.flow.scope == flow.scope and loop.label in flow.loops:
            return loop
    return None


def _chunk_size(iterable: Value) -> Size | None:
    """``chunks(users, 100)`` → 100: a chunking call with one constant size argument (also
    wrapped in ``list(...)``)."""
    if iterable.kind is not ValueKind.CALL or iterable.call is None:
        return None
    call = iterable.call
    if call.name in ("list", "tuple", "enumerate") and call.args:
        return _chunk_size(call.args[0].value)
    if not _CHUNKER.search(call.name):
        return None
    numbers = [a.value for a in call.args if _number(a.value) is not None]
    if len(numbers) != 1:
        return None
    size = numbers[0]
    count = _number(size)
    assert count is not None  # filtered above
    return Size(count, size.span, f"batches of {count} from {iterable.text}()")
