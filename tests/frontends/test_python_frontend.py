"""Python frontend (tree-sitter): exact facts for the shapes in docs/frontend-contract.md."""

from __future__ import annotations

import pickle
import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from brazelint.facts import (
    Assignment,
    Call,
    ClassDef,
    Comment,
    FileFacts,
    Flow,
    FunctionDef,
    Import,
    ParseProblem,
    Span,
    StringLiteral,
    Value,
    ValueKind,
)
from brazelint.frontends.treesitter import MAX_PROBLEMS
from brazelint.languages import Language
from brazelint.syntax import python
from brazelint.syntax.spec import DEPTH_LIMIT


def parse(text: str) -> FileFacts:
    return python.parse("server/app.py", textwrap.dedent(text), Language.PYTHON)


def chains(facts: FileFacts) -> list[tuple[str, ...]]:
    return [call.chain for call in facts.calls]


def call_named(facts: FileFacts, name: str) -> Call:
    matches = [call for call in facts.calls if call.name == name]
    assert len(matches) == 1, matches
    return matches[0]


TRACK = (
    'requests.post("https://rest.iad-01.braze.com/users/track", '
    'json={"attributes": [{"external_id": user.email}]}, '
    'headers={"Authorization": f"Bearer {KEY}"})\n'
)


# --- calls and values ----------------------------------------------------------------------


def test_track_call_chain_and_arguments():
    facts = parse(TRACK)
    assert chains(facts) == [("requests", "post")]
    call = facts.calls[0]
    assert call.span == Span(1, 1, 1, len(TRACK))
    assert call.name_span == Span(1, 10, 1, 14)
    assert call.flow == Flow("<module>", 0, (), (), ())
    assert [a.label for a in call.args] == [None, "json", "headers"]

    url = call.arg(0)
    assert url == Value(
        ValueKind.STRING, "https://rest.iad-01.braze.com/users/track", Span(1, 15, 1, 58)
    )

    body = call.arg(label="json")
    assert body is not None and body.kind is ValueKind.DICT
    attributes = body.get("attributes")
    assert attributes is not None and attributes.kind is ValueKind.LIST
    (user,) = attributes.items
    assert user.kind is ValueKind.DICT
    assert user.entries == (
        ("external_id", Value(ValueKind.NAME, "user.email", Span(1, 97, 1, 107))),
    )

    headers = call.arg(label="headers")
    assert headers is not None
    authorization = headers.get("Authorization")
    assert authorization is not None
    assert authorization.kind is ValueKind.TEMPLATE
    assert authorization.text == "Bearer {KEY}"
    assert authorization.items == (
        Value(ValueKind.STRING, "Bearer ", Span(1, 140, 1, 147)),
        Value(ValueKind.NAME, "KEY", Span(1, 148, 1, 151)),
    )


def test_columns_count_code_points_and_order_counts_bytes():
    facts = parse('label = "😀 é"; braze.track(x)\n')
    call = facts.calls[0]
    # "😀" is one code point (four UTF-8 bytes), "é" one (two bytes).
    assert call.span == Span(1, 16, 1, 30)
    assert call.name_span == Span(1, 22, 1, 27)
    assert call.flow.order == 15 + 3 + 1
    assert facts.strings[0].span == Span(1, 9, 1, 14)
    assert facts.strings[0].content_span == Span(1, 10, 1, 13)


def test_chains_collapse_calls_and_keep_self():
    facts = parse(
        """\
        braze.get_user().set_email(e)
        self.braze.track(x)
        clients["braze"].track(x)
        handlers[0](x)
        "a {}".format(x)
        """
    )
    assert chains(facts) == [
        ("braze", "get_user", "set_email"),
        ("braze", "get_user"),
        ("self", "braze", "track"),
        ("clients", "braze", "track"),
        (),
        ("format",),
    ]


def test_nested_call_is_a_call_value_and_its_own_call():
    facts = parse("braze.track(build(user.id), uuid.uuid4())\n")
    assert chains(facts) == [("braze", "track"), ("build",), ("uuid", "uuid4")]
    outer = facts.calls[0]
    built = outer.arg(0)
    assert built is not None and built.kind is ValueKind.CALL and built.text == "build"
    assert built.call is facts.calls[1]
    assert built.call.arg(0) == Value(ValueKind.NAME, "user.id", Span(1, 19, 1, 26))
    assert outer.arg(1) is not None and outer.arg(1).text == "uuid.uuid4"


def test_literal_values():
    facts = parse(
        'f(1, -2.5, 0x10, True, False, None, b"caf\\xc3\\xa9", r"\\d", "a\\tb", "\\u00e9", x[0])\n'
    )
    values = [a.value for a in facts.calls[0].args]
    assert [(v.kind, v.text, v.number) for v in values] == [
        (ValueKind.NUMBER, "1", 1.0),
        (ValueKind.NUMBER, "-2.5", -2.5),
        (ValueKind.NUMBER, "0x10", 16.0),
        (ValueKind.BOOL, "true", None),
        (ValueKind.BOOL, "false", None),
        (ValueKind.NULL, "None", None),
        (ValueKind.STRING, "café", None),
        (ValueKind.STRING, "\\d", None),
        (ValueKind.STRING, "a\tb", None),
        (ValueKind.STRING, "é", None),
        (ValueKind.UNKNOWN, "x[0]", None),
    ]


def test_string_concatenation_forms():
    facts = parse(
        """\
        a = "https://rest." "iad-01" ".braze.com"
        b = BASE + "/users/track"
        c = "Bearer " + f"{KEY}!" + token()
        d = ("x"
             f"{y}")
        e = total + 1
        """
    )
    values = {a.target: a.value for a in facts.assignments}
    assert values[("a",)].kind is ValueKind.STRING
    assert values[("a",)].text == "https://rest.iad-01.braze.com"
    assert values[("b",)].kind is ValueKind.TEMPLATE
    assert values[("b",)].text == "{BASE}/users/track"
    assert [(i.kind, i.text) for i in values[("b",)].items] == [
        (ValueKind.NAME, "BASE"),
        (ValueKind.STRING, "/users/track"),
    ]
    assert values[("c",)].text == "Bearer {KEY}!{token()}"
    assert [(i.kind, i.text) for i in values[("c",)].items] == [
        (ValueKind.STRING, "Bearer "),
        (ValueKind.NAME, "KEY"),
        (ValueKind.STRING, "!"),
        (ValueKind.CALL, "token"),
    ]
    assert values[("d",)].kind is ValueKind.TEMPLATE and values[("d",)].text == "x{y}"
    # Addition with no string literal operand is arithmetic, not a template.
    assert values[("e",)] == Value(
        ValueKind.ARITHMETIC,
        "total + 1",
        Span(6, 5, 6, 14),
        items=(
            Value(ValueKind.NAME, "total", Span(6, 5, 6, 10)),
            Value(ValueKind.NUMBER, "1", Span(6, 13, 6, 14), number=1.0),
        ),
        operator="+",
    )


def test_containers():
    facts = parse(
        """\
        f({"a": 1, 2: x, KEY: 3, **rest}, [1, *more], (u,), {v}, dict(k="v", n=1), *args, **kw)
        """
    )
    values = [a.value for a in facts.calls[0].args]
    assert [v.kind for v in values] == [
        ValueKind.DICT,
        ValueKind.LIST,
        ValueKind.LIST,
        ValueKind.LIST,
        ValueKind.DICT,
        ValueKind.UNKNOWN,
    ]
    # ``**rest`` is an entry with key None: the dict may hold keys no one can name.
    assert [(k, v.text) for k, v in values[0].entries] == [
        ("a", "1"),
        ("2", "x"),
        (None, "3"),
        (None, "rest"),
    ]
    assert [i.text for i in values[1].items] == ["1"]
    assert [i.text for i in values[2].items] == ["u"]
    assert [(k, v.text) for k, v in values[4].entries] == [("k", "v"), ("n", "1")]
    assert values[5].text == "*args"


def test_unknown_excerpt_is_cut_to_120_characters():
    facts = parse("f(lambda: " + "x + " * 60 + "x)\n")
    value = facts.calls[0].arg(0)
    assert value is not None and value.kind is ValueKind.UNKNOWN
    assert len(value.text) == 120 and value.text.startswith("lambda: x + x")


def test_await_is_looked_through():
    facts = parse("async def go():\n    r = await client.post(url)\n")
    value = facts.assignments[0].value
    assert value.kind is ValueKind.CALL and value.text == "client.post"


# --- assignments -----------------------------------------------------------------------------


def test_assignments():
    facts = parse(
        """\
        API_KEY = "k"
        REGION: str = "iad-01"
        COUNT: int
        a = b = 1
        self.braze.key = k
        x, y = 1, 2
        total += 1
        d["k"] = 1

        class Config:
            URL = "u"

        def setup():
            local = 2
        """
    )
    assert [(a.target, a.value.text, a.file_level) for a in facts.assignments] == [
        (("API_KEY",), "k", True),
        (("REGION",), "iad-01", True),
        (("a",), "1", True),
        (("b",), "1", True),
        (("self", "braze", "key"), "k", True),
        (("URL",), "u", False),
        (("local",), "2", False),
    ]
    first = facts.assignments[0]
    assert first == Assignment(
        ("API_KEY",),
        Value(ValueKind.STRING, "k", Span(1, 11, 1, 14)),
        Span(1, 1, 1, 14),
        Flow("<module>", 0),
        True,
    )
    assert facts.assignments[-1].flow.scope == "setup@13"


# --- strings -------------------------------------------------------------------------------


def test_string_literals_docstrings_fstrings_triple_quoted():
    facts = parse(
        '''\
        """Module docs."""
        x = f"Hi {{name}} {user.first_name!r:>10}"
        y = """
        line {{ x }}
        """
        z = rb"\\d"
        '''
    )
    assert [(s.text, s.is_template) for s in facts.strings] == [
        ("Module docs.", False),
        ("Hi {name} {user.first_name}", True),
        ("\nline {{ x }}\n", False),
        ("\\d", False),
    ]
    doc, fstring, triple, raw = facts.strings
    assert doc.span == Span(1, 1, 1, 19)
    assert doc.content_span == Span(1, 4, 1, 16)
    assert fstring.content_span == Span(2, 7, 2, 42)
    assert triple.span == Span(3, 5, 5, 4)
    assert triple.content_span == Span(3, 8, 5, 1)
    assert raw.content_span == Span(6, 8, 6, 10)


def test_string_literal_flow():
    facts = parse('def f():\n    if ok:\n        g("a")\n')
    literal = facts.strings[0]
    assert literal.flow.scope == "f@1"
    assert literal.flow.branch == ("13:0",)
    assert literal.flow.guards == ("ok",)


# --- imports, functions, classes, comments ------------------------------------------------


def test_imports():
    facts = parse(
        """\
        import os
        import braze.client as bc
        import a.b
        from braze import Client as C, track
        from . import sibling
        from ..pkg.mod import *
        """
    )
    assert [(i.module, i.name, i.alias) for i in facts.imports] == [
        ("os", None, "os"),
        ("braze.client", None, "bc"),
        ("a.b", None, None),
        ("braze", "Client", "C"),
        ("braze", "track", "track"),
        (".", "sibling", "sibling"),
        ("..pkg.mod", "*", None),
    ]
    assert facts.imports[1] == Import("braze.client", None, "bc", Span(2, 1, 2, 26))


def test_functions_decorators_and_classes():
    facts = parse(
        """\
        @retry
        @tenacity.retry(stop=stop_after_attempt(3))
        async def send(payload, *args, key=None, **kwargs):
            pass

        class Worker(celery.Task, Mixin[T], metaclass=Meta):
            @staticmethod
            def run(self, /, x, *, y):
                def inner():
                    pass
        """
    )
    assert facts.functions == (
        FunctionDef(
            "send",
            Span(3, 1, 4, 9),
            "send@3",
            ("payload", "args", "key", "kwargs"),
            ("retry", "tenacity.retry"),
            None,
        ),
        FunctionDef(
            "run", Span(8, 5, 10, 17), "run@8", ("self", "x", "y"), ("staticmethod",), "Worker"
        ),
        FunctionDef("inner", Span(9, 9, 10, 17), "inner@9", (), (), None),
    )
    assert facts.classes == (ClassDef("Worker", Span(6, 1, 10, 17), ("Task", "Mixin")),)
    # Decorator calls run in the enclosing scope.
    stop = call_named(facts, "stop_after_attempt")
    assert stop.flow.scope == "<module>"


def test_comments_with_positions():
    facts = parse(
        """\
        # top
        x = "# not a comment"  # trailing 😀
        f(a,  # inside call
          b)
        """
    )
    assert facts.comments == (
        Comment("# top", Span(1, 1, 1, 6)),
        Comment("# trailing 😀", Span(2, 24, 2, 36)),
        Comment("# inside call", Span(3, 7, 3, 20)),
    )


# --- flow ----------------------------------------------------------------------------------


def test_scopes_functions_methods_and_lambdas():
    facts = parse(
        """\
        braze.init()

        class Svc:
            def send(self):
                self.braze.track(x)
                cb = lambda e: braze.log(e)
        """
    )
    assert [c.flow.scope for c in facts.calls] == ["<module>", "send@4", "<lambda>@6:14"]


def test_if_else_arms_are_not_ordered_with_each_other():
    source = """\
    def handler():
        if user.is_new:
            braze.change_user(uid)
        elif debug:
            braze.log(x)
        else:
            braze.set_email(e)
        braze.track(x)
    """
    facts = parse(source)
    change, log, email, track = (
        call_named(facts, n) for n in ("change_user", "log", "set_email", "track")
    )
    if_id = textwrap.dedent(source).index("if user")
    assert change.flow.branch == (f"{if_id}:0",)
    assert log.flow.branch == (f"{if_id}:1",)
    assert email.flow.branch == (f"{if_id}:2",)
    assert track.flow.branch == ()
    assert not change.flow.ordered_with(email.flow)
    assert not change.flow.ordered_with(log.flow)
    assert change.flow.ordered_with(track.flow)
    assert email.flow.ordered_with(track.flow)
    assert change.flow.guards == ("user.is_new",)
    assert log.flow.guards == ("!user.is_new", "debug")
    assert email.flow.guards == ("!user.is_new", "!debug")


def test_try_except_finally_and_ternary_branches():
    source = """\
    try:
        a()
    except ValueError:
        b()
    else:
        c()
    finally:
        d()
    x = e() if ok else g()
    """
    facts = parse(source)
    text = textwrap.dedent(source)
    try_id = 0
    ternary_id = text.index("e() if")
    branches = {c.name: c.flow.branch for c in facts.calls}
    assert branches == {
        "a": (f"{try_id}:0",),
        "b": (f"{try_id}:1",),
        "c": (f"{try_id}:0",),
        "d": (),
        "e": (f"{ternary_id}:0",),
        "g": (f"{ternary_id}:1",),
    }
    assert call_named(facts, "g").flow.guards == ("!ok",)


def test_match_cases_are_arms():
    facts = parse(
        """\
        match kind:
            case "a":
                f()
            case _:
                g()
        """
    )
    assert call_named(facts, "f").flow.branch == ("0:0",)
    assert call_named(facts, "g").flow.branch == ("0:1",)
    assert call_named(facts, "f").flow.guards == ('kind == "a"',)


def test_loops():
    facts = parse(
        """\
        for u in users():
            braze.track(u)
            while more:
                fetch()
        else:
            done()
        ids = [ident(u) for u in load()]
        mapped = map(lambda u: braze.log(u), users)
        """
    )
    loops = {c.name: c.flow.loops for c in facts.calls}
    assert loops == {
        "users": (),
        "track": ("loop@1",),
        "fetch": ("loop@1", "loop@3"),
        "done": (),
        "ident": ("loop@7",),
        "load": (),
        "map": (),
        "log": ("iter:map@8",),
    }
    assert call_named(facts, "log").flow.scope == "<lambda>@8:14"


def test_order_is_increasing_in_source_order():
    facts = parse("a()\nb(c())\nd()\n")
    assert chains(facts) == [("a",), ("b",), ("c",), ("d",)]
    assert [c.flow.order for c in facts.calls] == [0, 4, 6, 11]


# --- bad input -----------------------------------------------------------------------------


def test_syntax_error_in_the_middle_keeps_facts_before_and_after():
    facts = parse(
        """\
        import braze
        braze.track("before")
        def broken(:
            pass
        @retry
        def later(x):
            braze.track("after")
        x = [
        1,
        ]
        """
    )
    assert [c.args[0].value.text for c in facts.calls] == ["before", "after"]
    assert facts.calls[1].span == Span(7, 5, 7, 25)
    assert facts.calls[1].flow.scope == "later@6"
    assert facts.calls[1].flow.order == 82
    # The problem is where the parser got stuck; it still recovers the definition.
    assert facts.problems == (ParseProblem("syntax error", Span(3, 12, 3, 13)),)
    assert [(f.name, f.decorators) for f in facts.functions] == [
        ("broken", ()),
        ("later", ("retry",)),
    ]
    assert [a.target for a in facts.assignments] == [("x",)]
    assert [i.module for i in facts.imports] == ["braze"]


def test_facts_of_a_broken_file_match_the_intact_ones():
    intact = 'import x\n"""doc\n\nstill doc"""\ndef f():\n    a(1)\n\n\nclass C:\n    b = g()\n'
    good = parse(intact)
    broken = parse(intact + "if (:\n")
    assert broken.calls == good.calls
    assert broken.strings == good.strings
    assert broken.assignments == good.assignments
    assert broken.problems == (ParseProblem("syntax error", Span(11, 5, 11, 6)),)


def test_several_broken_statements_each_give_a_problem():
    facts = parse("a(\nb = )\nc()\nd = ]\n")
    # tree-sitter recovers `a(b = )` as a call of `a`; each place it got stuck is a problem.
    assert chains(facts) == [("a",), ("c",)]
    assert facts.problems == (
        ParseProblem("syntax error", Span(2, 3, 2, 4)),
        ParseProblem("syntax error", Span(4, 1, 4, 6)),
    )


def test_deep_nesting_is_read_without_recursion():
    text = "ok()\nx = " + "(" * 10_000 + ")" * 10_000 + "\nafter()\n"
    facts = python.parse("deep.py", text, Language.PYTHON)
    assert chains(facts) == [("ok",), ("after",)]
    assert [a.target for a in facts.assignments] == [("x",)]
    assert facts.problems == ()


def test_deep_brackets_give_a_value_of_bounded_depth():
    text = "x = " + "[" * 180 + "]" * 180 + "\nafter()\n"
    facts = python.parse("deep.py", text, Language.PYTHON)
    assert chains(facts) == [("after",)]
    assert facts.problems == ()
    depth, value = 0, facts.assignments[0].value
    while value.items:
        depth, value = depth + 1, value.items[0]
    # Levels below MAX_VALUE_DEPTH are not built: the deepest value is UNKNOWN.
    assert depth == DEPTH_LIMIT + 1
    assert value.kind is ValueKind.UNKNOWN


def test_long_attribute_chains_are_read():
    facts = python.parse("long.py", "x = " + "a." * 5_000 + "b\nafter()\n", Language.PYTHON)
    assert chains(facts) == [("after",)]
    assert facts.assignments[0].value.kind is ValueKind.NAME
    assert facts.problems == ()


def test_byte_order_mark_keeps_columns():
    facts = python.parse("bom.py", "\ufeffbraze.track(x)\n", Language.PYTHON)
    assert facts.calls[0].span == Span(1, 2, 1, 16)
    assert facts.problems == ()


def test_crlf_line_endings():
    facts = parse("a = 1\r\nbraze.track(x)\r\n")
    assert facts.calls[0].span == Span(2, 1, 2, 15)
    assert facts.calls[0].flow.order == 7


def test_facts_pickle():
    facts = parse(TRACK)
    assert pickle.loads(pickle.dumps(facts)) == facts


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="()[]{}'\"#\\:=+.,\n abcdefif0123@", max_size=80))
def test_never_raises_on_arbitrary_input(text: str):
    facts = python.parse("fuzz.py", text, Language.PYTHON)
    assert isinstance(facts, FileFacts)
    assert len(facts.problems) <= MAX_PROBLEMS
    for literal in facts.strings:
        assert isinstance(literal, StringLiteral)
