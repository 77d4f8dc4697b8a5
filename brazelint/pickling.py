"""Pickling facts and outcomes quickly, and unpickling untrusted bytes safely.

Frozen, slotted dataclasses (every fact) pickle through ``dataclasses``' generic
``__getstate__``/``__setstate__``, which call ``fields()`` for every object: unpickling the
outcomes of a thousand files took about 15 s. Here a dataclass is reduced to its class
and its field values instead, so unpickling is one constructor call per object (none of
the classes has ``__post_init__``; one that had would run it again, harmlessly).

Bytes read back from the cache folder could have been planted, and unpickling can run
code, so :func:`loads_untrusted` only builds brazelint's data classes and plain
containers.
"""

from __future__ import annotations

import dataclasses
import io
import pickle
from typing import Any

#: Modules whose classes an outcome may contain: facts, findings and their enums; nothing
#: with behaviour.
_DATA_MODULES = frozenset(
    {"brazelint.facts", "brazelint.findings", "brazelint.languages", "brazelint.context"}
)
_DATA_CLASSES = frozenset(
    {("brazelint.analyzer", "FileOutcome"), ("brazelint.analysis.wrappers", "Wrapper")}
)
_BUILTINS = frozenset({"frozenset", "set", "tuple", "list", "dict", "slice"})


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._names: dict[type, tuple[str, ...] | None] = {}

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        names = self._names.get(kind, ())
        if names == ():
            names = _init_fields(kind)
            self._names[kind] = names
        if names is None:
            return NotImplemented
        return kind, tuple(getattr(obj, name) for name in names)


def _init_fields(kind: type) -> tuple[str, ...] | None:
    """The field names of a dataclass whose constructor takes exactly its fields, in
    order; None for anything else (pickled the usual way)."""
    if not dataclasses.is_dataclass(kind) or not kind.__module__.startswith("brazelint."):
        return None
    fields = dataclasses.fields(kind)
    if not all(f.init for f in fields) or hasattr(kind, "__post_init__"):
        return None
    return tuple(f.name for f in fields)


def dumps(value: Any) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer).dump(value)
    return buffer.getvalue()


def loads_trusted(data: bytes) -> Any:
    """Bytes this process family produced itself (a worker's results)."""
    return pickle.loads(data)


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        allowed = (
            (module == "builtins" and name in _BUILTINS)
            or (module, name) in _DATA_CLASSES
            or (module in _DATA_MODULES and "." not in name)
        )
        if allowed:
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"refusing to load {module}.{name}")


def loads_untrusted(data: bytes) -> Any:
    """Bytes from disk: only brazelint's data classes and plain containers are built;
    anything else raises ``pickle.UnpicklingError``."""
    return _SafeUnpickler(io.BytesIO(data)).load()
