# One of each construct the Python walker reads (benchmarks/parity.py python).
from __future__ import annotations, annotations as ann

import os
import os.path
import braze.client as bc, requests
from . import sibling
from ..pkg.mod import a as alias_a, b
from .x import *
from typing import (
    Generic,
    TypeVar,  # a comment inside an import
)

T = TypeVar("T")
API_KEY = os.environ.get("BRAZE_API_KEY", "fallback")
ENDPOINT = "https://rest.iad-01.braze.com" "/users/track"
RAW = r"\d+\\" + "x"
RAW_PAIR = r"\\"
BYTES = b"caf\xc3\xa9" rb"\x00"
ESCAPES = "tab\tnl\nnamed\N{BULLET}hex\x41oct\101uni\u00e9\U0001F600 unknown\q"
NUMBERS = [1, -2, 3.5, -4.25e3, 0x1F, 0o17, 0b101, 1_000_000, 2j, -3j, 1e400]
EMPTY = ()
PAIR = (1, 2)
SINGLE = (1,)
NESTED = ((1, 2), [3, {4}], {"k": (5,)})
a = b = c = "chained"
annotated: str = "typed"
count: int
count += 1
x, y = 1, 2
(z) = 3
obj.attr = value
obj.deep.attr = other()
items[0] = "no target"
type(obj).name = "type call line"
walrus = (w := compute() if flag else fallback)
CHOICE = os.environ.get("A") or os.environ.get("B") or "default"
NESTED_OR = first or (second or third)
AND = first and second
TERNARY = "yes" if enabled else "no"
CONCAT = "a" + name + "b" + (c + "d") + 1
ADDED = ("a" + b) + c
ARITH = [n + 1, n - 1, n * 2, n / 3, n // 4, n % 5, n ** 6, n @ m, -n, not n, ~n]
SLICES = [xs[1:2], xs[:3], xs[4:], xs[:], xs[::2], xs[1:2:3], xs[i], xs["k"]]
F1 = f"hello {name}!"
F2 = f"{user.id!r:>10} and {{braces}} {f'{inner}'} {x + 1 =}"
F3 = rf"raw {value} \d"
F4 = f"""multi
line {value}
"""
F5 = "plain " f"{mixed}" " more"
F6 = f""
D1 = {"a": 1, 2: "two", name: "computed", f"k{x}": 3, **spread, 1j: "imag"}
D2 = dict(external_id=user_id, email=email)
D3 = dict(a=1, **kw)
D4 = dict({"a": 1})
S = {1, 2, *rest}
L = [1, *rest, 2]
LC = [u.id for u in users]
SC = {u.email for u in users if u.email}
GC = (n * 2 for n in range(10))
DC = {k: v for k, v in pairs}
MULTI = [a for xs in xss for a in xs]
LAMBDA = lambda event, props=None: braze.track(event, props)
NONE_CHAIN = None.__class__
CALL_ATTR = get_user().email
AWAITED = obj.method


@decorator
@app.route("/users", methods=["POST"])
@module.deco(arg=1)
@(lambda f: f)
def handler(request, user_id: str, *args, retries: int = 3, timeout=default(), **kwargs) -> dict:
    """Docstring."""
    payload = {
        "attributes": [{"external_id": user_id, "email": request.json["email"]}],
        # a comment in a dict
        "events": [{"name": "purchase", "time": now().isoformat()}],
    }
    requests.post(ENDPOINT, json=payload, headers={"Authorization": f"Bearer {API_KEY}"}).raise_for_status()
    requests.post(*args, **kwargs)
    f(x for x in range(3))
    f(*a.b(), *c)
    handlers[0](payload)
    factory()(payload)
    a["k"].method()
    a[0].method()
    a["k"]["j"].m()
    (await client).track(user_id)
    result = await client.send(payload)
    items.forEach(lambda item: braze.log(item))
    items.map(lambda item: item.id, key=lambda k: k)
    return result
    # a trailing comment tree-sitter puts into the body


async def async_handler(*, key):
    async with session.post(URL, json={"a": 1}) as response:
        return await response.json()
    # trailing


class Client(Base, module.Mixin, Generic[T], metaclass=Meta, **opts):
    """A class."""

    KEY = "class level"
    other: int = 2

    def __init__(self, api_key=API_KEY, retries=len([1, 2, 3])):
        self.api_key = api_key
        self.session = requests.Session()

    @property
    def headers(self):
        return {"Authorization": "Bearer " + self.api_key}

    @staticmethod
    def helper(value):
        if value:
            return value
        return None

    class Inner:
        pass
    # trailing class comment


class Empty: ...


def flow(value, values):
    if value > 1:
        track("one")
    elif value > 2:
        track("two")
    elif (value > 3):
        track("three")
    else:
        track("other")
    if not value:
        pass
    try:
        send(value)
    except ValueError as error:
        log(error)
    except (KeyError, TypeError):
        log("key")
    else:
        done()
    finally:
        close()
    try:
        send(value)
    finally:
        close()
    try:
        send(value)
    except* OSError:
        log("group")
    for item in values:
        track(item)
    else:
        after_loop()
    for i, (k, v) in enumerate(pairs):
        use(i, k, v)
    for (single) in values:
        use(single)
    for obj.attr in values:
        use(obj)
    while value < 10:
        value = step(value)
    else:
        after_while()
    with open(path) as handle, lock:
        handle.write(value)
    match command:
        case "start":
            start()
        case ("a", "b"):
            pair()
        case Point(x=0, y=0):
            origin()
        case [first, *rest]:
            seq(first)
        case {"key": val}:
            mapping(val)
        case _:
            default()
    result = first_call() if check(value) else second_call()
    nested = [track(v) for v in values if keep(v)]
    deep = [[cell(c) for c in row] for row in grid(value)]
    return track("a") or track("b")


if os.environ.get("DEBUG"):
    DEBUG_KEY = "debug"

    class Debugger:
        def run(self):
            return "debug"
else:
    DEBUG_KEY = None

try:
    import optional
except ImportError:
    optional = None

global_call = configure(api_key=API_KEY, endpoint=ENDPOINT)
print("unicode: café ☕", f"émoji {x} ☕")
chained = a.b().c().d(e).f
this is a syntax error (
still_read = "after the error"
