"""Deterministic generator of a realistic mixed source tree for the brazelint benchmark.

    python benchmarks/generate.py OUT_DIR --files 5000 --seed 1 [--git] [--precommit]

The tree imitates an application monorepo: Python services, a web front end (JS, TS, TSX),
an iOS app (Swift), an Android app (Kotlin, Java), HTML templates and e-mail templates.
About 2% of the files integrate Braze (Web SDK, REST from Python, Swift and Android SDKs,
Liquid message templates); roughly half of those carry one or more catalogued mistakes.

Why it looks the way it does:
- Bulk files never mention Braze (checked at the end) but do contain the other prefilter bait a
  real repository has: JSX ``style={{...}}`` and Handlebars ``{{name}}`` in HTML. A prefilter that
  only looks for ``{{`` must still pay for those files, so the benchmark cannot flatter it.
- Files are 50-400 lines, like hand-written application code, so per-file overhead and per-byte
  cost are both exercised.
- Every file gets its own RNG derived from (seed, index), so the same seed always produces the
  same bytes regardless of Python hash seeding or generation order.

Next to OUT_DIR the generator writes ``OUT_DIR.manifest.json`` (outside the tree, so the tools
never scan it) listing every Braze file with the rule IDs and lines planted in it, plus the
pre-commit selection: 20 files, 5 of them with Braze code.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# --------------------------------------------------------------------------------------------
# Vocabulary. None of these words may contain "braze" or "appboy" (e.g. no "brazen"): the
# final check in generate_tree() enforces that bulk files stay Braze-free.
# --------------------------------------------------------------------------------------------

NOUNS = [
    "order",
    "invoice",
    "customer",
    "cart",
    "product",
    "shipment",
    "account",
    "report",
    "widget",
    "payment",
    "ledger",
    "inventory",
    "coupon",
    "review",
    "ticket",
    "message",
    "profile",
    "setting",
    "schedule",
    "task",
    "job",
    "queue",
    "metric",
    "address",
    "refund",
    "catalog",
    "category",
    "warehouse",
    "supplier",
    "discount",
    "subscription",
    "plan",
    "receipt",
    "tenant",
    "team",
    "member",
    "comment",
    "attachment",
    "document",
    "folder",
    "region",
    "store",
    "basket",
    "voucher",
    "delivery",
    "route",
    "driver",
    "vehicle",
    "booking",
    "slot",
    "calendar",
    "reminder",
    "note",
    "tag",
    "label",
    "badge",
    "session",
    "token",
    "device",
    "permission",
    "role",
    "audit",
    "export",
    "import",
    "batch",
    "record",
]
VERBS = [
    "load",
    "fetch",
    "compute",
    "validate",
    "render",
    "update",
    "build",
    "parse",
    "format",
    "sync",
    "resolve",
    "apply",
    "merge",
    "filter",
    "sort",
    "normalize",
    "serialize",
    "create",
    "delete",
    "archive",
    "restore",
    "refresh",
    "prepare",
    "collect",
    "dispatch",
    "enqueue",
    "schedule",
    "cancel",
    "approve",
    "reject",
    "summarize",
    "group",
    "index",
    "find",
    "count",
]
ADJECTIVES = [
    "pending",
    "active",
    "archived",
    "primary",
    "default",
    "cached",
    "remote",
    "local",
    "recent",
    "visible",
    "hidden",
    "draft",
    "final",
    "partial",
    "total",
    "daily",
    "weekly",
    "monthly",
    "current",
    "next",
    "previous",
    "expired",
    "valid",
    "selected",
    "shared",
]
FIELD_TYPES_PY = ["str", "int", "float", "bool", "datetime", "list[str]", "dict[str, Any]"]
FIELD_TYPES_TS = ["string", "number", "boolean", "Date", "string[]", "Record<string, unknown>"]
FIELD_TYPES_SWIFT = ["String", "Int", "Double", "Bool", "Date", "[String]", "URL?"]
FIELD_TYPES_KT = ["String", "Int", "Double", "Boolean", "Long", "List<String>", "String?"]
FIELD_TYPES_JAVA = ["String", "int", "double", "boolean", "long", "List<String>", "Instant"]
DOMAINS = ["internal.example.com", "api.shopfront.test", "svc.acme.local", "backend.example.org"]
LOG_WORDS = ["starting", "finished", "skipping", "retrying", "received", "queued", "failed"]

# Rule IDs planted on purpose; run.py and the README refer to these.
PLANTABLE_RULES = ("BRZ201", "BRZ202", "BRZ204", "BRZ301", "BRZ303", "BRZ401", "BRZ601", "BRZ701")
BRAZE_SHARE = 0.02
MIN_LINES, MAX_LINES = 50, 400
PRECOMMIT_FILES = 20
PRECOMMIT_BRAZE_FILES = 5


def snake(*parts: str) -> str:
    return "_".join(parts)


def camel(*parts: str) -> str:
    return parts[0] + "".join(p.capitalize() for p in parts[1:])


def pascal(*parts: str) -> str:
    return "".join(p.capitalize() for p in parts)


class Words:
    """Identifier factory bound to one file's RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def noun(self) -> str:
        return self.rng.choice(NOUNS)

    def verb(self) -> str:
        return self.rng.choice(VERBS)

    def adj(self) -> str:
        return self.rng.choice(ADJECTIVES)

    def nouns(self, k: int) -> list[str]:
        return self.rng.sample(NOUNS, k)

    def sentence(self) -> str:
        n = self.rng.randint(4, 9)
        words = [self.rng.choice(NOUNS + VERBS + ADJECTIVES) for _ in range(n)]
        return " ".join(words).capitalize() + "."

    def url(self) -> str:
        return f"https://{self.rng.choice(DOMAINS)}/v{self.rng.randint(1, 3)}/{self.noun()}s"

    def int(self, lo: int = 1, hi: int = 500) -> int:
        return self.rng.randint(lo, hi)


# --------------------------------------------------------------------------------------------
# Bulk code, one set of chunk builders per language. Each builder returns lines of code; a file
# is a header plus chunks until the target length is reached.
# --------------------------------------------------------------------------------------------

Chunk = Callable[[Words], list[str]]


def py_header(w: Words) -> list[str]:
    imports = [
        "import json",
        "import logging",
        "import os",
        "import re",
        "from datetime import datetime, timedelta",
        "from dataclasses import dataclass, field",
        "from typing import Any",
        "import requests",
        "from collections import defaultdict",
        "from pathlib import Path",
    ]
    chosen = sorted(w.rng.sample(imports, w.rng.randint(3, 7)))
    return [
        f'"""{w.sentence()}"""',
        "",
        "from __future__ import annotations",
        "",
        *chosen,
        "",
        "log = logging.getLogger(__name__)",
        "",
    ]


def py_dataclass(w: Words) -> list[str]:
    name = pascal(w.adj(), w.noun())
    lines = ["", "@dataclass", f"class {name}:", f'    """{w.sentence()}"""', ""]
    for f in w.nouns(w.rng.randint(3, 7)):
        lines.append(
            f"    {f}_{w.rng.choice(['id', 'name', 'count', 'at', 'value'])}: "
            f"{w.rng.choice(FIELD_TYPES_PY)}"
        )
    lines += [
        "",
        "    def to_dict(self) -> dict[str, Any]:",
        "        return dict(self.__dict__)",
        "",
    ]
    return lines


def py_function(w: Words) -> list[str]:
    v, n, a = w.verb(), w.noun(), w.adj()
    fn = snake(v, a, n + "s")
    return [
        "",
        f"def {fn}(items: list[dict[str, Any]], limit: int = {w.int(10, 200)})"
        " -> list[dict[str, Any]]:",
        f'    """{w.sentence()}"""',
        "    result: list[dict[str, Any]] = []",
        "    for item in items[:limit]:",
        f'        if item.get("status") == "{a}":',
        f'            log.debug("{w.rng.choice(LOG_WORDS)} {n} %s", item.get("id"))',
        "            continue",
        f'        item["{n}_total"] = item.get("quantity", 0) * item.get("price", 0)',
        "        result.append(item)",
        f'    result.sort(key=lambda it: it.get("{w.noun()}_id", 0))',
        "    return result",
        "",
    ]


def py_http(w: Words) -> list[str]:
    n = w.noun()
    return [
        "",
        f"def {snake('fetch', n)}(session: requests.Session, {n}_id: str) -> dict[str, Any]:",
        f'    url = f"{w.url()}/{{{n}_id}}"',
        f"    response = session.get(url, timeout={w.int(2, 30)})",
        "    response.raise_for_status()",
        "    payload = response.json()",
        f'    log.info("{w.rng.choice(LOG_WORDS)} %s", url)',
        f'    return {{"id": {n}_id, "data": payload, "fetched_at": datetime.now().isoformat()}}',
        "",
    ]


def py_class(w: Words) -> list[str]:
    n = w.noun()
    cls = pascal(n, w.rng.choice(["Service", "Repository", "Manager", "Client", "Handler"]))
    lines = [
        "",
        f"class {cls}:",
        f'    """{w.sentence()}"""',
        "",
        "    def __init__(self, base_dir: str, retries: int = 3) -> None:",
        "        self.base_dir = base_dir",
        "        self.retries = retries",
        "        self._cache: dict[str, Any] = {}",
        "",
    ]
    for _ in range(w.rng.randint(2, 5)):
        m = snake(w.verb(), w.noun())
        lines += [
            f"    def {m}(self, key: str, *, force: bool = False) -> Any:",
            "        if not force and key in self._cache:",
            "            return self._cache[key]",
            "        path = os.path.join(self.base_dir, key)",
            "        for attempt in range(self.retries):",
            "            try:",
            "                with open(path, encoding='utf-8') as fh:",
            "                    value = json.load(fh)",
            "                break",
            "            except OSError:",
            f'                log.warning("{w.rng.choice(LOG_WORDS)} {m} attempt %d", attempt)',
            "        else:",
            "            value = None",
            "        self._cache[key] = value",
            "        return value",
            "",
        ]
    return lines


def py_constants(w: Words) -> list[str]:
    name = snake(w.adj(), w.noun(), "limits").upper()
    lines = ["", f"{name} = {{"]
    for n in w.nouns(w.rng.randint(3, 8)):
        lines.append(f'    "{n}": {w.int()},')
    lines += ["}", ""]
    return lines


# JS/TS share most builders; `ts` switches on type annotations.


def js_header(w: Words, ts: bool) -> list[str]:
    mods = ["lodash", "date-fns", "axios", "zod", "uuid", "./config", "../lib/http", "./store"]
    lines = [f"// {w.sentence()}"]
    for m in sorted(w.rng.sample(mods, w.rng.randint(2, 5))):
        ident = camel(*re.sub(r"[^a-z]+", " ", m).split() or ["mod"])
        lines.append(f'import {ident} from "{m}";')
    lines.append("")
    if ts:
        for _ in range(w.rng.randint(1, 2)):
            lines += js_interface(w)
    return lines


def js_interface(w: Words) -> list[str]:
    lines = [f"export interface {pascal(w.adj(), w.noun())} {{"]
    for f in w.nouns(w.rng.randint(3, 7)):
        opt = "?" if w.rng.random() < 0.3 else ""
        lines.append(
            f"  {camel(f, 'id') if w.rng.random() < 0.3 else f}{opt}: "
            f"{w.rng.choice(FIELD_TYPES_TS)};"
        )
    return [*lines, "}", ""]


def js_function(w: Words, ts: bool) -> list[str]:
    v, n, a = w.verb(), w.noun(), w.adj()
    sig = f"(items{': any[]' if ts else ''}, limit{': number' if ts else ''} = {w.int(5, 100)})"
    ret = ": any[]" if ts else ""
    return [
        f"export function {camel(v, a, n + 's')}{sig}{ret} {{",
        "  const out = [];",
        "  for (const item of items.slice(0, limit)) {",
        f'    if (item.status === "{a}") {{',
        "      continue;",
        "    }",
        f"    out.push({{ ...item, {n}Total: (item.quantity ?? 0) * (item.price ?? 0) }});",
        "  }",
        f"  return out.sort((x, y) => x.{n}Id - y.{n}Id);",
        "}",
        "",
    ]


def js_fetch(w: Words, ts: bool) -> list[str]:
    n = w.noun()
    arg = f"{n}Id{': string' if ts else ''}"
    return [
        f"export async function {camel('fetch', n)}({arg}) {{",
        f"  const res = await fetch(`{w.url()}/${{{n}Id}}`, {{",
        '    headers: { Accept: "application/json" },',
        "  });",
        "  if (!res.ok) {",
        f"    throw new Error(`{w.rng.choice(LOG_WORDS)} {n} ${{res.status}}`);",
        "  }",
        "  return res.json();",
        "}",
        "",
    ]


def js_class(w: Words, ts: bool) -> list[str]:
    n = w.noun()
    cls = pascal(n, w.rng.choice(["Store", "Service", "Controller", "Cache"]))
    priv = "private " if ts else ""
    lines = [
        f"export class {cls} {{",
        f"  {priv}items = new Map();",
        "",
        f"  constructor({priv.strip() + ' ' if ts else ''}ttl{': number' if ts else ''} = "
        f"{w.int(100, 9000)}) {{",
        "    this.ttl = ttl;" if not ts else "",
        "  }",
        "",
    ]
    for _ in range(w.rng.randint(2, 4)):
        m = camel(w.verb(), w.noun())
        lines += [
            f"  {m}(key{': string' if ts else ''}) {{",
            "    const hit = this.items.get(key);",
            "    if (hit && Date.now() - hit.at < this.ttl) {",
            "      return hit.value;",
            "    }",
            f'    console.debug("{w.rng.choice(LOG_WORDS)} {m}", key);',
            "    return undefined;",
            "  }",
            "",
        ]
    return [*lines, "}", ""]


def js_constants(w: Words, ts: bool) -> list[str]:
    lines = [f"export const {snake(w.adj(), w.noun()).upper()} = {{"]
    for n in w.nouns(w.rng.randint(3, 8)):
        lines.append(f'  {n}: "{w.adj()}-{n}",')
    return [*lines, "};", ""]


def tsx_header(w: Words) -> list[str]:
    return [
        'import React, { useEffect, useMemo, useState } from "react";',
        f'import {{ {pascal(w.noun(), "Card")} }} from "../components/{pascal(w.noun(), "Card")}";',
        f'import {{ {camel("use", w.noun())} }} from "../hooks/{camel("use", w.noun())}";',
        "",
        *js_interface(w),
    ]


def tsx_component(w: Words) -> list[str]:
    n, a = w.noun(), w.adj()
    comp = pascal(a, n, w.rng.choice(["List", "Panel", "Row", "View", "Table"]))
    margin, pad = w.int(0, 24), w.int(0, 16)
    return [
        f"export function {comp}({{ items, onSelect }}: {{ items: any[]; onSelect: (id: string)"
        " => void }) {",
        f'  const [{n}Filter, set{pascal(n)}Filter] = useState("");',
        f"  const visible = useMemo(() => items.filter((it) => it.name.includes({n}Filter)),"
        f" [items, {n}Filter]);",
        "  useEffect(() => {",
        f"    document.title = `{pascal(n)}s (${{visible.length}})`;",
        "  }, [visible.length]);",
        "  return (",
        f'    <section className="{a}-{n}" style={{{{ marginTop: {margin}, padding: {pad} }}}}>',
        f"      <h2>{pascal(a)} {n}s</h2>",
        f"      <input value={{{n}Filter}}"
        f" onChange={{(e) => set{pascal(n)}Filter(e.target.value)}} />",
        "      <ul>",
        "        {visible.map((it) => (",
        "          <li key={it.id} onClick={() => onSelect(it.id)}"
        f" style={{{{ fontWeight: it.{w.adj()} ? 600 : 400 }}}}>",
        "            {it.name}",
        "          </li>",
        "        ))}",
        "      </ul>",
        "    </section>",
        "  );",
        "}",
        "",
    ]


def swift_header(w: Words) -> list[str]:
    mods = ["Foundation", "UIKit", "SwiftUI", "Combine", "os.log"]
    return [f"// {w.sentence()}", *[f"import {m}" for m in sorted(w.rng.sample(mods, 2))], ""]


def swift_struct(w: Words) -> list[str]:
    lines = [f"struct {pascal(w.adj(), w.noun())}: Codable, Equatable {{"]
    for f in w.nouns(w.rng.randint(3, 7)):
        lines.append(f"    var {camel(f, 'value')}: {w.rng.choice(FIELD_TYPES_SWIFT)}")
    return [*lines, "}", ""]


def swift_class(w: Words) -> list[str]:
    n = w.noun()
    cls = pascal(n, w.rng.choice(["ViewModel", "Service", "Store", "Coordinator"]))
    lines = [
        f"final class {cls} {{",
        f"    private var cache: [String: {pascal(n)}Item] = [:]",
        f'    private let baseURL = URL(string: "{w.url()}")!',
        "",
    ]
    for _ in range(w.rng.randint(2, 4)):
        m = camel(w.verb(), w.noun())
        lines += [
            f"    func {m}(id: String, completion: @escaping (Result<Data, Error>) -> Void) {{",
            "        guard !id.isEmpty else {",
            "            completion(.failure(URLError(.badURL)))",
            "            return",
            "        }",
            "        let url = baseURL.appendingPathComponent(id)",
            "        URLSession.shared.dataTask(with: url) { data, _, error in",
            "            if let error = error {",
            "                completion(.failure(error))",
            "                return",
            "            }",
            "            completion(.success(data ?? Data()))",
            "        }.resume()",
            "    }",
            "",
        ]
    return [*lines, "}", ""]


def swift_extension(w: Words) -> list[str]:
    n = w.noun()
    return [
        f"extension {pascal(n)}Item {{",
        f"    var {camel('is', w.adj())}: Bool {{",
        f"        return {camel(w.noun(), 'count')} > {w.int(0, 50)}",
        "    }",
        "",
        f"    func {camel('formatted', w.noun())}() -> String {{",
        f'        return "\\({camel(n, "value")}) {w.adj()}"',
        "    }",
        "}",
        "",
    ]


def kt_header(w: Words) -> list[str]:
    pkg = f"com.example.app.{w.noun()}"
    imps = [
        "android.os.Bundle",
        "android.util.Log",
        "kotlinx.coroutines.launch",
        "androidx.lifecycle.ViewModel",
        "androidx.lifecycle.viewModelScope",
        "java.time.Instant",
        "kotlinx.coroutines.flow.MutableStateFlow",
    ]
    return [f"package {pkg}", "", *[f"import {i}" for i in sorted(w.rng.sample(imps, 4))], ""]


def kt_data(w: Words) -> list[str]:
    fields = ", ".join(
        f"val {camel(f, 'value')}: {w.rng.choice(FIELD_TYPES_KT)}"
        for f in w.nouns(w.rng.randint(2, 6))
    )
    return [f"data class {pascal(w.adj(), w.noun())}({fields})", ""]


def kt_class(w: Words) -> list[str]:
    n = w.noun()
    cls = pascal(n, w.rng.choice(["ViewModel", "Repository", "UseCase", "Mapper"]))
    lines = [
        f"class {cls}(private val api: {pascal(n)}Api) : ViewModel() {{",
        f"    private val state = MutableStateFlow<List<{pascal(n)}>>(emptyList())",
        "",
    ]
    for _ in range(w.rng.randint(2, 4)):
        m = camel(w.verb(), w.noun())
        lines += [
            f"    fun {m}(id: String, force: Boolean = false) {{",
            "        viewModelScope.launch {",
            "            val result = runCatching { api.load(id) }",
            "            result.onSuccess { items ->",
            f"                state.value = items.filter {{ it.{w.adj()} || force }}",
            "            }.onFailure { err ->",
            f'                Log.w("{cls}", "{w.rng.choice(LOG_WORDS)} {m}", err)',
            "            }",
            "        }",
            "    }",
            "",
        ]
    return [*lines, "}", ""]


def kt_when(w: Words) -> list[str]:
    lines = [f"fun {camel('label', 'for', w.noun())}(code: Int): String = when (code) {{"]
    for i, a in enumerate(w.rng.sample(ADJECTIVES, 4)):
        lines.append(f'    {i * 10 + w.int(0, 9)} -> "{a}"')
    return [*lines, '    else -> "unknown"', "}", ""]


def java_header(w: Words) -> list[str]:
    imps = [
        "java.util.List",
        "java.util.Map",
        "java.util.HashMap",
        "java.util.ArrayList",
        "java.time.Instant",
        "java.util.Objects",
        "java.util.Optional",
    ]
    return [
        f"package com.example.app.{w.noun()};",
        "",
        *[f"import {i};" for i in sorted(w.rng.sample(imps, 4))],
        "",
    ]


def java_class_body(w: Words, cls: str) -> list[str]:
    lines = []
    fields = w.nouns(w.rng.randint(2, 5))
    types = [w.rng.choice(FIELD_TYPES_JAVA) for _ in fields]
    for f, t in zip(fields, types, strict=True):
        lines.append(f"    private {t} {f};")
    lines.append("")
    for f, t in zip(fields, types, strict=True):
        lines += [
            f"    public {t} get{pascal(f)}() {{",
            f"        return {f};",
            "    }",
            "",
            f"    public void set{pascal(f)}({t} {f}) {{",
            f"        this.{f} = {f};",
            "    }",
            "",
        ]
    m = camel(w.verb(), w.noun())
    lines += [
        f"    public List<String> {m}(Map<String, Integer> counts) {{",
        "        List<String> out = new ArrayList<>();",
        "        for (Map.Entry<String, Integer> e : counts.entrySet()) {",
        f"            if (e.getValue() > {w.int(0, 99)}) {{",
        "                out.add(e.getKey());",
        "            }",
        "        }",
        "        return out;",
        "    }",
        "",
    ]
    return lines


def html_page(w: Words, target: int) -> list[str]:
    n = w.noun()
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '  <meta charset="utf-8">',
        f"  <title>{{{{title}}}} - {pascal(n)}s</title>",
        f'  <link rel="stylesheet" href="/static/{n}.css">',
        "</head>",
        "<body>",
        '  <header class="site-header">',
        "    <h1>{{title}}</h1>",
        f'    <p class="lead">{w.sentence()}</p>',
        "  </header>",
        "  <main>",
    ]
    while len(lines) < target - 8:
        a = w.adj()
        lines += [
            f'    <section class="{a}-{n}">',
            f"      <h2>{pascal(a)} {w.noun()}s</h2>",
            f"      {{{{#each {camel(a, n)}s}}}}",
            '      <article class="card" data-id="{{id}}">',
            "        <h3>{{name}}</h3>",
            f"        <p>{w.sentence()} {{{{{camel(w.noun(), 'count')}}}}}</p>",
            "      </article>",
            "      {{/each}}",
            "    </section>",
        ]
    return [
        *lines,
        "  </main>",
        '  <footer class="site-footer">',
        f"    <p>{w.sentence()}</p>",
        "  </footer>",
        '  <script src="/static/app.js"></script>',
        "</body>",
        "</html>",
        "",
    ]


@dataclass(frozen=True)
class Lang:
    ext: str
    dirs: tuple[str, ...]
    header: Callable[[Words], list[str]]
    chunks: tuple[Chunk, ...]


def _ts(fn: Callable[[Words, bool], list[str]], ts: bool) -> Chunk:
    return lambda w: fn(w, ts)


def _java_file(w: Words, target: int) -> list[str]:
    cls = pascal(w.noun(), w.rng.choice(["Dto", "Entity", "Helper", "Repository", "Service"]))
    lines = [*java_header(w), f"/** {w.sentence()} */", f"public class {cls} {{", ""]
    fill(lines, lambda: java_class_body(w, cls), target)
    return [*lines, "}", ""]


LANGS: dict[str, Lang] = {
    "py": Lang(
        "py",
        ("services/{a}/{b}", "services/{a}", "jobs", "scripts", "libs/{a}"),
        py_header,
        (py_dataclass, py_function, py_http, py_class, py_constants),
    ),
    "js": Lang(
        "js",
        ("web/src/lib", "web/src/utils", "web/legacy/{a}", "tools"),
        lambda w: js_header(w, False),
        tuple(_ts(f, False) for f in (js_function, js_fetch, js_class, js_constants)),
    ),
    "ts": Lang(
        "ts",
        ("web/src/api", "web/src/store/{a}", "web/src/services", "packages/{a}/src"),
        lambda w: js_header(w, True),
        tuple(_ts(f, True) for f in (js_function, js_fetch, js_class, js_constants)),
    ),
    "tsx": Lang(
        "tsx",
        ("web/src/components/{a}", "web/src/pages", "web/src/features/{a}"),
        tsx_header,
        (tsx_component, _ts(js_function, True)),
    ),
    "swift": Lang(
        "swift",
        ("ios/App/Sources/{a}", "ios/App/Features/{a}", "ios/Shared"),
        swift_header,
        (swift_struct, swift_class, swift_extension),
    ),
    "kt": Lang(
        "kt",
        ("android/app/src/main/java/com/example/app/{a}",),
        kt_header,
        (kt_data, kt_class, kt_when),
    ),
}
# Java and HTML are built whole (one class per file / one page per file).
WHOLE_FILE: dict[str, tuple[tuple[str, ...], Callable[[Words, int], list[str]]]] = {
    "java": (
        ("android/app/src/main/java/com/example/app/{a}", "backend/src/main/java/com/acme/{a}"),
        _java_file,
    ),
    "html": (("web/templates/{a}", "services/{a}/templates"), html_page),
}
# Share of bulk files per extension; roughly a product monorepo.
MIX = {"py": 25, "js": 10, "ts": 16, "tsx": 12, "swift": 11, "kt": 11, "java": 8, "html": 7}


def fill(lines: list[str], make_chunk: Callable[[], list[str]], target: int) -> None:
    """Append whole chunks until `target` lines, never past MAX_LINES once MIN_LINES is met.

    Chunks are never cut, so every file stays syntactically plausible for the parsers.
    """
    while len(lines) < target:
        chunk = make_chunk()
        if len(lines) >= MIN_LINES and len(lines) + len(chunk) > MAX_LINES:
            break
        lines += chunk


@dataclass(frozen=True)
class Shape:
    """What the bulk of a tree is made of: chunk builders per extension, whole-file builders,
    the share of each extension, and the share of files that integrate Braze."""

    name: str
    langs: dict[str, Lang]
    whole_file: dict[str, tuple[tuple[str, ...], Callable[[Words, int], list[str]]]]
    mix: dict[str, int]
    braze_share: float = BRAZE_SHARE

    def dirs(self, ext: str) -> tuple[str, ...]:
        return self.whole_file[ext][0] if ext in self.whole_file else self.langs[ext].dirs


#: The original benchmark tree: a product monorepo, mostly back-end and plain front-end code.
MIXED = Shape("mixed", LANGS, WHOLE_FILE, MIX)


def bulk_file(w: Words, ext: str, target: int, shape: Shape = MIXED) -> list[str]:
    if ext in shape.whole_file:
        return shape.whole_file[ext][1](w, target)
    lang = shape.langs[ext]
    lines = lang.header(w)
    fill(lines, lambda: w.rng.choice(lang.chunks)(w), target)
    return lines


# --------------------------------------------------------------------------------------------
# Braze files. Each builder returns (lines, planted) where planted maps line index (0-based) to
# the rule ID a correct analyzer should report there. Mistakes are drawn per file so that most
# buggy files carry one or two, not all, as in real code.
# --------------------------------------------------------------------------------------------

Planted = list[tuple[int, str]]
SDK_HOSTS = [
    "sdk.iad-01.braze.com",
    "sdk.iad-03.braze.com",
    "sdk.iad-05.braze.com",
    "sdk.fra-01.braze.eu",
    "sdk.us-10.braze.com",
    "sdk.au-01.braze.com",
]
REST_HOSTS = [
    "rest.iad-01.braze.com",
    "rest.iad-03.braze.com",
    "rest.iad-05.braze.com",
    "rest.fra-01.braze.eu",
    "rest.us-10.braze.com",
    "rest.au-01.braze.com",
]


class Builder:
    """Collects lines and the rule IDs planted on them."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.planted: Planted = []

    def add(self, *lines: str, rule: str | None = None) -> None:
        if rule:
            self.planted.append((len(self.lines), rule))
        self.lines.extend(lines)

    def extend(self, lines: list[str]) -> None:
        self.lines.extend(lines)


def _pick_mistakes(w: Words, buggy: bool, options: list[str]) -> set[str]:
    if not buggy:
        return set()
    return set(w.rng.sample(options, w.rng.randint(1, min(3, len(options)))))


def braze_web(w: Words, buggy: bool, ext: str) -> tuple[list[str], Planted]:
    ts = ext in ("ts", "tsx")
    m = _pick_mistakes(w, buggy, ["BRZ201", "BRZ202", "BRZ301", "BRZ303", "BRZ401", "BRZ701"])
    b = Builder()
    b.add(f"// {w.sentence()}", 'import * as braze from "@braze/web-sdk";')
    if ext == "tsx":
        b.add('import React, { useEffect } from "react";')
    b.add('import { appConfig } from "../config";', "")
    host = w.rng.choice(SDK_HOSTS)
    if "BRZ201" in m:
        host = "sdk.iad-09.braze.com"
    elif "BRZ202" in m:
        host = w.rng.choice(REST_HOSTS)
    b.add(
        f"export function initAnalytics(){': void' if ts else ''} {{",
        "  braze.initialize(appConfig.brazeKey, {",
    )
    b.add(
        f'    baseUrl: "{host}",',
        rule="BRZ201" if "BRZ201" in m else "BRZ202" if "BRZ202" in m else None,
    )
    if "BRZ701" in m:
        b.add("    enableLogging: true,", rule="BRZ701")
    else:
        b.add('    enableLogging: process.env.NODE_ENV === "development",')
    b.add(
        "    allowUserSuppliedJavascript: false,",
        "  });",
        "  braze.automaticallyShowInAppMessages();",
        "  braze.openSession();",
        "}",
        "",
    )
    user_t = ": { id: string; email: string }" if ts else ""
    b.add(f"export function onLogin(user{user_t}){': void' if ts else ''} {{")
    if "BRZ301" in m:
        b.add("  braze.changeUser(user.email);", rule="BRZ301")
    else:
        b.add("  braze.changeUser(user.id);")
    b.add("  braze.getUser()?.setEmail(user.email);", "}", "")
    b.add(f"export function onLogout(){': void' if ts else ''} {{")
    if "BRZ303" in m:
        b.add("  braze.changeUser(null);", rule="BRZ303")
    else:
        b.add("  braze.logout();")
    b.add("}", "")
    order_t = ": { sku: string; total: number; currency: string }" if ts else ""
    b.add(f"export function onCheckout(order{order_t}){': void' if ts else ''} {{")
    if "BRZ401" in m:
        b.add(
            '  braze.logCustomEvent("purchase", { sku: order.sku, total: order.total });',
            rule="BRZ401",
        )
    else:
        b.add("  braze.logPurchase(order.sku, order.total, order.currency, 1);")
    b.add('  braze.logCustomEvent("checkout_completed", { items: 1 });', "}", "")
    if ext == "tsx":
        b.add(
            "export function AnalyticsBoundary({ children }: { children: React.ReactNode }) {",
            "  useEffect(() => {",
            "    initAnalytics();",
            "  }, []);",
            '  return <div style={{ display: "contents" }}>{children}</div>;',
            "}",
            "",
        )
    return b.lines, b.planted


def braze_python(w: Words, buggy: bool) -> tuple[list[str], Planted]:
    m = _pick_mistakes(w, buggy, ["BRZ201", "BRZ202", "BRZ204", "BRZ301"])
    host = f"https://{w.rng.choice(REST_HOSTS)}"
    rule = None
    if "BRZ201" in m:
        host, rule = "https://rest.iad-09.braze.com", "BRZ201"
    elif "BRZ202" in m:
        host, rule = f"https://{w.rng.choice(SDK_HOSTS)}", "BRZ202"
    elif "BRZ204" in m:
        host, rule = f"http://{w.rng.choice(REST_HOSTS)}", "BRZ204"
    b = Builder()
    b.add(
        f'"""{w.sentence()} Sends profile updates to Braze."""',
        "",
        "from __future__ import annotations",
        "",
        "import os",
        "from typing import Any",
        "",
        "import requests",
        "",
    )
    b.add(f'BRAZE_TRACK_URL = "{host}/users/track"', rule=rule)
    b.add(
        'BRAZE_API_KEY = os.environ["BRAZE_REST_API_KEY"]',
        "",
        "",
        "def track_user(user: Any, event_name: str, properties: dict[str, Any]) -> None:",
        '    """Record one event for one user; raises on HTTP errors."""',
        "    body = {",
        '        "attributes": [{',
    )
    if "BRZ301" in m:
        b.add('            "external_id": user.email,', rule="BRZ301")
    else:
        b.add('            "external_id": user.id,')
    b.add(
        '            "first_name": user.first_name,',
        "        }],",
        '        "events": [{',
        '            "external_id": user.id,',
        '            "name": event_name,',
        '            "time": user.updated_at.isoformat(),',
        '            "properties": properties,',
        "        }],",
        "    }",
        "    response = requests.post(",
        "        BRAZE_TRACK_URL,",
        "        json=body,",
        '        headers={"Authorization": f"Bearer {BRAZE_API_KEY}"},',
        "        timeout=10,",
        "    )",
        "    response.raise_for_status()",
        "",
    )
    return b.lines, b.planted


def braze_swift(w: Words, buggy: bool) -> tuple[list[str], Planted]:
    m = _pick_mistakes(w, buggy, ["BRZ201", "BRZ202", "BRZ301", "BRZ401", "BRZ701"])
    host, rule = w.rng.choice(SDK_HOSTS), None
    if "BRZ201" in m:
        host, rule = "sdk.iad-09.braze.com", "BRZ201"
    elif "BRZ202" in m:
        host, rule = w.rng.choice(REST_HOSTS), "BRZ202"
    b = Builder()
    b.add(
        "import UIKit",
        "import BrazeKit",
        "",
        "@main",
        "class AppDelegate: UIResponder, UIApplicationDelegate {",
        "    static var braze: Braze?",
        "",
        "    func application(",
        "        _ application: UIApplication,",
        "        didFinishLaunchingWithOptions launchOptions: "
        "[UIApplication.LaunchOptionsKey: Any]?",
        "    ) -> Bool {",
    )
    b.add(
        f'        let configuration = Braze.Configuration(apiKey: "{_uuid(w)}",'
        f' endpoint: "{host}")',
        rule=rule,
    )
    if "BRZ701" in m:
        b.add("        configuration.logger.level = .debug", rule="BRZ701")
    else:
        b.add("        configuration.logger.level = .error")
    b.add(
        "        let braze = Braze(configuration: configuration)",
        "        AppDelegate.braze = braze",
        "        return true",
        "    }",
        "}",
        "",
        "enum Analytics {",
        "    static func identify(_ user: User) {",
    )
    if "BRZ301" in m:
        b.add("        AppDelegate.braze?.changeUser(userId: user.email)", rule="BRZ301")
    else:
        b.add("        AppDelegate.braze?.changeUser(userId: user.id)")
    b.add("    }", "", "    static func checkout(_ order: Order) {")
    if "BRZ401" in m:
        b.add(
            '        AppDelegate.braze?.logCustomEvent(name: "purchase",'
            ' properties: ["sku": order.sku])',
            rule="BRZ401",
        )
    else:
        b.add(
            '        AppDelegate.braze?.logPurchase(productId: order.sku, currency: "USD", '
            "price: order.total)"
        )
    b.add("    }", "}", "")
    return b.lines, b.planted


def braze_kotlin(w: Words, buggy: bool) -> tuple[list[str], Planted]:
    m = _pick_mistakes(w, buggy, ["BRZ201", "BRZ202", "BRZ301", "BRZ401"])
    host, rule = w.rng.choice(SDK_HOSTS), None
    if "BRZ201" in m:
        host, rule = "sdk.iad-09.braze.com", "BRZ201"
    elif "BRZ202" in m:
        host, rule = w.rng.choice(REST_HOSTS), "BRZ202"
    b = Builder()
    b.add(
        "package com.example.app",
        "",
        "import android.app.Application",
        "import com.braze.Braze",
        "import com.braze.configuration.BrazeConfig",
        "import com.braze.BrazeActivityLifecycleCallbackListener",
        "",
        "class MainApplication : Application() {",
        "    override fun onCreate() {",
        "        super.onCreate()",
        "        val config = BrazeConfig.Builder()",
        f'            .setApiKey("{_uuid(w)}")',
    )
    b.add(f'            .setCustomEndpoint("{host}")', rule=rule)
    b.add(
        "            .build()",
        "        Braze.configure(this, config)",
        "        registerActivityLifecycleCallbacks(BrazeActivityLifecycleCallbackListener())",
        "    }",
        "",
        "    fun identify(user: User) {",
    )
    if "BRZ301" in m:
        b.add("        Braze.getInstance(this).changeUser(user.email)", rule="BRZ301")
    else:
        b.add("        Braze.getInstance(this).changeUser(user.id)")
    b.add("    }", "", "    fun checkout(order: Order) {")
    if "BRZ401" in m:
        b.add('        Braze.getInstance(this).logCustomEvent("purchase")', rule="BRZ401")
    else:
        b.add('        Braze.getInstance(this).logPurchase(order.sku, "USD", order.total, 1)')
    b.add("    }", "}", "")
    return b.lines, b.planted


def braze_java(w: Words, buggy: bool) -> tuple[list[str], Planted]:
    m = _pick_mistakes(w, buggy, ["BRZ301", "BRZ401"])
    b = Builder()
    b.add(
        "package com.example.app.analytics;",
        "",
        "import android.content.Context;",
        "import com.braze.Braze;",
        "import java.math.BigDecimal;",
        "",
        "public final class BrazeTracker {",
        "    private final Context context;",
        "",
        "    public BrazeTracker(Context context) {",
        "        this.context = context;",
        "    }",
        "",
        "    public void identify(User user) {",
    )
    if "BRZ301" in m:
        b.add("        Braze.getInstance(context).changeUser(user.getEmail());", rule="BRZ301")
    else:
        b.add("        Braze.getInstance(context).changeUser(user.getId());")
    b.add("    }", "", "    public void checkout(Order order) {")
    if "BRZ401" in m:
        b.add('        Braze.getInstance(context).logCustomEvent("purchase");', rule="BRZ401")
    else:
        b.add(
            '        Braze.getInstance(context).logPurchase(order.getSku(), "USD", '
            "order.getTotal(), 1);"
        )
    b.add("    }", "")
    return b.lines, b.planted  # closing brace comes after the filler in build_braze_file


def braze_liquid(w: Words, buggy: bool) -> tuple[list[str], Planted]:
    b = Builder()
    b.add(
        "{% comment %} Braze campaign body {% endcomment %}",
        '<table role="presentation" width="100%">',
        "  <tr>",
        "    <td>",
    )
    if buggy:
        b.add("      <h1>Hi {{${first_name}}},</h1>", rule="BRZ601")
    else:
        b.add("      <h1>Hi {{${first_name} | default: 'there'}},</h1>")
    n = w.noun()
    b.add(
        f"      <p>{w.sentence()}</p>",
        f"      {{% if custom_attribute.${{{n}_count}} > 0 %}}",
        f"      <p>You have {{{{custom_attribute.${{{n}_count}} | default: 0}}}} {n}s waiting.</p>",
        "      {% else %}",
        f"      <p>{w.sentence()}</p>",
        "      {% endif %}",
    )
    if buggy and w.rng.random() < 0.5:
        b.add("      <p>See you in {{${city}}}!</p>", rule="BRZ601")
    b.add("    </td>", "  </tr>", "</table>")
    return b.lines, b.planted


def _uuid(w: Words) -> str:
    h = f"{w.rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


BRAZE_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    # kind: (extension, directories)
    "web_ts": ("ts", ("web/src/analytics", "web/src/lib")),
    "web_js": ("js", ("web/legacy/analytics", "web/src/lib")),
    "web_tsx": ("tsx", ("web/src/providers", "web/src/features/analytics")),
    "python_rest": ("py", ("services/crm", "services/notifications", "jobs")),
    "swift": ("swift", ("ios/App/Sources/Analytics", "ios/App")),
    "kotlin": ("kt", ("android/app/src/main/java/com/example/app",)),
    "java": ("java", ("android/app/src/main/java/com/example/app/analytics",)),
    "liquid": ("liquid", ("messaging/templates/email", "messaging/templates/in_app")),
}


def build_braze_file(w: Words, kind: str, buggy: bool, target: int) -> tuple[list[str], Planted]:
    """A Braze integration surrounded by ordinary code, so the file has realistic size."""
    ext = BRAZE_KINDS[kind][0]
    if kind.startswith("web_"):
        lines, planted = braze_web(w, buggy, ext)
    elif kind == "python_rest":
        lines, planted = braze_python(w, buggy)
    elif kind == "swift":
        lines, planted = braze_swift(w, buggy)
    elif kind == "kotlin":
        lines, planted = braze_kotlin(w, buggy)
    elif kind == "java":
        lines, planted = braze_java(w, buggy)
        # The filler goes inside the class, then the class closes.
        fill(lines, lambda: java_class_body(w, "BrazeTracker"), target)
        return [*lines, "}", ""], planted
    else:
        lines, planted = braze_liquid(w, buggy)
        return lines, planted  # message templates are short by nature
    # Filler after the integration keeps the planted line numbers valid.
    fill(lines, lambda: w.rng.choice(LANGS[ext].chunks)(w), target)
    return lines, planted


# --------------------------------------------------------------------------------------------
# Tree assembly
# --------------------------------------------------------------------------------------------


@dataclass
class Manifest:
    seed: int
    files: int
    total_bytes: int = 0
    by_ext: dict[str, int] = field(default_factory=dict)
    braze_files: list[dict[str, object]] = field(default_factory=list)
    precommit: list[str] = field(default_factory=list)


def file_rng(seed: int, index: int) -> random.Random:
    # sha256 rather than hash(): stable across processes and Python versions.
    digest = hashlib.sha256(f"{seed}:{index}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _dir_for(w: Words, pattern: str) -> str:
    return pattern.format(a=w.noun() + "s", b=w.rng.choice(["api", "core", "models", "handlers"]))


def braze_plan(n_files: int, seed: int, share: float = BRAZE_SHARE) -> dict[int, tuple[str, bool]]:
    """Which file indexes carry Braze code, of which kind, and whether they are buggy."""
    rng = random.Random(f"braze-plan:{seed}")
    # At least PRECOMMIT_BRAZE_FILES so the pre-commit selection always finds enough.
    count = min(n_files, max(PRECOMMIT_BRAZE_FILES, round(n_files * share)))
    indexes = rng.sample(range(n_files), count)
    kinds = list(BRAZE_KINDS)
    plan: dict[int, tuple[str, bool]] = {}
    for i, idx in enumerate(sorted(indexes)):
        # Round-robin over kinds so every platform is represented even in small trees.
        plan[idx] = (kinds[i % len(kinds)], rng.random() < 0.55)
    return plan


def generate_tree(
    out: Path, n_files: int, seed: int, *, git: bool = False, shape: Shape = MIXED
) -> Manifest:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    plan = braze_plan(n_files, seed, shape.braze_share)
    mix_rng = random.Random(f"mix:{seed}")
    exts = mix_rng.choices(list(shape.mix), weights=list(shape.mix.values()), k=n_files)
    manifest = Manifest(seed=seed, files=n_files)
    used: set[str] = set()
    bulk_paths: list[str] = []
    for idx in range(n_files):
        w = Words(file_rng(seed, idx))
        # Skewed toward 80-200 lines, capped at 400, like typical application source.
        target = min(MAX_LINES, max(MIN_LINES, int(w.rng.lognormvariate(4.9, 0.45))))
        planted: Planted = []
        if idx in plan:
            kind, buggy = plan[idx]
            ext, dirs = BRAZE_KINDS[kind]
            lines, planted = build_braze_file(w, kind, buggy, target)
            stem = {
                "py": snake(w.noun(), "braze_sync"),
                "liquid": snake(w.adj(), w.noun(), "email"),
            }.get(
                ext,
                pascal("braze", w.noun())
                if ext in ("swift", "kt", "java")
                else camel("braze", w.noun()),
            )
            if kind == "java":
                stem = "BrazeTracker"
            if kind in ("swift",):
                stem = "AppDelegate"
            if kind == "kotlin":
                stem = "MainApplication"
        else:
            ext = exts[idx]
            dirs = shape.dirs(ext)
            lines = bulk_file(w, ext, target, shape)
            n = w.noun()
            stem = {"py": snake(w.verb(), n), "html": snake(w.adj(), n)}.get(
                ext,
                pascal(w.adj(), n) if ext in ("swift", "kt", "java", "tsx") else camel(w.verb(), n),
            )
        rel_dir = _dir_for(w, w.rng.choice(dirs))
        rel = f"{rel_dir}/{stem}.{ext}"
        k = 2
        while rel in used:  # keep names unique without breaking determinism
            rel = f"{rel_dir}/{stem}{k}.{ext}"
            k += 1
        used.add(rel)
        text = "\n".join(lines)
        if idx not in plan:
            low = text.lower()
            # Guard the premise of the benchmark: bulk code must never look like Braze code.
            if "braze" in low or "appboy" in low:
                raise AssertionError(f"bulk file {rel} mentions Braze")
            bulk_paths.append(rel)
        else:
            manifest.braze_files.append(
                {
                    "path": rel,
                    "kind": plan[idx][0],
                    "buggy": plan[idx][1],
                    "expected": [{"line": ln + 1, "rule": r} for ln, r in planted],
                }
            )
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode()
        path.write_bytes(data)
        manifest.total_bytes += len(data)
        manifest.by_ext[ext] = manifest.by_ext.get(ext, 0) + 1
    manifest.precommit = pick_precommit(manifest, bulk_paths, seed)
    if git:
        git_init(out)
    return manifest


def pick_precommit(manifest: Manifest, bulk_paths: list[str], seed: int) -> list[str]:
    """20 files as a commit would stage them: 5 with Braze code, 15 ordinary ones."""
    rng = random.Random(f"precommit:{seed}")
    braze = [str(f["path"]) for f in manifest.braze_files if f["kind"] != "liquid"]
    liquid = [str(f["path"]) for f in manifest.braze_files if f["kind"] == "liquid"]
    # Prefer source files (the hook's main audience), fall back to templates in tiny trees.
    chosen = rng.sample(braze, min(PRECOMMIT_BRAZE_FILES, len(braze)))
    chosen += rng.sample(liquid, PRECOMMIT_BRAZE_FILES - len(chosen))
    chosen += rng.sample(bulk_paths, min(PRECOMMIT_FILES - len(chosen), len(bulk_paths)))
    return sorted(chosen)


def git_init(out: Path) -> None:
    # Fixed identity and dates keep the repository (and its commit id) deterministic.
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.com",
        "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
        "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    }
    for cmd in (
        ["git", "init", "-q", "-b", "main"],
        ["git", "add", "-A"],
        ["git", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "benchmark tree"],
    ):
        subprocess.run(cmd, cwd=out, env=env, check=True)


def manifest_path(out: Path) -> Path:
    return out.with_name(out.name + ".manifest.json")


def write_manifest(out: Path, manifest: Manifest) -> Path:
    mp = manifest_path(out)
    mp.write_text(json.dumps(manifest.__dict__, indent=2) + "\n")
    return mp


def main(argv: list[str] | None = None, shape: Shape = MIXED) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("out", type=Path, help="output directory (replaced if it exists)")
    ap.add_argument("--files", type=int, default=5000, help="number of files (default 5000)")
    ap.add_argument("--seed", type=int, default=1, help="RNG seed (default 1)")
    ap.add_argument("--git", action="store_true", help="git init the tree and commit everything")
    ap.add_argument(
        "--precommit",
        action="store_true",
        help="print the 20 pre-commit files (5 with Braze code), one per line",
    )
    args = ap.parse_args(argv)
    if args.files < PRECOMMIT_FILES:
        ap.error(f"--files must be at least {PRECOMMIT_FILES}")
    manifest = generate_tree(args.out, args.files, args.seed, git=args.git, shape=shape)
    mp = write_manifest(args.out, manifest)
    if args.precommit:
        print("\n".join(manifest.precommit))
    else:
        planted = sum(len(f["expected"]) for f in manifest.braze_files)  # type: ignore[arg-type]
        print(
            f"{args.out}: {manifest.files} files, {manifest.total_bytes / 1e6:.1f} MB, "
            f"{len(manifest.braze_files)} with Braze code, {planted} planted findings; "
            f"manifest {mp}",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
