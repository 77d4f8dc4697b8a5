"""``--show-settings``: the configuration a scan would run with, and where each value came
from (``default``, a configuration file, ``command line``), like ruff's
``--show-settings``. Nothing is scanned.

Values are shown resolved: globs relative to the scan root (a config file in a subfolder
has its globs prefixed), rule selectors expanded to IDs. A value two sources built together
(``ignore`` from the file plus ``--ignore``) names both.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brazelint.config import Config, Layer
from brazelint.facts import Context
from brazelint.rule import RuleSettings

DEFAULT = "default"
COMMAND_LINE = "command line"


@dataclass(frozen=True)
class Setting:
    key: str
    value: Any
    source: str


def _sources(layers: Sequence[Layer], replaces: str | None, extends: str | None = None) -> str:
    """Which layers the value of a key comes from: the last that replaced it, then every
    later one that added to it."""
    found: list[str] = []
    for layer in layers:
        if replaces is not None:
            value = getattr(layer, replaces)
            if value is not None and value != ():
                found = [layer.source]
        if extends is not None and getattr(layer, extends):
            found.append(layer.source)
    return " + ".join(dict.fromkeys(found)) or DEFAULT


def _selection_sources(layers: Sequence[Layer]) -> str:
    found: list[str] = []
    for layer in layers:
        if layer.select is not None:
            found = [layer.source]
        if layer.extend_select or layer.ignore:
            found.append(layer.source)
    return " + ".join(dict.fromkeys(found)) or DEFAULT


def collect(
    layers: Sequence[Layer],
    config: Config,
    root: Path,
    options: Mapping[str, tuple[Any, str]],
    config_origin: str,
) -> list[Setting]:
    """Every setting with its source. ``options``: command-line-only options (name →
    (value, source)) such as ``max-file-size``; ``config_origin``: how the configuration
    file was chosen (``--config``, found, none)."""
    defaults = RuleSettings()

    def globs_for(kind: Context) -> list[str]:
        return [o.glob for o in config.context_overrides if o.kind is kind]

    rows: list[tuple[str, Any, Callable[[], str]]] = [
        ("enabled", sorted(config.enabled), lambda: _selection_sources(layers)),
        ("exclude", list(config.excludes), lambda: _sources(layers, "exclude", "extend_exclude")),
        (
            "per-file-ignores",
            {glob: sorted(rule_ids) for glob, rule_ids in config.per_file_ignores},
            lambda: _sources(layers, "per_file_ignores", "extend_per_file_ignores"),
        ),
        (
            "severity",
            dict(sorted((rule, level.value) for rule, level in config.severity_overrides.items())),
            lambda: _sources(layers, None, "severity"),
        ),
        ("fail-on", config.fail_on.value, lambda: _sources(layers, "fail_on")),
        ("client-paths", globs_for(Context.CLIENT), lambda: _sources(layers, "client_paths")),
        ("server-paths", globs_for(Context.SERVER), lambda: _sources(layers, "server_paths")),
        (
            "allowed-clusters",
            list(config.settings.allowed_clusters),
            lambda: _sources(layers, "allowed_clusters"),
        ),
        (
            "track-batch-limit",
            config.settings.track_batch_limit,
            lambda: _sources(layers, "track_batch_limit"),
        ),
        (
            "environment-globs",
            list(config.settings.environment_globs or defaults.environment_globs),
            lambda: _sources(layers, "environment_globs"),
        ),
        (
            "tracking-plan",
            plan.source if (plan := config.settings.tracking_plan) is not None else None,
            lambda: _sources(layers, "tracking_plan"),
        ),
        (
            "liquid-default-text",
            config.settings.liquid_default_text,
            lambda: _sources(layers, "liquid_default_text"),
        ),
    ]
    in_git = (root / ".git").exists()
    settings = [Setting("root", str(root), "git work tree" if in_git else "scanned folder")]
    files = [layer.source for layer in layers if layer.source != COMMAND_LINE]
    settings.append(Setting("config-file", files[0] if files else None, config_origin))
    settings += [Setting(key, value, source()) for key, value, source in rows]
    settings += [Setting(key, value, source) for key, (value, source) in options.items()]
    return settings


def render(settings: Sequence[Setting], output_format: str) -> str:
    if output_format == "json":
        data = {s.key: {"value": s.value, "source": s.source} for s in settings}
        return json.dumps(data, indent=2) + "\n"
    width = max(len(s.key) for s in settings)
    lines = [
        f"{s.key:<{width}} = {json.dumps(s.value, ensure_ascii=False)}  # {s.source}"
        for s in settings
    ]
    return "\n".join(lines) + "\n"
