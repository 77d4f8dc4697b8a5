"""A benchmark tree shaped like a real React Native / mobile product, not a back-end monorepo.

    python benchmarks/realshape.py OUT_DIR --files 5000 --seed 1 [--git] [--precommit]

Same options, manifest and Braze files as ``generate.py``; only the bulk differs. Measured on
a public React Native app (issue 18), what makes real front-end code expensive for
brazelint is not its size but its bait: nearly every component has JSX style objects
(``style={{ borderRadius: 4 }}``, and ``border`` holds "order"), styled-components and
emotion templates full of ``${props => …}``, GraphQL ``gql`` templates that name orders and
events, i18n strings with ``{{count}}`` placeholders, Flow types, Kotlin ``${…}`` and Swift
``\\(…)`` string templates, and Handlebars/Mustache/Jinja views. The generated tree of the
first benchmark had little of this, so it could not show the cost. Braze code is 3 % of the
files, inside the 2-5 % that real apps have.

Every bulk file is still Braze-free (``generate_tree`` checks), so whatever brazelint parses
beyond the Braze files is prefilter leakage.
"""

from __future__ import annotations

import sys

from generate import (
    ADJECTIVES,
    LANGS,
    LOG_WORDS,
    WHOLE_FILE,
    Lang,
    Shape,
    Words,
    camel,
    js_interface,
    kt_header,
    main,
    pascal,
    swift_header,
)

CSS_PROPS = [
    "border-radius",
    "border-width",
    "border-color",
    "padding",
    "margin-top",
    "background-color",
    "color",
    "font-size",
    "opacity",
]
RN_STYLE_KEYS = [
    "borderRadius",
    "borderWidth",
    "borderBottomColor",
    "marginTop",
    "paddingHorizontal",
    "backgroundColor",
    "flexDirection",
    "alignItems",
    "opacity",
]


def _style_object(w: Words) -> str:
    keys = w.rng.sample(RN_STYLE_KEYS, w.rng.randint(2, 4))
    return ", ".join(f"{k}: {w.int(0, 24)}" for k in keys)


def rn_header(w: Words) -> list[str]:
    n = w.noun()
    return [
        "// @flow",
        "import * as React from 'react';",
        "import { View, Text, Pressable, StyleSheet, FlatList } from 'react-native';",
        "import styled from 'styled-components/native';",
        "import { useTranslation } from 'react-i18next';",
        f"import {{ use{pascal(n)}Query }} from '../graphql/{n}';",
        "",
        "type Props = {|",
        f"  +{n}Id: string,",
        f"  +on{pascal(w.verb())}?: (id: string) => void,",
        "  +compact?: boolean,",
        "|};",
        "",
    ]


def rn_styled(w: Words) -> list[str]:
    name = pascal(w.adj(), w.rng.choice(["Row", "Card", "Badge", "Header", "Footer"]))
    props = w.rng.sample(CSS_PROPS, 4)
    return [
        f"const {name} = styled.{w.rng.choice(['View', 'Text', 'Pressable'])}`",
        f"  {props[0]}: ${{(props) => (props.compact ? {w.int(0, 8)} : {w.int(8, 24)})}}px;",
        f"  {props[1]}: ${{({{ theme }}) => theme.spacing.{w.adj()}}}px;",
        f"  {props[2]}: ${{(p) => p.theme.colors.{w.noun()}}};",
        f"  {props[3]}: {w.int(0, 16)}px;",
        "`;",
        "",
    ]


def rn_component(w: Words) -> list[str]:
    n, a = w.noun(), w.adj()
    comp = pascal(a, n, w.rng.choice(["List", "Screen", "Row", "Sheet"]))
    return [
        f"export function {comp}({{ {n}Id, compact }}: Props): React.Node {{",
        "  const { t } = useTranslation();",
        f"  const {{ data, loading }} = use{pascal(n)}Query({{ variables: {{ id: {n}Id }} }});",
        "  if (loading) {",
        f"    return <Text style={{{{ {_style_object(w)} }}}}>{{t('loading')}}</Text>;",
        "  }",
        "  return (",
        f"    <View style={{{{ {_style_object(w)} }}}}>",
        f"      <View style={{{{ width: `${{data.{n}Progress * 100}}%`,"
        f" height: {w.int(2, 8)} }}}} />",
        f"      <Text style={{{{ color: data.{w.adj()} || compact ? 'gray' : 'black' }}}}>"
        f"{{t('{n}.count', {{ count: data.{n}s.length }})}}</Text>",
        "      <FlatList",
        f"        data={{data.{n}s}}",
        "        keyExtractor={(item) => item.id}",
        "        renderItem={({ item }) => (",
        f"          <Pressable style={{({{ pressed }}) => ({{ opacity: pressed ? 0.5 : 1,"
        f" {_style_object(w)} }})}}>",
        f"            <Text style={{[styles.{a}, {{ {_style_object(w)} }}]}}>"
        f"{{`${{item.name}} (${{item.{w.noun()}Count}})`}}</Text>",
        "          </Pressable>",
        "        )}",
        "      />",
        "    </View>",
        "  );",
        "}",
        "",
    ]


def rn_stylesheet(w: Words) -> list[str]:
    lines = ["const styles = StyleSheet.create({"]
    for a in w.rng.sample(ADJECTIVES, 3):
        lines.append(f"  {a}: {{ {_style_object(w)} }},")
    return [*lines, "});", ""]


def i18n_strings(w: Words) -> list[str]:
    lines = ["export const strings = {"]
    for n in w.rng.sample(["order", "item", "review", "ticket", "message", "coupon"], 3):
        lines += [
            f"  {n}Count: '{{{{count}}}} {n}s',",
            f"  {n}Greeting: 'Hi {{{{name}}}}, your {n} is {w.adj()}',",
        ]
    return [*lines, "};", ""]


def gql_query(w: Words) -> list[str]:
    n = w.noun()
    return [
        f"export const {n.upper()}_QUERY = gql`",
        f"  query Get{pascal(n)}($id: ID!, $first: Int = {w.int(5, 50)}) {{",
        f"    {n}(id: $id) {{",
        "      id",
        "      orderNumber",
        "      events(first: $first) { edges { node { id name createdAt } } }",
        f"      ${{{pascal(n)}Fragment}}",
        "    }",
        "  }",
        "`;",
        "",
    ]


def emotion_css(w: Words) -> list[str]:
    a = w.adj()
    return [
        f"const {camel(a, 'style')} = (theme: Theme) => css`",
        f"  border: 1px solid ${{theme.colors.{w.noun()}}};",
        f"  border-radius: ${{theme.radius * {w.int(1, 3)}}}px;",
        "  &:hover {",
        f"    background: ${{theme.colors.{a}}};",
        "  }",
        "`;",
        "",
    ]


def ts_styled_generic(w: Words) -> list[str]:
    name = pascal(w.adj(), w.rng.choice(["Box", "Tag", "Pill", "Panel"]))
    return [
        f"const {name} = styled.View<{{ active?: boolean; size: number }}>`",
        "  width: ${({ size }) => size}px;",
        "  border-color: ${({ active, theme }) => (active ? theme.primary : 'transparent')};",
        "`;",
        "",
    ]


def tsx_header_real(w: Words) -> list[str]:
    return [
        "import React, { useCallback, useMemo } from 'react';",
        "import { css, Theme } from '@emotion/react';",
        "import styled from '@emotion/native';",
        "import { gql, useQuery } from '@apollo/client';",
        "",
        *js_interface(w),
    ]


def tsx_screen(w: Words) -> list[str]:
    n = w.noun()
    return [
        f"export const {pascal(n, 'Screen')}: React.FC<{{ id: string }}> = ({{ id }}) => {{",
        f"  const {{ data }} = useQuery({n.upper()}_QUERY, {{ variables: {{ id }} }});",
        f"  const total = useMemo(() => data?.{n}.events.edges.length ?? 0, [data]);",
        "  const onPress = useCallback(() => {",
        f"    console.log(`{w.rng.choice(LOG_WORDS)} {n} ${{id}}: ${{total}}`);",
        "  }, [id, total]);",
        "  return (",
        f"    <Box size={{{w.int(8, 64)}}} active style={{{{ {_style_object(w)} }}}}"
        " onPress={onPress}>",
        f"      <Text css={{{{ color: 'red', fontSize: {w.int(10, 20)} }}}}>{{total}}</Text>",
        "    </Box>",
        "  );",
        "};",
        "",
    ]


def kt_templates(w: Words) -> list[str]:
    n = w.noun()
    return [
        f"fun describe{pascal(n)}(item: {pascal(n)}, count: Int): String {{",
        f'    val label = "${{item.name}} (${{count}} {n}s)"',
        "    val price = \"${'$'}${item.amount} for order #${item.orderId}\"",
        '    return """',
        f"        |{pascal(n)}: $label",
        "        |Total: $price",
        f"        |Border: {{{{ {w.adj()} }}}}",
        '    """.trimMargin()',
        "}",
        "",
    ]


def kt_compose(w: Words) -> list[str]:
    n = w.noun()
    return [
        "@Composable",
        f"fun {pascal(n, 'Row')}(state: {pascal(n)}State, onClick: () -> Unit) {{",
        "    Row(",
        "        modifier = Modifier",
        f"            .border(width = {w.int(1, 3)}.dp, color = Color.Gray)",
        f"            .padding(horizontal = {w.int(4, 16)}.dp)",
        "            .clickable { onClick() },",
        "    ) {",
        f'        Text(text = "${{state.title}} · ${{state.{n}Count}}")',
        "    }",
        "}",
        "",
    ]


def swift_views(w: Words) -> list[str]:
    n = w.noun()
    return [
        f"struct {pascal(n, 'View')}: View {{",
        f"    let {n}: {pascal(n)}Item",
        "    @State private var isExpanded = false",
        "",
        "    var body: some View {",
        "        VStack(alignment: .leading) {",
        f'            Text("\\({n}.title) — order \\({n}.orderNumber)")',
        f'            Text("Updated \\({n}.updatedAt, style: .relative)")',
        f"                .border(Color.gray, width: {w.int(1, 3)})",
        "        }",
        f"        .padding({w.int(4, 16)})",
        "        .onTapGesture { isExpanded.toggle() }",
        "    }",
        "}",
        "",
    ]


def views_page(w: Words, target: int) -> list[str]:
    """A server-rendered view: Handlebars, Mustache or Jinja, as product repositories keep."""
    n = w.noun()
    flavour = w.rng.choice(["handlebars", "mustache", "jinja"])
    lines = ["<!DOCTYPE html>", "<html>", "<head><title>{{title}}</title></head>", "<body>"]
    while len(lines) < target - 3:
        if flavour == "jinja":
            lines += [
                f"{{% for {n} in {n}s %}}",
                f'  <div class="card" style="border: 1px solid #ccc">{{{{ {n}.name|title }}}}'
                f" — {{{{ {n}.total|default(0) }}}}</div>",
                f"  {{% if {n}.{w.adj()} %}}<span>{{{{ _('{w.sentence()}') }}}}</span>"
                "{% endif %}",
                "{% endfor %}",
            ]
        else:
            section = "#each" if flavour == "handlebars" else "#"
            close = "/each" if flavour == "handlebars" else "/"
            key = f"{n}s"
            lines += [
                f"  {{{{{section}{' ' if flavour == 'handlebars' else ''}{key}}}}}",
                '    <li class="order-row">{{name}} · {{{priceHtml}}}</li>',
                f"    {{{{^{w.adj()}}}}}<em>{w.sentence()}</em>{{{{/{w.adj()}}}}}",
                f"  {{{{{close}{'' if flavour == 'handlebars' else key}}}}}",
            ]
    return [*lines, "</body>", "</html>", ""]


REAL_LANGS: dict[str, Lang] = {
    **LANGS,
    "jsx": Lang(
        "jsx",
        ("app/src/screens/{a}", "app/src/components/{a}", "app/src/features/{a}"),
        rn_header,
        (rn_styled, rn_component, rn_component, rn_stylesheet, i18n_strings),
    ),
    "tsx": Lang(
        "tsx",
        ("app/src/components/{a}", "app/src/screens/{a}", "packages/ui/src"),
        tsx_header_real,
        (tsx_screen, emotion_css, ts_styled_generic, gql_query),
    ),
    "ts": Lang(
        "ts",
        ("app/src/graphql/{a}", "app/src/i18n", "app/src/store/{a}"),
        lambda w: ["import { gql } from '@apollo/client';", "", *js_interface(w)],
        (gql_query, i18n_strings, lambda w: js_interface(w)),
    ),
    "kt": Lang(
        "kt",
        ("android/app/src/main/java/com/example/app/{a}", "android/feature-{a}/src/main/java"),
        kt_header,
        (kt_templates, kt_compose, *LANGS["kt"].chunks),
    ),
    "swift": Lang(
        "swift",
        ("ios/App/Sources/{a}", "ios/App/Views/{a}"),
        swift_header,
        (swift_views, *LANGS["swift"].chunks),
    ),
}
REAL_WHOLE_FILE = {
    **WHOLE_FILE,
    "html": (("server/views/{a}", "web/templates/{a}"), views_page),
}
#: A React Native product with native modules and a small server: mostly components.
REAL_MIX = {
    "jsx": 24,
    "tsx": 24,
    "ts": 14,
    "js": 6,
    "swift": 10,
    "kt": 10,
    "java": 4,
    "html": 4,
    "py": 4,
}
REAL = Shape("real", REAL_LANGS, REAL_WHOLE_FILE, REAL_MIX, braze_share=0.03)


if __name__ == "__main__":
    sys.exit(main(shape=REAL))
