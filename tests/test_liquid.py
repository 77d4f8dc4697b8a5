"""The Liquid scanner (brazelint/liquid.py), the template frontend and rules BRZ601/BRZ602."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from brazelint.facts import FileFacts, Import, LiquidOutput, LiquidProblem, Span
from brazelint.findings import Finding, Severity
from brazelint.frontends.liquid import parse
from brazelint.frontends.positions import offset_in
from brazelint.languages import Language
from brazelint.liquid import MAX_NESTING, MAX_PROBLEMS, liquid_variable, scan_liquid
from brazelint.rule import RuleSettings
from brazelint.rules.brz601_liquid_missing_default import LiquidMissingDefault
from brazelint.rules.brz602_liquid_bad_syntax import LiquidBadSyntax


def outputs(text: str) -> list[LiquidOutput]:
    found, problems = scan_liquid(text)
    assert problems == []
    return found


def expressions(text: str) -> list[str]:
    return [output.expression for output in outputs(text)]


def problems(text: str) -> list[tuple[str, str, Span]]:
    return [(p.message, p.raw, p.span) for p in scan_liquid(text)[1]]


# -- outputs -----------------------------------------------------------------------------


def test_simple_output() -> None:
    assert outputs("Hi {{ name }}!") == [
        LiquidOutput("name", (), "{{ name }}", Span(1, 4, 1, 14)),
    ]


def test_braze_placeholder_keeps_its_closing_brace() -> None:
    (output,) = outputs("Hi {{${first_name}}}!")
    assert output.expression == "${first_name}"
    assert output.raw == "{{${first_name}}}"
    assert output.span == Span(1, 4, 1, 21)


def test_braze_placeholder_with_spaces_and_filters() -> None:
    (output,) = outputs("{{ ${first_name} | default: 'there' | capitalize }}")
    assert output.expression == "${first_name} | default: 'there' | capitalize"
    assert output.filters == ("default", "capitalize")


def test_custom_attribute_placeholder() -> None:
    assert expressions("{{custom_attribute.${address.city}}}") == [
        "custom_attribute.${address.city}"
    ]


def test_extra_closing_brace_after_output_is_plain_text() -> None:
    (output,) = outputs("{{${first_name}}}} and {{x}}}")[:1]
    assert output.expression == "${first_name}"
    assert scan_liquid("{{${first_name}}}} and {{x}}}")[1] == []


def test_consecutive_placeholders() -> None:
    assert expressions("{{${first_name}}}{{${last_name}}}") == ["${first_name}", "${last_name}"]


def test_pipes_inside_quotes_do_not_split_filters() -> None:
    (output,) = outputs("""{{ x | default: "a|b" | replace: 'c|d', "|" | upcase }}""")
    assert output.filters == ("default", "replace", "upcase")


def test_filter_names_only() -> None:
    (output,) = outputs("{{ ${first_name} | default:'x' |truncate: 5, '' }}")
    assert output.filters == ("default", "truncate")
    assert liquid_variable(output.expression) == "${first_name}"


def test_whitespace_control_dashes_are_not_part_of_the_expression() -> None:
    assert expressions("{{- ${first_name} | default: 'x' -}}") == ["${first_name} | default: 'x'"]


def test_output_spanning_lines() -> None:
    (output,) = outputs("a\nb {{\n  ${first_name}\n}} c")
    assert output.expression == "${first_name}"
    assert output.span == Span(2, 3, 4, 3)


def test_empty_output() -> None:
    assert expressions("{{}}") == [""]


def test_unicode_columns_are_code_points() -> None:
    (output,) = outputs("héllo 👋 {{x}}")
    assert output.span == Span(1, 9, 1, 14)


# -- positions relative to a string literal ----------------------------------------------


def test_positions_relative_to_string_start_on_the_first_line() -> None:
    start = Span(10, 20, 10, 40)
    (output,), _ = scan_liquid("Hi {{${first_name}}}", start)
    assert output.span == Span(10, 23, 10, 40)


def test_positions_relative_to_string_start_on_later_lines() -> None:
    start = Span(10, 20, 12, 5)
    text = "a\nbb {{x}}\n{{y}}"
    found, _ = scan_liquid(text, start)
    assert [o.span for o in found] == [Span(11, 4, 11, 9), Span(12, 1, 12, 6)]


def test_relative_positions_match_offset_in() -> None:
    start = Span(3, 7, 5, 1)
    text = "x {{a}}\n  {{ b }} {{c}}\n\n{{d}}"
    found, _ = scan_liquid(text, start)
    offsets = [text.index("{{a"), text.index("{{ b"), text.index("{{c"), text.index("{{d")]
    assert [(o.span.line, o.span.col) for o in found] == [
        offset_in(start, text, offset) for offset in offsets
    ]
    assert [(o.span.end_line, o.span.end_col) for o in found] == [
        offset_in(start, text, offset + len(o.raw))
        for o, offset in zip(found, offsets, strict=True)
    ]


def test_problem_positions_relative_to_string_start() -> None:
    _, found = scan_liquid("x\n {{ y", Span(4, 10, 5, 3))
    assert [p.span for p in found] == [Span(5, 2, 5, 4)]


# -- raw and comment ---------------------------------------------------------------------


def test_raw_contents_are_skipped() -> None:
    assert expressions("{% raw %}{{first_name}} }} {%{% endraw %}{{y}}") == ["y"]


def test_raw_with_trim_markers() -> None:
    assert expressions("{%- raw -%}{{a}}{%- endraw -%}{{b}}") == ["b"]


def test_comment_contents_are_skipped_and_nest() -> None:
    text = "{% comment %}{{a}}{% comment %}{{b}}{% endcomment %}{{c}} }}{% endcomment %}{{d}}"
    assert expressions(text) == ["d"]


def test_unclosed_raw_is_a_problem_and_ends_scanning() -> None:
    assert problems("{{a}}{% raw %}{{b}}") == [
        ("`{% raw %}` is not closed by `{% endraw %}`", "{% raw %}", Span(1, 6, 1, 15)),
    ]
    assert [o.expression for o in scan_liquid("{{a}}{% raw %}{{b}}")[0]] == ["a"]


def test_unclosed_comment_is_a_problem() -> None:
    assert problems("x {% comment %}{{b}}") == [
        (
            "`{% comment %}` is not closed by `{% endcomment %}`",
            "{% comment %}",
            Span(1, 3, 1, 16),
        ),
    ]


# -- problems ----------------------------------------------------------------------------


def test_unclosed_output_at_end() -> None:
    assert problems("Hi {{${first_name}") == [
        ("`{{` is not closed by `}}`", "{{${first_name}", Span(1, 4, 1, 6)),
    ]


def test_unclosed_output_before_another_output_resumes_there() -> None:
    found, trouble = scan_liquid("Hi {{ ${first_name} | default: 'x' }\n{{${last_name}}}")
    assert [o.expression for o in found] == ["${last_name}"]
    assert [(p.message, p.raw, p.span) for p in trouble] == [
        (
            "`{{` is not closed by `}}`",
            "{{ ${first_name} | default: 'x' }",
            Span(1, 4, 1, 6),
        )
    ]


def test_unclosed_tag() -> None:
    assert problems("{% if x {{y}}") == [
        ("`{%` is not closed by `%}`", "{% if x ", Span(1, 1, 1, 3))
    ]
    assert [o.expression for o in scan_liquid("{% if x {{y}}")[0]] == ["y"]


def test_an_output_inside_a_tag_is_part_of_the_tag() -> None:
    """Braze renders `{{…}}` in a tag's markup first: neither an unclosed tag nor a printed
    output (seen in Braze's own Connected Content and translation examples)."""
    for text in (
        "{% assign x = {{campaign.${dispatch_id}}} %}{{ x | default: 'y' }}",
        '{% if {{${language}}} == "en" %}Hi{% endif %}',
        "{% connected_content https://x.example/a?id={{${user_id}}}\n  :method post\n"
        "  :save result %}",
    ):
        outputs, trouble = scan_liquid(text)
        assert trouble == []
        assert all(not o.printed for o in outputs if "${" in o.expression)
        assert any("${" in o.expression for o in outputs)  # still marks a Braze template
    assert problems("{% if x {{y %} z")[0][0] == "`{%` is not closed by `%}`"
    # A tag that takes no markup is broken when it meets an output (`%` missing).
    broken = "{% if x %}a{% endif }\n<p>{{${first_name} | default: 'x'}}</p>{% if y %}{% endif %}"
    assert [p[0] for p in problems(broken)] == ["`{%` is not closed by `%}`"]


def test_stray_closing_braces() -> None:
    assert problems("Hi first_name}}!") == [
        ("`}}` without an opening `{{`", "Hi first_name}}", Span(1, 14, 1, 16)),
    ]


def test_stray_context_stops_at_line_start_and_previous_tag() -> None:
    assert [p[1] for p in problems("{{a}} b}}\nc }}")] == [" b}}", "c }}"]


def test_css_and_script_blocks_closing_together_are_not_stray() -> None:
    text = "<style>@media screen{.a{width:100%}}</style><script>if(a){if(b){c()}}</script>"
    assert scan_liquid(text) == ([], [])


def test_css_block_around_an_output_is_not_stray() -> None:
    assert expressions("@media screen{.a{color:{{ c }}}}") == ["c"]


def test_unclosed_placeholder_ends_at_double_brace() -> None:
    (output,) = outputs("Hi {{ ${first_name }}!")
    assert output.expression == "${first_name"
    assert output.raw == "{{ ${first_name }}"


def test_missing_dollar_output() -> None:
    # Liquid's tokenizer ends the output at the first "}}".
    (output,) = outputs("{{{first_name}}}")
    assert output.expression == "{first_name"


def test_problems_are_capped() -> None:
    _, found = scan_liquid("a }} " * 100)
    assert len(found) == MAX_PROBLEMS


# -- guards ------------------------------------------------------------------------------


def guards(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(o.expression, o.guards) for o in outputs(text)]


def test_if_guard() -> None:
    text = "{% if ${first_name} != blank %}Hi {{${first_name}}}{% endif %}{{b}}"
    assert guards(text) == [("${first_name}", ("if ${first_name} != blank",)), ("b", ())]


def test_unless_guard_with_trim_markers_and_extra_spaces() -> None:
    text = "{%- unless   ${first_name}  == blank -%}{{${first_name}}}{%- endunless -%}"
    assert guards(text) == [("${first_name}", ("unless ${first_name} == blank",))]


def test_elsif_and_else_arms() -> None:
    text = "{% if a %}{{x}}{% elsif b %}{{y}}{% else %}{{z}}{% endif %}"
    assert guards(text) == [
        ("x", ("if a",)),
        ("y", ("unless a", "if b")),
        ("z", ("unless a", "unless b")),
    ]


def test_else_of_unless() -> None:
    assert guards("{% unless a %}{% else %}{{z}}{% endunless %}") == [("z", ("if a",))]


def test_nested_guards_outermost_first() -> None:
    text = "{% if a %}{% for i in list %}{% unless b %}{{x}}{% endunless %}{% endfor %}{% endif %}"
    assert guards(text) == [("x", ("if a", "unless b"))]


def test_else_of_for_and_case_does_not_touch_the_if() -> None:
    text = (
        "{% if a %}{% for i in l %}{% else %}{{x}}{% endfor %}"
        "{% case c %}{% when 1 %}{% else %}{{y}}{% endcase %}{{z}}{% endif %}"
    )
    assert guards(text) == [("x", ("if a",)), ("y", ("if a",)), ("z", ("if a",))]


def test_missing_end_tag_is_closed_by_the_outer_end() -> None:
    assert guards("{% if a %}{% for i in l %}{% endif %}{{x}}") == [("x", ())]


def test_stray_end_tags_are_ignored() -> None:
    assert guards("{% endif %}{% if a %}{% endfor %}{{x}}{% endif %}") == [("x", ("if a",))]


def test_abort_under_a_condition_guards_the_rest() -> None:
    text = (
        "{% if ${first_name} == blank %}{% abort_message('no name') %}{% endif %}"
        "Hi {{${first_name}}}{% if x %}{{y}}{% endif %}"
    )
    assert guards(text) == [
        ("${first_name}", ("unless ${first_name} == blank",)),
        ("y", ("unless ${first_name} == blank", "if x")),
    ]


def test_abort_in_an_else_arm() -> None:
    text = (
        "{% if ${first_name} != blank %}{% else %}{% abort_message %}{% endif %}{{${first_name}}}"
    )
    assert guards(text) == [("${first_name}", ("if ${first_name} != blank",))]


def test_unconditional_or_doubly_nested_abort_adds_nothing() -> None:
    text = "{% abort_message %}{% if a %}{% if b %}{% abort_message %}{% endif %}{% endif %}{{x}}"
    assert guards(text) == [("x", ())]


def test_deep_nesting_is_linear_and_tracks_the_outer_blocks() -> None:
    depth = 20_000
    text = "{% if a %}" * depth + "{{x}}" + "{% endif %}" * depth + "{{y}}"
    (x, y) = outputs(text)
    assert x.guards == ("if a",) * MAX_NESTING
    assert y.guards == ()


# -- assigned variables -------------------------------------------------------------------


def test_assigned_variables() -> None:
    text = (
        "{{first_name}}{% assign first_name = ${first_name} | default: 'x' %}{{ first_name }}"
        "{% capture city %}x{% endcapture %}{{city}}"
        "{% for language in langs %}{{ language.name }}{% endfor %}"
        "{% increment counter %}{{counter}}"
        "{% liquid\n  assign gender = 'x'\n  echo gender\n%}{{gender}}{{country}}"
    )
    assert [(o.expression, o.assigned) for o in outputs(text)] == [
        ("first_name", False),
        ("first_name", True),
        ("city", True),
        ("language.name", True),
        ("counter", True),
        ("gender", True),
        ("country", False),
    ]


# -- big and arbitrary input -------------------------------------------------------------


def test_five_megabyte_line() -> None:
    unit = "<td style=\"a{b:c}\">Hi {{${first_name} | default: 'x'}}</td>"
    text = unit * (5_000_000 // len(unit))
    found, trouble = scan_liquid(text)
    assert len(found) == 5_000_000 // len(unit)
    assert trouble == []
    last = found[-1]
    assert last.span.end_col == len(text) + 1 - len("</td>")


def test_five_megabytes_of_braces() -> None:
    found, trouble = scan_liquid("{" * 5_000_000)
    assert found == []
    assert len(trouble) == MAX_PROBLEMS


def test_five_megabytes_unclosed_output_and_tag() -> None:
    found, trouble = scan_liquid("{{ " + "x" * 5_000_000)
    assert found == [] and len(trouble) == 1
    assert len(trouble[0].raw) <= 80
    _, trouble = scan_liquid("{% " + "x" * 5_000_000)
    assert len(trouble) == 1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="{}%$|'\"ab-\n #", max_size=60))
def test_arbitrary_text_never_raises_and_raw_matches_span(text: str) -> None:
    found, trouble = scan_liquid(text)
    lines = text.split("\n")
    for output in found:
        assert output.raw.startswith("{{") and output.raw.endswith("}}")
        if output.span.line == output.span.end_line:
            line = lines[output.span.line - 1]
            assert line[output.span.col - 1 : output.span.end_col - 1] == output.raw
    for problem in trouble:
        assert problem.message


# -- frontend ----------------------------------------------------------------------------


def test_frontend_collects_outputs_problems_and_comments() -> None:
    text = (
        "<!-- expect: BRZ601 -->\n"
        "<p>Hi {{${first_name}}}</p>\n"
        "{% comment %} expect:\nBRZ602 {% endcomment %}{%# inline %}\n"
        "<!-- unclosed"
    )
    facts = parse("email.html", text, Language.LIQUID)
    assert facts.path == "email.html" and facts.language is Language.LIQUID
    assert [o.expression for o in facts.liquid] == ["${first_name}"]
    assert facts.liquid_problems == ()
    assert [(c.text, c.span) for c in facts.comments] == [
        ("<!-- expect: BRZ601 -->", Span(1, 1, 1, 24)),
        ("{% comment %} expect:\nBRZ602 {% endcomment %}", Span(3, 1, 4, 24)),
        ("{%# inline %}", Span(4, 24, 4, 37)),
    ]


def test_frontend_reports_problems() -> None:
    facts = parse("a.liquid", "Hi }}", Language.LIQUID)
    assert facts.liquid_problems == (
        LiquidProblem("`}}` without an opening `{{`", "Hi }}", Span(1, 4, 1, 6)),
    )


# -- rules -------------------------------------------------------------------------------


def out(
    expression: str,
    filters: tuple[str, ...] = (),
    guards: tuple[str, ...] = (),
    *,
    assigned: bool = False,
    raw: str | None = None,
) -> LiquidOutput:
    raw = raw if raw is not None else "{{" + expression + "}}"
    return LiquidOutput(expression, filters, raw, Span(2, 5, 2, 5 + len(raw)), guards, assigned)


def facts_with(
    *liquid: LiquidOutput,
    path: str = "welcome.liquid",
    language: Language = Language.LIQUID,
    problems: tuple[LiquidProblem, ...] = (),
) -> FileFacts:
    return FileFacts(path=path, language=language, liquid=liquid, liquid_problems=problems)


def run_601(facts: FileFacts) -> list[Finding]:
    return list(LiquidMissingDefault(Severity.WARNING, RuleSettings()).check(facts))


def run_602(facts: FileFacts) -> list[Finding]:
    return list(LiquidBadSyntax(Severity.ERROR, RuleSettings()).check(facts))


def test_rule_metadata() -> None:
    code_and_liquid = {
        Language.LIQUID,
        Language.PYTHON,
        Language.JAVASCRIPT,
        Language.TYPESCRIPT,
        Language.TSX,
        Language.SWIFT,
        Language.KOTLIN,
        Language.JAVA,
        Language.OBJECTIVE_C,
        Language.DART,
    }
    for rule in (LiquidMissingDefault, LiquidBadSyntax):
        assert rule.languages == code_and_liquid
        assert rule.keyword_pattern().search(b"Hi {{${FIRST_NAME}}}")
    assert LiquidBadSyntax.keyword_pattern().search(b"{% if x %}")


def test_601_first_name_without_default() -> None:
    (finding,) = run_601(facts_with(out("${first_name}")))
    assert finding.rule_id == "BRZ601"
    assert finding.span == Span(2, 5, 2, 22)
    assert finding.message == (
        "`{{${first_name}}}` has no default: for a user without first_name the message shows "
        "a blank there (\"Hi , …\"). Add `| default: '…'`: `{{${first_name} | default: '…'}}`, "
        "or test the attribute with `{% if ${first_name} != blank %}`"
    )
    assert finding.fingerprint_key == "${first_name}"


def test_601_custom_attribute_and_other_filters() -> None:
    found = run_601(
        facts_with(
            out("custom_attribute.${plan_name}"),
            out("custom_attribute.${address.city} | upcase", ("upcase",)),
            out("${email_address} | downcase", ("downcase",)),
            out("${time_zone}"),
        )
    )
    assert [f.fingerprint_key for f in found] == [
        "custom_attribute.${plan_name}",
        "custom_attribute.${address.city} | upcase",
        "${email_address} | downcase",
        "${time_zone}",
    ]
    assert "for a user without custom attribute plan_name the message shows a blank there. " in (
        found[0].message
    )
    assert "`{{${email_address} | downcase | default: '…'}}`" in found[2].message


def test_601_in_code_strings() -> None:
    for language in (Language.PYTHON, Language.JAVASCRIPT, Language.KOTLIN):
        found = run_601(facts_with(out("${last_name}"), path="x", language=language))
        assert [f.rule_id for f in found] == ["BRZ601"]


def test_601_default_filter_is_fine() -> None:
    facts = facts_with(
        out("${first_name} | default: 'there'", ("default",)),
        out("${first_name} | capitalize | default: 'there'", ("capitalize", "default")),
        out("custom_attribute.${tier} | default: ''", ("default",)),
    )
    assert run_601(facts) == []


def test_601_guard_on_the_same_attribute_is_fine() -> None:
    facts = facts_with(
        out("${first_name}", guards=("if ${first_name} != blank",)),
        out("${first_name}", guards=("if a", "unless ${ first_name } == blank")),
        out("custom_attribute.${tier}", guards=("if custom_attribute.${tier}",)),
    )
    assert run_601(facts) == []


def test_601_guard_on_another_attribute_does_not_count() -> None:
    facts = facts_with(out("${first_name}", guards=("if ${last_name} != blank",)))
    assert len(run_601(facts)) == 1


def test_601_values_that_are_always_there_or_not_profile_attributes() -> None:
    facts = facts_with(
        out("${user_id}"),
        out("${braze_id}"),
        out("${random_bucket_number}"),
        out("${set_user_to_unsubscribed_url}"),
        out("${unsubscribe_url}"),
        out("content_blocks.${footer}"),
        out("event_properties.${order_id}"),
        out("canvas_entry_properties.${product}"),
        out("api_trigger_properties"),
        out("subscribed_state.${email_global}"),
        out("most_recently_used_device.${platform}"),
        out("first_name"),
        out("name", assigned=True),
        out("{first_name"),
        out("${first_name"),
        out("${email}"),
    )
    assert run_601(facts) == []


def test_602_plain_standard_attribute_in_liquid_file() -> None:
    (finding,) = run_602(facts_with(out("first_name")))
    assert finding.rule_id == "BRZ602"
    assert finding.span == Span(2, 5, 2, 19)
    assert finding.message == (
        "`{{first_name}}` reads a Liquid variable named first_name, which is never set, so it "
        "prints nothing. Braze's attribute is `${first_name}`: `{{${first_name}}}`"
    )


def test_602_plain_attribute_keeps_filters_in_the_fix() -> None:
    (finding,) = run_602(
        facts_with(
            out("last_name | default: 'x'", ("default",), raw="{{ last_name | default: 'x' }}")
        )
    )
    assert finding.message.endswith("`{{${last_name} | default: 'x'}}`")


def test_602_wrong_tag_names() -> None:
    found = run_602(facts_with(out("${email}"), out("${phone} | default: 'you'", ("default",))))
    assert [f.message for f in found] == [
        "`{{${email}}}`: Braze has no `${email}` tag, so this prints nothing. The attribute is "
        "`${email_address}`: `{{${email_address}}}`",
        "`{{${phone} | default: 'you'}}`: Braze has no `${phone}` tag, so this prints nothing. "
        "The attribute is `${phone_number}`: `{{${phone_number} | default: 'you'}}`",
    ]


def test_602_unclosed_placeholder() -> None:
    (finding,) = run_602(facts_with(out("${first_name", raw="{{ ${first_name }}")))
    assert finding.message == (
        "`{{ ${first_name }}`: the `${` is never closed, so Braze cannot read the attribute. "
        "Write `{{${first_name}}}`"
    )
    (finding,) = run_602(facts_with(out("custom_attribute.${tier | default: 'x'", ("default",))))
    assert finding.message.endswith("Write `{{custom_attribute.${tier}}}`")


def test_602_custom_attribute_without_placeholder() -> None:
    (finding,) = run_602(facts_with(out("custom_attribute.first_name")))
    assert finding.message == (
        "`{{custom_attribute.first_name}}`: custom attributes are written "
        "`custom_attribute.${first_name}`; without `${…}` this prints nothing. Write "
        "`{{custom_attribute.${first_name}}}`"
    )


def test_602_missing_dollar() -> None:
    (finding,) = run_602(facts_with(out("{first_name", raw="{{{first_name}}")))
    assert finding.message == (
        "`{{{first_name}}}` is missing the `$` of `${first_name}`, so it prints nothing: "
        "write `{{${first_name}}}`"
    )


def test_602_correct_braze_liquid_is_fine() -> None:
    facts = facts_with(
        out("${first_name}"),
        out("${first_name} | default: 'there'", ("default",)),
        out("${email_address}"),
        out("custom_attribute.${tier}"),
        out("custom_attribute.${address.city}"),
        out("content_blocks.${footer}"),
        out("event_properties.${order_id}"),
        out("${set_user_to_unsubscribed_url}"),
        out("first_name", assigned=True),
        out("greeting"),
        out("user.first_name"),
        out("'first_name' | upcase", ("upcase",)),
    )
    assert run_602(facts) == []


def test_602_html_needs_braze_evidence_for_plain_names() -> None:
    angular = facts_with(out("first_name"), out("email_address | lowercase"), path="a.html")
    assert run_602(angular) == []
    braze = facts_with(out("first_name"), out("${last_name}"), path="email.html")
    assert [f.fingerprint_key for f in run_602(braze)] == ["first_name"]
    guarded = facts_with(
        out("first_name"), out("x", guards=("if ${first_name} != blank",)), path="email.HTM"
    )
    assert len(run_602(guarded)) == 1


def test_602_code_strings_only_when_clearly_braze_liquid() -> None:
    not_liquid = facts_with(
        out("first_name"),  # Mustache / Handlebars
        out('color: "red"'),  # JSX style object
        out("{first_name"),  # Handlebars triple-stash
        out("first_name | default('there')", ("default",)),  # Jinja
        path="app.tsx",
        language=Language.TSX,
    )
    assert run_602(not_liquid) == []
    liquid = facts_with(
        out("first_name | default: 'there'", ("default",)),
        out("${email}"),
        out("custom_attribute.tier"),
        path="send.py",
        language=Language.PYTHON,
    )
    # Filter arguments alone are also Angular pipes and Jinja filters: Braze Liquid only
    # in a file that names Braze.
    assert [f.fingerprint_key for f in run_602(liquid)] == ["${email}", "custom_attribute.tier"]
    braze_named = replace(liquid, imports=(Import("braze", None, None, Span(1, 1, 1, 12)),))
    assert [f.fingerprint_key for f in run_602(braze_named)] == [
        "first_name | default: 'there'",
        "${email}",
        "custom_attribute.tier",
    ]


def test_602_jsx_and_template_literals_are_not_braze_liquid() -> None:
    jsx = facts_with(
        out("width: `${pct}%`"),  # a style object holding a template literal
        out("color: a || b ? 'gray' : 'black'"),
        path="Row.jsx",
        language=Language.JAVASCRIPT,
    )
    assert run_602(jsx) == []
    stray = LiquidProblem("`}}` without `{{`", "`${pct}%`}}", Span(3, 1, 3, 9))
    assert (
        run_602(facts_with(problems=(stray,), path="Row.jsx", language=Language.JAVASCRIPT)) == []
    )


def test_602_problems_in_template_files() -> None:
    problem = LiquidProblem("`{{` is not closed by `}}`", "{{ x", Span(3, 1, 3, 3))
    (finding,) = run_602(facts_with(problems=(problem,)))
    assert finding.span == Span(3, 1, 3, 3)
    assert finding.message == (
        "broken Liquid: `{{` is not closed by `}}` (`{{ x`); Braze will not render this as "
        "intended. Balance the braces: outputs are `{{ … }}`, tags `{% … %}`"
    )
    # An .html file with no Braze Liquid in it may be another template language.
    assert run_602(facts_with(problems=(problem,), path="page.html")) == []


def test_602_problems_in_code_only_with_braze_markers() -> None:
    plain = LiquidProblem("`{{` is not closed by `}}`", "{{", Span(1, 1, 1, 3))
    braze = LiquidProblem("`{{` is not closed by `}}`", "{{${first_name}", Span(2, 1, 2, 3))
    facts = facts_with(path="a.js", language=Language.JAVASCRIPT, problems=(plain, braze))
    assert [f.span for f in run_602(facts)] == [Span(2, 1, 2, 3)]


def test_traps_end_to_end() -> None:
    def both(text: str) -> list[str]:
        facts = parse("t.liquid", text, Language.LIQUID)
        return [f.rule_id for f in run_601(facts) + run_602(facts)]

    assert both("Hi {{${first_name} | default: 'there'}}") == []
    assert both("Hi {{${first_name}}}") == ["BRZ601"]
    assert both("{% if ${first_name} != blank %}Hi {{${first_name}}}{% endif %}") == []
    assert both("Hi {{first_name}}") == ["BRZ602"]
    assert both("Hi {{ ${first_name }}") == ["BRZ602"]
    assert both("Hi {{${first_name}") == ["BRZ602"]
    assert both("Hi first_name}}") == ["BRZ602"]


# -- mistakes inside tags (issue 13 ledger misses, notablegrowth/braze-liquid@8134e08) -----


def test_mistyped_endcomment_ends_the_comment_for_the_rest_of_the_scan() -> None:
    # connected-content-list-unredeemed.html:17-20: `{endcomment %}` then a tag closed
    # with `%)`; the rest of the template is read, so the second mistake is found too.
    text = "{% comment %}notes{endcomment %}\n{% if a != 0 %)\nCode: {{a}}\n{% endif %}"
    found, trouble = scan_liquid(text)
    assert [(p.message, p.span.line) for p in trouble] == [
        ("`{% comment %}` is not closed by `{% endcomment %}`", 1),
        ("`{%` is not closed by `%}`", 2),
    ]
    assert [o.expression for o in found] == ["a"]


def test_unclosed_comment_without_any_closer_still_swallows_the_rest() -> None:
    found, trouble = scan_liquid("{% comment %}{{a}} {% if x %)")
    assert found == [] and len(trouble) == 1


def test_many_mistyped_comments_are_bounded() -> None:
    text = "{% comment %}x{endcomment %}" * 50_000
    _, trouble = scan_liquid(text)
    assert len(trouble) == MAX_PROBLEMS


def test_double_brace_closing_inside_a_tag() -> None:
    assert problems("{% assign code = offer.code}} %}") == [
        (
            "`}}` inside a tag without an opening `{{`",
            "{% assign code = offer.code}} %}",
            Span(1, 28, 1, 30),
        )
    ]


def test_balanced_braces_outputs_and_quotes_inside_tags_are_fine() -> None:
    for text in (
        "{% assign plan = {{custom_attribute.${plan}}} %}",
        '{% assign note = "}}" %}',
        '{% connected_content https://x.example/a :body {"u": {"id": "{{${user_id}}}"}} %}',
        "{% if ${first_name} == 'x' %}y{% endif %}",
    ):
        assert problems(text) == [], text


def test_foreign_boolean_operators_in_conditions() -> None:
    assert [m for m, _, _ in problems("{% if a && b %}x{% elsif c || d %}y{% endif %}")] == [
        "`&&` is not a Liquid operator (write `and`)",
        "`||` is not a Liquid operator (write `or`)",
    ]
    assert problems("{% if a and b %}x{% elsif s contains '&&' %}y{% endif %}") == []
    # Only conditions: `||` elsewhere is not an operator Liquid reads.
    assert problems("{% assign x = 'a' %}{% capture y %}||{% endcapture %}") == []


def test_garbled_placeholder_around_an_output() -> None:
    assert problems("uid={${{external_id}}}&x=1") == [
        (
            "`{$` and `}` around an output, a garbled `{{${…}}}`",
            "{${{external_id}}}",
            Span(1, 5, 1, 23),
        )
    ]
    assert problems("uid={{${user_id}}} ${x} {{a}}") == []


def test_unclosed_output_inside_a_closed_tag_is_the_output_s_problem() -> None:
    # The shape of notablegrowth/braze-liquid@8134e08 connected-content-resend-promo-code
    # .html:8: the URL's output never closes, the tag does.
    text = "{% connected_content https://x.example/v/{{custom_attribute.${a}&c={{b}} :save r %}"
    found, trouble = scan_liquid(text)
    assert [(p.message, p.raw) for p in trouble] == [
        ("`{{` is not closed by `}}`", "{{custom_attribute.${a}&c="),
    ]
    assert [o.expression for o in found] == ["b"]


def test_many_unclosed_outputs_in_one_tag_are_linear() -> None:
    found, trouble = scan_liquid("{% if " + "{{a " * 200_000 + "%}")
    assert found == [] and len(trouble) == MAX_PROBLEMS
