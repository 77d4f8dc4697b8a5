"""``brazelint inventory --write-plan FILE``: today's inventory as a starting tracking plan
(docs/tracking-plan.md), TOML when FILE ends ``.toml``, else JSON.

The plan is what the code already does, so that BRZ407 is silent on the tree it was written
from and reports what changes from then on:

- every known custom event, with the properties its calls send. A property is required
  when every call whose properties are all in sight sends it (and at least one is); its
  type is the one every value of known type agrees on, else ``any`` (BRZ406 reports the
  disagreement). Spellings BRZ405 reports as drift (``productViewed`` beside the main
  ``product_viewed``) are left out: BRZ405 then reports them against the planned name;
- purchases, with the first product ID style every known product ID follows (else
  ``any``) and their properties as for events;
- every known custom attribute with its type (``any`` when the code disagrees or no value
  has a known type);
- the external-ID source, when every identity call takes it from the same field.

Names the analysis cannot resolve are left out; the TOML form lists them in comments.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from brazelint import inventory
from brazelint.rules._drift import event_words, majority_rank
from brazelint.tracking_plan import (
    PLAN_VERSION,
    PRODUCT_ID_STYLES,
    PlannedAttribute,
    PlannedEvent,
    PlannedProperty,
    PurchasePlan,
    TrackingPlan,
    is_field_name,
    key_path,
    plannable,
    toml_string,
)


def plan_from_inventory(grouped: dict[str, list[inventory.Entry]], source: str) -> TrackingPlan:
    """The starting plan for an inventory (``inventory.group``); ``source``: the file it
    will be written to."""
    events = [
        entry for entry in grouped["event"] if entry.name is not None and plannable(entry.key)
    ]
    kept = _main_spellings(events)
    planned_events = tuple(
        PlannedEvent(entry.key, _planned_properties(entry.uses))
        for entry in events
        if entry.key in kept
    )
    purchases = [use for entry in grouped["purchase"] for use in entry.uses]
    product_ids = sorted({use.name for use in purchases if use.name is not None})
    style = _product_id_style(product_ids)
    attributes = tuple(
        PlannedAttribute(
            entry.key, _agreed_type(kind for use in entry.uses for _, kind in use.properties)
        )
        for entry in grouped["attribute"]
        if entry.name is not None and plannable(entry.key)
    )
    fields = {
        use.detail for entry in grouped["identity"] for use in entry.uses if use.detail is not None
    }
    source_field = fields.pop() if len(fields) == 1 else None
    if source_field is not None and not is_field_name(source_field):
        source_field = None
    return TrackingPlan(
        source,
        events=planned_events,
        purchases=PurchasePlan(style, _planned_properties(purchases)),
        attributes=attributes,
        external_id_source=source_field,
    )


def _product_id_style(product_ids: list[str]) -> str:
    """The first style every product ID follows; ``any`` when none does or there are none."""
    if not product_ids:
        return "any"
    for name, pattern in PRODUCT_ID_STYLES.items():
        if pattern is not None and all(pattern.fullmatch(p) for p in product_ids):
            return name
    return "any"


def _main_spellings(events: list[inventory.Entry]) -> set[str]:
    """The names BRZ405 would keep: in each group of spellings with the same words, the
    one most files use."""
    groups: dict[tuple[str, ...], list[inventory.Entry]] = defaultdict(list)
    kept: set[str] = set()
    for entry in events:
        words = event_words(entry.key)
        if words:
            groups[words].append(entry)
        else:
            kept.add(entry.key)
    for entries in groups.values():
        main = min(entries, key=lambda entry: majority_rank(entry.key, list(entry.uses)))
        kept.add(main.key)
    return kept


def _planned_properties(uses: Iterable[inventory.Use]) -> tuple[PlannedProperty, ...]:
    uses = list(uses)
    types: dict[str, list[str]] = defaultdict(list)
    for use in uses:
        for name, kind in use.properties:
            if plannable(name):
                types[name].append(kind)
    complete = [dict(use.properties) for use in uses if use.properties_known]
    return tuple(
        PlannedProperty(
            name,
            _agreed_type(types[name]),
            required=bool(complete) and all(name in sent for sent in complete),
        )
        for name in sorted(types)
    )


def _agreed_type(kinds: Iterable[str]) -> str:
    known = {kind for kind in kinds if kind != "unknown"}
    return known.pop() if len(known) == 1 else "any"


# --- writing ------------------------------------------------------------------------------------


def render(plan: TrackingPlan, as_toml: bool, grouped: dict[str, list[inventory.Entry]]) -> str:
    """The plan file's text. ``grouped``: the inventory it was made from (the TOML form
    lists what was left out in comments)."""
    if as_toml:
        return _toml(plan, grouped)
    return json.dumps(_json(plan), indent=2, ensure_ascii=False) + "\n"


def _property_json(prop: PlannedProperty) -> object:
    if not prop.required:
        return prop.type
    return {"type": prop.type, "required": True}


def _json(plan: TrackingPlan) -> dict[str, object]:
    document: dict[str, object] = {"version": PLAN_VERSION}
    document["events"] = {
        event.name: {"properties": {p.name: _property_json(p) for p in event.properties}}
        for event in plan.events or ()
    }
    if plan.purchases is not None:
        document["purchases"] = {
            "product-id-style": plan.purchases.product_id_style,
            "properties": {p.name: _property_json(p) for p in plan.purchases.properties},
        }
    document["attributes"] = {a.name: a.type for a in plan.attributes or ()}
    if plan.external_id_source is not None:
        document["identity"] = {"external-id-source": plan.external_id_source}
    return document


def _comment(text: str) -> str:
    """``text`` quoted for a TOML comment, which may hold no control character."""
    return json.dumps(text).replace("\x7f", "\\u007f")


def _property_toml(prop: PlannedProperty) -> str:
    line = f"properties.{key_path(prop.name)} = "
    if prop.required:
        return line + f"{{ type = {toml_string(prop.type)}, required = true }}"
    return line + toml_string(prop.type)


def _toml(plan: TrackingPlan, grouped: dict[str, list[inventory.Entry]]) -> str:
    out = [
        "# A starting tracking plan, written by `brazelint inventory --write-plan` from what",
        "# the code sends today. Review it (required properties, `any` types), commit it and",
        "# change it with the code from now on: docs/tracking-plan.md.",
        f"version = {PLAN_VERSION}",
        "",
        "[events]",
    ]
    planned = {event.name for event in plan.events or ()}
    for entry in grouped["event"]:
        if entry.name is None:
            places = ", ".join(f"{u.path}:{u.span.line}" for u in entry.uses[:3])
            out.append(
                f"# not planned, name not known statically: {_comment(entry.key)} "
                f"({_comment(places)[1:-1]})"
            )
        elif not plannable(entry.key):
            out.append(f"# not planned, a name no plan can hold: {_comment(entry.key)}")
        elif entry.key not in planned:
            out.append(f"# not planned, a spelling BRZ405 reports as drift: {_comment(entry.key)}")
    for event in plan.events or ():
        out += ["", f"[events.{key_path(event.name)}]"]
        out += [_property_toml(prop) for prop in event.properties]
    if plan.purchases is not None:
        out += [
            "",
            "[purchases]",
            f"product-id-style = {toml_string(plan.purchases.product_id_style)}",
        ]
        out += [_property_toml(prop) for prop in plan.purchases.properties]
    out += ["", "[attributes]"]
    out += [f"{key_path(a.name)} = {toml_string(a.type)}" for a in plan.attributes or ()]
    for entry in grouped["attribute"]:
        if entry.name is None:
            out.append(f"# not planned, key not known statically: {_comment(entry.key)}")
    if plan.external_id_source is not None:
        out += ["", "[identity]", f"external-id-source = {toml_string(plan.external_id_source)}"]
    else:
        fields = sorted({u.detail for e in grouped["identity"] for u in e.uses if u.detail})
        if fields:
            shown = _comment(", ".join(fields))[1:-1]
            out += ["", f"# external IDs come from several fields: {shown}"]
    return "\n".join(out) + "\n"
