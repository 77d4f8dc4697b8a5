"""Which language a file is, decided by its name alone."""

from __future__ import annotations

from enum import StrEnum
from pathlib import PurePath


class Language(StrEnum):
    PYTHON = "python"
    JAVASCRIPT = "javascript"
    TYPESCRIPT = "typescript"
    TSX = "tsx"
    SWIFT = "swift"
    KOTLIN = "kotlin"
    JAVA = "java"
    LIQUID = "liquid"
    ANDROID_XML = "android-xml"
    PLIST = "plist"
    DOTENV = "dotenv"


#: Languages whose files are source code with calls (as opposed to config or templates).
CODE_LANGUAGES = frozenset(
    {
        Language.PYTHON,
        Language.JAVASCRIPT,
        Language.TYPESCRIPT,
        Language.TSX,
        Language.SWIFT,
        Language.KOTLIN,
        Language.JAVA,
    }
)

#: Mobile languages, whose code always ships inside an app.
CLIENT_LANGUAGES = frozenset({Language.SWIFT, Language.KOTLIN, Language.JAVA})

_BY_SUFFIX: dict[str, Language] = {
    ".py": Language.PYTHON,
    ".pyi": Language.PYTHON,
    ".js": Language.JAVASCRIPT,
    ".mjs": Language.JAVASCRIPT,
    ".cjs": Language.JAVASCRIPT,
    ".jsx": Language.JAVASCRIPT,
    ".ts": Language.TYPESCRIPT,
    ".mts": Language.TYPESCRIPT,
    ".cts": Language.TYPESCRIPT,
    ".tsx": Language.TSX,
    ".swift": Language.SWIFT,
    ".kt": Language.KOTLIN,
    ".kts": Language.KOTLIN,
    ".java": Language.JAVA,
    ".liquid": Language.LIQUID,
    ".html": Language.LIQUID,
    ".htm": Language.LIQUID,
    ".plist": Language.PLIST,
}


def language_for(path: PurePath) -> Language | None:
    """The language of ``path``, or None when brazelint has nothing to say about such files."""
    name = path.name
    lower = name.lower()
    if lower == ".env" or lower.startswith(".env.") or lower.endswith(".env"):
        return Language.DOTENV
    suffix = path.suffix.lower()
    if suffix == ".xml":
        # Only Android resource files hold Braze settings; other XML (layouts, manifests,
        # Maven poms) is not worth reading.
        return Language.ANDROID_XML if _is_android_values_file(path) else None
    if lower.endswith((".min.js", ".d.ts", ".d.mts", ".d.cts")):
        # Minified bundles are build output; declaration files hold types, never calls.
        return None
    return _BY_SUFFIX.get(suffix)


def _is_android_values_file(path: PurePath) -> bool:
    parent = path.parent.name
    return parent == "values" or parent.startswith("values-") or path.name in (
        "braze.xml",
        "appboy.xml",
    )
