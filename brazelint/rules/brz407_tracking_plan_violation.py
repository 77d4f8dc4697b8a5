"""BRZ407 tracking-plan-violation: what the code sends to Braze, against the tracking plan.

With a ``tracking-plan`` configured (docs/tracking-plan.md; the loaded plan arrives in
``RuleSettings.tracking_plan``), the rule reads the inventory (``brazelint.inventory``:
custom events, purchases and custom attributes on every platform, through wrappers and
constants) and reports, for each planned section:

- an event or custom attribute whose name is known and not in the plan. An unplanned
  event within BRZ405's near-miss distance of a planned one is BRZ405's finding (it names
  the planned event to use), not this rule's;
- a required property missing at a call whose properties are all known (none given, a
  literal object without spreads): properties from a variable or a builder may hold it;
- a property, purchase property or attribute value whose inferred type is not the
  planned one (unknown types and ``any`` never count);
- a known product ID that does not follow the plan's ``product-id-style``.

Names the analysis cannot resolve never count. Without a plan the rule is silent.
"""

from __future__ import annotations

from collections.abc import Iterator

from brazelint import inventory
from brazelint.braze.rest import BRAZE_IN_SIGHT, track_bodies, track_objects
from brazelint.braze.sdk import CUSTOM_ATTRIBUTE_METHODS, braze_calls, is_braze_receiver
from brazelint.facts import FileFacts, ProjectFacts, view_of
from brazelint.findings import Finding
from brazelint.languages import CODE_LANGUAGES
from brazelint.rule import ProjectRule, RuleSettings
from brazelint.rules._drift import near_planned
from brazelint.tracking_plan import PlannedProperty, PurchasePlan, TrackingPlan, plannable


class TrackingPlanViolation(ProjectRule):
    id = "BRZ407"
    keywords = (
        rb"logCustomEvent|logPurchase|CustomAttribute|CustomUserAttribute|"
        rb"(?:events|purchases|attributes)[\"']?\s*[:=]"
    )
    requires = (BRAZE_IN_SIGHT,)
    languages = CODE_LANGUAGES

    @classmethod
    def applies(cls, settings: RuleSettings) -> bool:
        return settings.tracking_plan is not None

    def project_view(self, facts: FileFacts) -> FileFacts | None:
        """Nothing without a plan; else the file's SDK event, purchase and attribute calls
        and its imports, or the whole file when it writes REST track objects."""
        if self.settings.tracking_plan is None or facts.language not in self.languages:
            return None
        for body in track_bodies(facts):
            if any(
                any(track_objects(body, section))
                for section in ("events", "purchases", "attributes")
            ):
                return facts
        wanted = {
            id(call)
            for method in ("logCustomEvent", "logPurchase")
            for call in braze_calls(facts, method)
        }
        wanted.update(
            id(call)
            for call in facts.calls
            if call.name in CUSTOM_ATTRIBUTE_METHODS and is_braze_receiver(call)
        )
        if not wanted:
            return None
        calls = tuple(call for call in facts.calls if id(call) in wanted)
        return view_of(facts, calls=calls, imports=facts.imports)

    def check_project(self, project: ProjectFacts) -> Iterator[Finding]:
        plan = self.settings.tracking_plan
        if plan is None:
            return
        kinds = [
            kind
            for kind, section in (
                ("event", plan.events),
                ("purchase", plan.purchases),
                ("attribute", plan.attributes),
            )
            if section is not None
        ]
        if not kinds:
            return
        planned_names = plan.event_names
        near: dict[str, str | None] = {}
        for use in inventory.collect(project.files, kinds=kinds):
            # Blank names and lone surrogates are BRZ403's (invalid names); no plan can
            # hold them.
            if use.name is None or not plannable(use.name):
                continue
            if use.kind == "event":
                yield from self._event(plan, use, use.name, planned_names, near)
            elif use.kind == "purchase" and plan.purchases is not None:
                yield from self._purchase(plan, plan.purchases, use, use.name)
            elif use.kind == "attribute":
                yield from self._attribute(plan, use, use.name)

    def _event(
        self,
        plan: TrackingPlan,
        use: inventory.Use,
        name: str,
        planned_names: frozenset[str],
        near: dict[str, str | None],
    ) -> Iterator[Finding]:
        event = plan.event(name)
        if event is None:
            if name not in near:
                near[name] = near_planned(name, planned_names)
            if near[name] is None:
                yield self.finding(
                    use.path,
                    use.span,
                    f'event "{name}" ({use.platform.value}) is not in the tracking plan '
                    f"({plan.file_name}); Braze creates a new event for any name, so an "
                    "unplanned one is missing from every report built on the plan. Add it "
                    "to the plan or send a planned event",
                    fingerprint_key=f"unplanned-event:{name}",
                )
            return
        subject = f'event "{name}"'
        yield from self._properties(plan, use, subject, event.properties, f"event:{name}")

    def _purchase(
        self, plan: TrackingPlan, purchases: PurchasePlan, use: inventory.Use, name: str
    ) -> Iterator[Finding]:
        if not purchases.product_id_fits(name):
            yield self.finding(
                use.path,
                use.span,
                f'product ID "{name}" ({use.platform.value}) does not follow the tracking '
                f"plan's product ID style {purchases.product_id_style} ({plan.file_name}); "
                "Braze lists each product ID as written, so one product in two styles is two "
                "products in reports",
                fingerprint_key=f"product-id-style:{name}",
            )
        subject = f'purchase "{name}"'
        yield from self._properties(plan, use, subject, purchases.properties, "purchase")

    def _attribute(self, plan: TrackingPlan, use: inventory.Use, name: str) -> Iterator[Finding]:
        attribute = plan.attribute(name)
        if attribute is None:
            yield self.finding(
                use.path,
                use.span,
                f'custom attribute "{name}" ({use.platform.value}) is not in the tracking '
                f"plan ({plan.file_name}); add it to the plan or set a planned attribute",
                fingerprint_key=f"unplanned-attribute:{name}",
            )
            return
        kind = dict(use.properties).get("value", "unknown")
        if _wrong_type(kind, attribute.type):
            yield self.finding(
                use.path,
                use.span,
                f'custom attribute "{name}" is set to {_article(kind)} here '
                f"({use.platform.value}) but the tracking plan ({plan.file_name}) says "
                f"{attribute.type}; Braze keeps the type it saw first, so filters on it miss "
                "the users sent the other type",
                fingerprint_key=f"attribute-type:{name}:{kind}",
            )

    def _properties(
        self,
        plan: TrackingPlan,
        use: inventory.Use,
        subject: str,
        planned: tuple[PlannedProperty, ...],
        key: str,
    ) -> Iterator[Finding]:
        sent = dict(use.properties)
        by_name = {prop.name: prop for prop in planned}
        missing = [prop.name for prop in planned if prop.required and prop.name not in sent]
        if missing and use.properties_known:
            names = ", ".join(f'"{name}"' for name in missing)
            plural = "properties" if len(missing) > 1 else "property"
            yield self.finding(
                use.path,
                use.span,
                f"{subject} ({use.platform.value}) is sent without its required {plural} "
                f"{names} (tracking plan {plan.file_name}); segments and reports that "
                "filter on it never see these users",
                fingerprint_key=f"missing:{key}:{','.join(missing)}",
            )
        for name, kind in use.properties:
            expected = by_name.get(name)
            if expected is not None and _wrong_type(kind, expected.type):
                yield self.finding(
                    use.path,
                    use.span,
                    f'property "{name}" of {subject} is {_article(kind)} here '
                    f"({use.platform.value}) but the tracking plan ({plan.file_name}) says "
                    f"{expected.type}; Braze filters compare one type, so users sent the "
                    "other type drop out of segments",
                    fingerprint_key=f"type:{key}.{name}:{kind}",
                )


def _wrong_type(kind: str, planned: str) -> bool:
    return kind != "unknown" and planned != "any" and kind != planned


def _article(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"
