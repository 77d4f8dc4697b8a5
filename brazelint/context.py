"""Where a file's code runs: in a client (app, browser) or on a server.

REST API keys belong on servers only, so rules about keys need this. The inference is
deliberately simple and explainable: every result carries the reason in words, and
``brazelint context PATH`` prints it.

Order of evidence, strongest first:

1. a user override (path globs from configuration; see :class:`ContextOverride`);
2. the language: Swift, Kotlin, Java, Objective-C and Dart ship in apps, Android resource
   XML and plists are app configuration, Python runs on servers;
3. for JS/TS, a ``"use client"`` / ``"use server"`` directive (React Server Components
   say it in so many words);
4. imports: Node built-ins and server frameworks → server, then browser and app SDKs and
   UI frameworks → client (server first: a file that imports both ``react`` and ``fs`` is
   server-side rendering, and the ``fs`` import could never be bundled for a browser);
5. browser globals (``window``, ``document`` …) → client;
6. the path: Next.js API routes and route handlers, Vercel ``api/`` functions and folders
   named for server code → server;
7. Node's ``require`` + ``process`` → server; a JSX/TSX file → client;
8. otherwise unknown (and rules that need a context stay silent).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import PurePosixPath

from brazelint.facts import Context, FileContext, FileFacts
from brazelint.languages import CLIENT_LANGUAGES, Language

#: Imports that put JS/TS code in a browser or an app.
CLIENT_MODULES = (
    "@braze/web-sdk",
    "@braze/web-sdk-core",
    "@braze/react-native-sdk",
    "appboy-web-sdk",
    "react-native",
    "react",
    "react-dom",
    "vue",
    "nuxt/app",
    "svelte",
    "@angular/core",
    "expo",
    "next/router",
    "next/navigation",
    "next/link",
    "next/image",
    "@remix-run/react",
    "solid-js",
    "preact",
)
#: Imports that put JS/TS code on a server: Node built-ins and server frameworks.
SERVER_MODULES = (
    "express",
    "fastify",
    "koa",
    "@koa/router",
    "@nestjs/core",
    "@nestjs/common",
    "hapi",
    "@hapi/hapi",
    "hono/node-server",
    "next/server",
    "next/headers",
    "fs",
    "fs/promises",
    "http",
    "https",
    "http2",
    "net",
    "tls",
    "child_process",
    "cluster",
    "worker_threads",
    "crypto",
    "path",
    "os",
    "aws-lambda",
    "firebase-functions",
    "firebase-admin",
    "@google-cloud/functions-framework",
    "@azure/functions",
    "@vercel/node",
    "@netlify/functions",
)
CLIENT_GLOBALS = ("window", "document", "navigator", "localStorage", "sessionStorage")
#: Folder names that hold server code in JS/TS projects, anywhere in the path.
SERVER_DIRS = ("server", "servers", "functions", "lambda", "lambdas", "backend", "netlify")
#: Languages with no frontend yet that still decide the context by name alone.
_CLIENT_SUFFIXES = {".m": "Objective-C", ".mm": "Objective-C", ".dart": "Dart"}


@dataclass(frozen=True, slots=True)
class ContextOverride:
    """A configured context for paths matching ``glob`` (``fnmatch`` syntax on the
    repository-relative path, ``**`` matching across folders). The first match wins."""

    glob: str
    kind: Context


def infer_context(facts: FileFacts, overrides: Sequence[ContextOverride] = ()) -> FileContext:
    """The file's context and why. ``overrides`` is the configuration seam: path globs
    the user pinned to a context, checked before any inference."""
    for override in overrides:
        if _glob_matches(facts.path, override.glob):
            return FileContext(override.kind, f"configured for `{override.glob}`")
    language = facts.language
    if language in CLIENT_LANGUAGES:
        return FileContext(Context.CLIENT, f"{language.value} code ships in a mobile app")
    if language is Language.PYTHON:
        return FileContext(Context.SERVER, "Python code runs on a server")
    if language in (Language.ANDROID_XML, Language.PLIST):
        return FileContext(Context.CLIENT, f"{language.value} config ships in a mobile app")
    suffix = PurePosixPath(facts.path).suffix.lower()
    if suffix in _CLIENT_SUFFIXES:
        return FileContext(Context.CLIENT, f"{_CLIENT_SUFFIXES[suffix]} code ships in an app")
    if language not in (Language.JAVASCRIPT, Language.TYPESCRIPT, Language.TSX):
        return FileContext(Context.UNKNOWN, f"{language.value} files have no runtime")
    return _javascript_context(facts)


def _javascript_context(facts: FileFacts) -> FileContext:
    directive = _directive(facts)
    if directive == "use client":
        return FileContext(Context.CLIENT, 'has a "use client" directive')
    if directive == "use server":
        return FileContext(Context.SERVER, 'has a "use server" directive')
    modules = [item.module for item in facts.imports]
    for module in modules:
        if module.startswith("node:") or _matches(module, SERVER_MODULES):
            return FileContext(Context.SERVER, f'imports "{module}"')
    for module in modules:
        if _matches(module, CLIENT_MODULES):
            return FileContext(Context.CLIENT, f'imports "{module}"')
    for name in CLIENT_GLOBALS:
        if name in facts.globals_used:
            return FileContext(Context.CLIENT, f"uses the browser global `{name}`")
    path = PurePosixPath(facts.path)
    parts = path.parts
    if "pages" in parts and "api" in parts[parts.index("pages") :]:
        return FileContext(Context.SERVER, "is a Next.js API route (pages/api/)")
    if path.stem == "route" and "app" in parts[:-1]:
        return FileContext(Context.SERVER, "is a Next.js route handler (app/**/route)")
    if len(parts) > 1 and parts[0] == "api":
        # Vercel's serverless functions live in a top-level api/ folder; a nested api/
        # (src/api/) is as often a browser-side API wrapper, so it decides nothing.
        return FileContext(Context.SERVER, "is a serverless function (top-level api/)")
    for directory in parts[:-1]:
        if directory in SERVER_DIRS:
            return FileContext(Context.SERVER, f"lives under {directory}/")
    if "process" in facts.globals_used and "require" in facts.globals_used:
        return FileContext(Context.SERVER, "uses Node's `require` and `process`")
    if facts.language is Language.TSX or path.suffix == ".jsx":
        return FileContext(Context.CLIENT, "is a JSX/TSX component file")
    return FileContext(Context.UNKNOWN, "no client or server imports, globals or path")


def _directive(facts: FileFacts) -> str | None:
    """A React ``"use client"``/``"use server"`` directive: a string statement before any
    other code, so in practice one of the first string literals on the first lines."""
    for literal in facts.strings[:3]:
        if literal.span.line > 3:
            break
        if literal.text in ("use client", "use server"):
            return literal.text
    return None


def _matches(module: str, known: tuple[str, ...]) -> bool:
    return any(module == name or module.startswith(name + "/") for name in known)


def _glob_matches(path: str, glob: str) -> bool:
    if fnmatchcase(path, glob):
        return True
    # "src/server/**" should also match "src/server/x.ts" when written with a trailing /**,
    # and a bare folder glob "server/" means everything under it.
    if glob.endswith("/"):
        return path.startswith(glob)
    if glob.endswith("/**"):
        return path.startswith(glob[:-2])
    return False
