"""SDK identity by binding: whether a call's receiver is the Braze SDK, decided by what its
root name is bound to rather than by how it is spelled.

- Bound to an import of a Braze module (``import * as braze from "@braze/web-sdk"``,
  ``import com.braze.Braze``), or to a value obtained from one (``Braze.getInstance(ctx)``,
  ``require("@braze/web-sdk")``, ``window.braze``): the SDK.
- Bound to an import of anything else that is not the project's own relative module, to a
  class the file itself defines (and the file imports no Braze module), to a test double
  (``sinon.stub()``, ``jest.fn()``, ``mockk()``, an object literal), or imported from the
  project's own package (Braze's sample apps live in ``com.appboy.sample``): not the SDK.
- A chain that continues into an assertion (``appboy.logCustomEvent.should.have.been
  .calledWith(…)``) is a test looking at a double, never an SDK call.
- Anything else (a field injected from elsewhere, a parameter): unknown, and rules fall
  back to names.
"""

from __future__ import annotations

from collections.abc import Iterable

from brazelint.braze.sdk import BRAZE_MODULES
from brazelint.facts import Call, FileFacts, Value, ValueKind

#: Parts of a call chain that only test code writes after the object it examines.
_ASSERTION_PARTS = frozenset(
    {
        "should",
        "calledWith",
        "calledOnce",
        "calledOnceWith",
        "calledWithExactly",
        "notCalled",
        "toHaveBeenCalled",
        "toHaveBeenCalledWith",
        "toHaveBeenCalledTimes",
        "toBeCalled",
        "toBeCalledWith",
        "withArgs",
        "returns",
        "resolves",
        "callsFake",
        "mockReturnValue",
        "mockImplementation",
        "mockResolvedValue",
        "expects",
        "verify",
    }
)
#: Callees that make test doubles (the last part of their chain).
_DOUBLE_MAKERS = frozenset(
    {
        "stub",
        "spy",
        "mock",
        "fn",
        "createStubInstance",
        "mockk",
        "spyk",
        "MagicMock",
        "Mock",
        "AsyncMock",
        "create_autospec",
        "object",  # testdouble's td.object()
    }
)
_DOUBLE_LIBRARIES = frozenset({"sinon", "jest", "vi", "td", "Mockito", "mockito", "mock"})
#: Calls that hand out the SDK object: (callee chain) on a Braze receiver.
_OBTAINERS = frozenset(
    {
        ("Braze", "getInstance"),
        ("Appboy", "getInstance"),
        ("Appboy", "sharedInstance"),
        ("Braze",),
        ("BrazePlugin",),
        ("Appboy",),
    }
)
#: Globals the Web SDK's loader installs.
_SDK_GLOBALS = frozenset({"window.braze", "window.appboy", "globalThis.braze", "self.braze"})
_IMPORT_CHAINS = frozenset({("require",), ("import",)})


def is_braze_module(module: str) -> bool:
    """A module of a Braze SDK: one of ``BRAZE_MODULES``, a submodule (``com.braze.ui``,
    ``@braze/web-sdk/core``) or any package of Braze's npm scope."""
    return (
        module in BRAZE_MODULES
        or module.startswith("@braze/")
        or any(module.startswith((m + ".", m + "/")) for m in BRAZE_MODULES)
    )


def own_package(module: str, package: str | None) -> bool:
    """Whether ``module`` belongs to the project's own package (three leading parts in
    common with the file's ``package``: ``com.appboy.sample.ui`` owns ``com.appboy.sample.x``
    but not ``com.appboy.ui``)."""
    if package is None:
        return False
    ours = package.split(".")[:3]
    return len(ours) == 3 and module.split(".")[:3] == ours


def _relative(module: str) -> bool:
    return module.startswith((".", "/", "@/", "~/", "~"))


class Identity:
    """Decides ``Call.sdk`` for the calls of one file."""

    def __init__(self, facts: FileFacts) -> None:
        self.package = facts.package
        self.braze_imported = any(is_braze_module(item.module) for item in facts.imports)
        self.own_classes = frozenset(cls.name for cls in facts.classes)
        #: Names the file binds itself (``var Appboy = integration("Appboy")``): a
        #: constructor or getter called on one of them is the file's own object.
        self.own_names = self.own_classes | frozenset(
            a.target[0] for a in facts.assignments if len(a.target) == 1
        )

    def of_call(self, call: Call, receiver: Iterable[Value] | None) -> bool | None:
        """``receiver``: the values the chain's root may hold at the call (None when no
        local assignment decides it)."""
        chain = call.chain
        if len(chain) < 2:
            return None
        if not _ASSERTION_PARTS.isdisjoint(chain[1:]):
            return False
        if ".".join(chain[:2]) in _SDK_GLOBALS:
            return True
        qualified = call.qualified or chain
        if qualified != chain:
            module = qualified[0]
            if is_braze_module(module):
                return not own_package(module, self.package)
            if not _relative(module) and module not in ("window", "globalThis"):
                return False
        if chain[0] in self.own_classes and not self.braze_imported:
            return False
        if receiver is not None:
            verdicts = [self.of_value(value) for value in receiver]
            if any(verdict is True for verdict in verdicts):
                return True
            if verdicts and all(verdict is False for verdict in verdicts):
                return False
        return None

    def of_value(self, value: Value) -> bool | None:
        """Whether a value is the SDK object (or a part of it), by where it comes from."""
        for alternative in value.alternatives():
            if alternative.kind is ValueKind.NAME:
                if alternative.text in _SDK_GLOBALS:
                    return True
                continue
            if alternative.kind is ValueKind.DICT:
                return False  # an object literal standing in for the SDK
            call = alternative.call
            if alternative.kind is not ValueKind.CALL or call is None or not call.chain:
                continue  # `(a || b)()`: a callee with no name says nothing
            chain = call.qualified or call.chain
            if call.chain in _IMPORT_CHAINS:
                first = call.arg(0)
                module = first.string if first is not None else None
                if module is not None:
                    return is_braze_module(module)
            if chain and is_braze_module(chain[0]) and not own_package(chain[0], self.package):
                return True
            if tuple(call.chain[-2:]) in _OBTAINERS or tuple(call.chain[-1:]) in _OBTAINERS:
                if call.chain[0] in self.own_names and chain == call.chain:
                    return False  # the file's own Appboy/Braze, not an import of the SDK's
                return self.braze_imported or None
            if call.chain[-1] in _DOUBLE_MAKERS and (
                len(call.chain) == 1 or call.chain[0] in _DOUBLE_LIBRARIES
            ):
                return False
        return None
