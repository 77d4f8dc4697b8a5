"""Where a file's code runs: in a client (app, browser) or on a server.

REST API keys belong on servers only, so rules about keys need this. The inference is
deliberately simple and explainable: every result carries the reason in words.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from brazelint.facts import Context, FileContext, FileFacts
from brazelint.languages import CLIENT_LANGUAGES, Language

#: Imports that put JS/TS code in a browser or an app.
CLIENT_MODULES = (
    "@braze/web-sdk",
    "@braze/react-native-sdk",
    "react-native",
    "react",
    "react-dom",
    "vue",
    "svelte",
    "@angular/core",
    "expo",
)
#: Imports that put JS/TS code on a server.
SERVER_MODULES = (
    "express",
    "fastify",
    "koa",
    "@nestjs/core",
    "@nestjs/common",
    "hapi",
    "@hapi/hapi",
    "next/server",
    "fs",
    "http",
    "https",
    "child_process",
    "crypto",
    "path",
    "os",
    "aws-lambda",
    "firebase-functions",
    "@google-cloud/functions-framework",
)
CLIENT_GLOBALS = ("window", "document", "navigator", "localStorage", "sessionStorage")
#: Path segments of server code in JS/TS projects.
SERVER_DIRS = ("server", "functions", "lambda", "lambdas", "backend", "api")


def infer_context(facts: FileFacts) -> FileContext:
    language = facts.language
    if language in CLIENT_LANGUAGES:
        return FileContext(Context.CLIENT, f"{language.value} code ships in a mobile app")
    if language is Language.PYTHON:
        return FileContext(Context.SERVER, "Python code runs on a server")
    if language in (Language.ANDROID_XML, Language.PLIST):
        return FileContext(Context.CLIENT, f"{language.value} config ships in a mobile app")
    if language not in (Language.JAVASCRIPT, Language.TYPESCRIPT, Language.TSX):
        return FileContext(Context.UNKNOWN, f"{language.value} files have no runtime")
    return _javascript_context(facts)


def _javascript_context(facts: FileFacts) -> FileContext:
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
    if path.stem == "route" and "app" in parts:
        return FileContext(Context.SERVER, "is a Next.js route handler (app/**/route)")
    for directory in parts[:-1]:
        if directory in SERVER_DIRS:
            return FileContext(Context.SERVER, f"lives under {directory}/")
    if "process" in facts.globals_used and "require" in facts.globals_used:
        return FileContext(Context.SERVER, "uses Node's `require` and `process`")
    if facts.language is Language.TSX or path.suffix == ".jsx":
        return FileContext(Context.CLIENT, "is a JSX/TSX component file")
    return FileContext(Context.UNKNOWN, "no client or server imports, globals or path")


def _matches(module: str, known: tuple[str, ...]) -> bool:
    return any(module == name or module.startswith(name + "/") for name in known)
