"""What a write changes in what readers were told, compared from the stored state.

The services decide with `public_changes()` whether a change to a published incident needs a
public correction; the admin's forms call the same function to say so before the save.
"""

from dataclasses import dataclass, field

from incidents.choices import COUNTS

# Changing one of these on a published incident changes what readers were told.
FIGURES = (
    "date",
    "region",
    "threat_type",
    *(name for count in COUNTS for name in (count, f"{count}_status")),
    "verification",
)
# What a citation claims on the incident's page; its archive link and time are not claims.
CLAIMS = ("source", "url", "quote", "claimed_intercepted")
# What a revision holds of the incident's content (restored by restore_revision).
CONTENT_FIELDS = (
    *FIGURES,
    "window_start",
    "window_end",
    "damage_description",
    "summary",
    "editor_notes",
)


@dataclass
class CitationEdits:
    """Citations to add, change and delete on one incident, as one write."""

    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    deleted: list = field(default_factory=list)

    @classmethod
    def from_formset(cls, formset):
        """The edits an inline formset holds (after `is_valid()`), without saving them."""
        formset.save(commit=False)
        return cls(
            added=list(formset.new_objects),
            changed=[citation for citation, _ in formset.changed_objects],
            deleted=list(formset.deleted_objects),
        )


def _shown(value):
    return "empty" if value in (None, "") else str(value)


def _figure(incident, name):
    """(stored value, what a reader would read) of one figure of `incident`."""
    model_field = incident._meta.get_field(name)
    if model_field.is_relation:
        raw = getattr(incident, model_field.attname)
        return raw, _shown(getattr(incident, name) if raw is not None else None)
    raw = getattr(incident, name)
    if model_field.choices:
        return raw, _shown(dict(model_field.flatchoices).get(raw, raw))
    return raw, _shown(raw)


def _claims(citation):
    return tuple(getattr(citation, f"{name}_id" if name == "source" else name) for name in CLAIMS)


@dataclass
class Snapshot:
    """An incident as readers would see it: figures, damage types, citations and their claims."""

    figures: dict
    damage: frozenset
    citations: dict  # key -> (claims, the citation)

    @classmethod
    def empty(cls):
        return cls(figures={}, damage=frozenset(), citations={})

    @classmethod
    def of(cls, incident):
        """The stored state of `incident` (read from the database)."""
        return cls(
            figures={name: _figure(incident, name) for name in FIGURES},
            damage=frozenset(incident.damage_types.values_list("pk", flat=True)),
            citations={
                citation.pk: (_claims(citation), citation)
                for citation in incident.citations.select_related("source")
            },
        )

    def proposed(self, incident, *, damage_types=None, citations=None):
        """This snapshot after a write of `incident`'s values and the given relations."""
        after = dict(self.citations)
        if citations is not None:
            for citation in citations.deleted:
                after.pop(citation.pk, None)
            for citation in citations.changed:
                after[citation.pk] = (_claims(citation), citation)
            for n, citation in enumerate(citations.added):
                after[("new", n)] = (_claims(citation), citation)
        damage = self.damage
        if damage_types is not None:
            damage = frozenset(getattr(d, "pk", d) for d in damage_types)
        return Snapshot(
            figures={name: _figure(incident, name) for name in FIGURES},
            damage=damage,
            citations=after,
        )


def _label(model, name):
    return str(model._meta.get_field(name).verbose_name)


def public_changes(before, after) -> list[str]:
    """'label: old → new' for each figure, damage type and citation claim that differs."""
    from incidents.models import Citation, DamageType, Incident

    listed = [
        f"{_label(Incident, name)}: {before.figures[name][1]} → {after.figures[name][1]}"
        for name in FIGURES
        if before.figures.get(name, (None,))[0] != after.figures[name][0]
    ]
    if before.damage != after.damage:
        names = dict(
            DamageType.objects.filter(pk__in=before.damage | after.damage).values_list("pk", "name")
        )

        def shown(ids):
            return ", ".join(sorted(names[pk] for pk in ids)) or "none"

        listed.append(f"damage types: {shown(before.damage)} → {shown(after.damage)}")
    for key in before.citations.keys() - after.citations.keys():
        citation = before.citations[key][1]
        listed.append(f"citation removed: {citation.source} ({citation.url})")
    for key, (claims, citation) in after.citations.items():
        if key not in before.citations:
            listed.append(f"citation added: {citation.source} ({citation.url})")
            continue
        old = before.citations[key][0]
        differing = [
            _label(Citation, name)
            for name, was, now in zip(CLAIMS, old, claims, strict=True)
            if was != now
        ]
        if differing:
            listed.append(f"citation of {citation.source}: {', '.join(differing)} changed")
    return listed
