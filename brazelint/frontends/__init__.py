"""Frontends turn one file's text into facts. One module per language family, imported only
when a file of that language survives the prefilter (grammars and parsers are not free to load).

A frontend module exposes ``parse(path: str, text: str, language: Language) -> FileFacts``.
It must not raise on bad input: parse errors go into ``FileFacts.problems`` and the intact
parts of the file are still returned. Frontends never mention Braze or rules.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from brazelint.facts import FileFacts
from brazelint.languages import Language


class Frontend(Protocol):
    def parse(self, path: str, text: str, language: Language) -> FileFacts: ...


_MODULES: dict[Language, str] = {
    Language.JAVASCRIPT: "brazelint.frontends.javascript",
    Language.TYPESCRIPT: "brazelint.frontends.javascript",
    Language.TSX: "brazelint.frontends.javascript",
    # Languages lowered from a table (brazelint/syntax/): the spec module is the frontend.
    Language.PYTHON: "brazelint.syntax.python",
    Language.SWIFT: "brazelint.syntax.swift",
    Language.JAVA: "brazelint.syntax.java",
    Language.KOTLIN: "brazelint.syntax.kotlin",
    Language.OBJECTIVE_C: "brazelint.syntax.objc",
    Language.DART: "brazelint.syntax.dart",
    Language.LIQUID: "brazelint.frontends.liquid",
    Language.ANDROID_XML: "brazelint.frontends.android_xml",
    Language.PLIST: "brazelint.frontends.plist",
    Language.DOTENV: "brazelint.frontends.dotenv",
    Language.MANIFEST: "brazelint.frontends.manifest",
    Language.JSON: "brazelint.frontends.json_config",
}


class FrontendUnavailable(Exception):
    pass


def frontend_for(language: Language) -> Frontend:
    module_name = _MODULES.get(language)
    if module_name is None:
        raise FrontendUnavailable(f"no frontend for {language.value}")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        raise FrontendUnavailable(f"{language.value} frontend unavailable: {error}") from error
    return module  # type: ignore[return-value]  # a module satisfies the Protocol structurally
