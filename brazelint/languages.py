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
    OBJECTIVE_C = "objective-c"
    DART = "dart"
    LIQUID = "liquid"
    ANDROID_XML = "android-xml"
    PLIST = "plist"
    DOTENV = "dotenv"
    #: Dependency manifests (package.json, Podfile, Gradle build scripts and version
    #: catalogs, pubspec.yaml): which SDK, at which version, a project builds with.
    MANIFEST = "manifest"
    #: JSON app configuration (``app.json``, ``config/*.json``), read only where Braze is
    #: in sight.
    JSON = "json"


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
        Language.OBJECTIVE_C,
        Language.DART,
    }
)

#: Mobile languages, whose code always ships inside an app (Dart: Flutter apps).
CLIENT_LANGUAGES = frozenset(
    {Language.SWIFT, Language.KOTLIN, Language.JAVA, Language.OBJECTIVE_C, Language.DART}
)

#: Languages Braze has a client SDK for (Web, iOS, Android): code that can hold SDK calls.
SDK_LANGUAGES = CODE_LANGUAGES - {Language.PYTHON}

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
    ".m": Language.OBJECTIVE_C,
    ".mm": Language.OBJECTIVE_C,  # Objective-C++: read as far as the grammar goes
    ".dart": Language.DART,
    ".liquid": Language.LIQUID,
    ".html": Language.LIQUID,
    ".htm": Language.LIQUID,
    # Read only where Braze is in sight (frontends/liquid.py): Markdown's code fences
    # (setup snippets, message templates), plain-text message templates.
    ".md": Language.LIQUID,
    ".markdown": Language.LIQUID,
    ".txt": Language.LIQUID,
    ".plist": Language.PLIST,
}


def language_for(path: PurePath) -> Language | None:
    """The language of ``path``, or None when brazelint has nothing to say about such files."""
    return language_for_name(path.name, path.parent.name)


#: Dependency manifests by exact name (package managers spell them so).
MANIFEST_NAMES = frozenset({"package.json", "Podfile", "libs.versions.toml", "pubspec.yaml"})


def language_for_name(name: str, folder_name: str) -> Language | None:
    """``language_for`` of a file called ``name`` in a folder called ``folder_name``, from
    plain strings: discovery asks this for every file of the tree, and building a path
    object each time was two thirds of its time."""
    if name in MANIFEST_NAMES:
        return Language.MANIFEST
    lower = name.lower()
    if lower.endswith(".gradle") and len(lower) > len(".gradle"):
        return Language.MANIFEST  # Groovy build scripts; build.gradle.kts is Kotlin
    if lower == ".env" or lower.startswith(".env.") or lower.endswith(".env"):
        return Language.DOTENV
    dot = lower.rfind(".")
    # What ``PurePath.suffix`` gives: none for ".env" or "name." .
    suffix = lower[dot:] if 0 < dot < len(lower) - 1 else ""
    if suffix == ".xml":
        # Only Android resource files hold Braze settings; other XML (layouts, manifests,
        # Maven poms) is not worth reading.
        return Language.ANDROID_XML if _is_android_values_file(name, folder_name) else None
    if suffix == ".json":
        # Lock files list what is installed, not how the app is configured.
        return None if lower in _JSON_LOCK_FILES else Language.JSON
    if lower.endswith((".min.js", ".d.ts", ".d.mts", ".d.cts")):
        # Minified bundles are build output; declaration files hold types, never calls.
        return None
    return _BY_SUFFIX.get(suffix)


_JSON_LOCK_FILES = frozenset({"package-lock.json", "npm-shrinkwrap.json", "composer.lock"})


def _is_android_values_file(name: str, parent: str) -> bool:
    return (
        parent == "values"
        or parent.startswith("values-")
        or name
        in (
            "braze.xml",
            "appboy.xml",
        )
    )
