"""What a write changes in what readers were told, compared from the stored state, and the
rules that follow from it.

The services decide with these functions whether a write needs a chief editor and a dated
public note, which status a form may set, what may be deleted, and that a published incident
cites a source; the admin uses the same functions to decide what it offers.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext, gettext_noop

from incidents.choices import COUNTS, PUBLIC_STATUSES, Status

# Changing one of these on a published incident changes what readers were told.
FIGURES = (
    "date",
    "region",
    "threat_type",
    *(name for count in COUNTS for name in (count, f"{count}_status")),
    "verification",
)
# What a citation claims on the incident's page; its archive link and time are not claims.
CLAIMS = ("source", "url", "quote", "claimed_intercepted", "claimed_intercepted_status")
# What a revision holds of the incident's content (restored by restore_revision).
CONTENT_FIELDS = (
    *FIGURES,
    "window_start",
    "window_end",
    "damage_description",
    "summary",
    "editor_notes",
)


def seen_by_readers(incident) -> bool:
    """Whether readers have seen `incident` (its stored state): it is public now, published or
    retracted, or it was published once (a draft unpublished before drafts stayed drafts).
    What they saw changes only by a chief editor, and only with a dated public note."""
    return incident.status in PUBLIC_STATUSES or incident.published_at is not None


def deletable(incident) -> bool:
    """Only what readers never saw is deleted; the rest is retracted, so its id stays unique
    and its URL keeps answering."""
    return not seen_by_readers(incident)


# What only the status actions write (publish, retract, re-publish): a caller's copy of an
# incident, or a revision brought back, never changes them.
STATUS_OWNED = ("published_at", "retracted_at", "retraction_reason")

# The status an incident's own form may give it, by its stored status. Retracting and
# re-publishing are actions that take a public note; a published incident never goes back to
# draft (its page would vanish without a word).
FORM_STATUSES = {
    Status.DRAFT: (Status.DRAFT, Status.PUBLISHED),
    Status.PUBLISHED: (Status.PUBLISHED,),
    Status.RETRACTED: (Status.RETRACTED,),
}

# Marked here, translated where it is said (gettext(UNCITED), in the editor's language).
UNCITED = gettext_noop(
    "A published incident needs at least one citation: add the statement it is based on, or "
    "keep it as a draft."
)


def uncited(status, citations) -> bool:
    """Whether an incident at `status` with `citations` (any collection, or whether it has
    any) would be a published figure without a source."""
    return status == Status.PUBLISHED and not citations


def status_change(before, after) -> str:
    return f"{gettext('status')}: {Status(before).label.lower()} → {Status(after).label.lower()}"


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


def _raw(incident, name):
    return getattr(incident, incident._meta.get_field(name).attname)


def _in_words(incident, name):
    """A figure as a reader would read it (read only for the figures that changed)."""
    model_field = incident._meta.get_field(name)
    raw = getattr(incident, model_field.attname)
    if raw in (None, ""):
        return gettext("empty")
    if model_field.is_relation:
        return str(getattr(incident, name))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(raw, raw))
    return str(raw)


def _claims(citation):
    return tuple(getattr(citation, f"{name}_id" if name == "source" else name) for name in CLAIMS)


@dataclass
class Snapshot:
    """An incident as readers would see it: figures, damage types, citations and their claims."""

    incident: object  # whose figures these are (never changed after the snapshot is taken)
    status: str
    seen: bool  # whether readers have seen it (for the stored state)
    figures: dict  # name -> stored value (ids for relations)
    damage: frozenset
    citations: dict  # key -> (claims, the citation)
    damage_names: dict = field(default_factory=dict)  # id -> name, where already at hand

    @classmethod
    def empty(cls):
        return cls(
            incident=None, status="", seen=False, figures={}, damage=frozenset(), citations={}
        )

    @classmethod
    def of(cls, incident, *, damage=None):
        """The stored state of `incident`: its damage types (unless given, as DamageType rows)
        and citations read from the database."""
        if damage is None:
            damage = incident.damage_types.all()
        return cls(
            incident=incident,
            status=incident.status,
            seen=seen_by_readers(incident),
            figures={name: _raw(incident, name) for name in FIGURES},
            damage=frozenset(d.pk for d in damage),
            damage_names={d.pk: d.local_name for d in damage},
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
        damage, names = self.damage, dict(self.damage_names)
        if damage_types is not None:
            damage = frozenset(getattr(d, "pk", d) for d in damage_types)
            names.update((d.pk, d.local_name) for d in damage_types if hasattr(d, "local_name"))
        return Snapshot(
            incident=incident,
            status=incident.status,
            seen=self.seen,
            figures={name: _raw(incident, name) for name in FIGURES},
            damage=damage,
            citations=after,
            damage_names=names,
        )


def _label(model, name):
    return str(model._meta.get_field(name).verbose_name)


def to_tell(before, after) -> list[str]:
    """What readers must be told of the write from `before` (the stored state) to `after`: its
    public changes if readers have seen the incident, else nothing."""
    return public_changes(before, after) if before.seen else []


def public_changes(before, after) -> list[str]:
    """'label: old → new' for the status, each figure, damage type and citation claim that
    differs, in the active language: the editor's, who writes the dated note beside them, so
    a correction says its note and its changes in one language (stored as said)."""
    from incidents.models import Citation, DamageType, Incident

    listed = []
    if before.status != after.status:
        listed.append(status_change(before.status, after.status))
    listed += [
        f"{_label(Incident, name)}: "
        f"{_in_words(before.incident, name)} → {_in_words(after.incident, name)}"
        for name in FIGURES
        if before.figures[name] != after.figures[name]
    ]
    if before.damage != after.damage:
        names = {**before.damage_names, **after.damage_names}
        unnamed = (before.damage | after.damage) - names.keys()
        if unnamed:
            names.update((d.pk, d.local_name) for d in DamageType.objects.filter(pk__in=unnamed))

        def shown(ids):
            return ", ".join(sorted(names[pk] for pk in ids)) or gettext("none")

        listed.append(
            f"{_label(Incident, 'damage_types')}: {shown(before.damage)} → {shown(after.damage)}"
        )
    for key in sorted(before.citations.keys() - after.citations.keys(), key=str):
        citation = before.citations[key][1]
        listed.append(
            gettext("citation removed: %(source)s (%(url)s)")
            % {"source": citation.source, "url": citation.url}
        )
    for key, (claims, citation) in after.citations.items():
        if key not in before.citations:
            listed.append(
                gettext("citation added: %(source)s (%(url)s)")
                % {"source": citation.source, "url": citation.url}
            )
            continue
        old = before.citations[key][0]
        differing = [
            _label(Citation, name)
            for name, was, now in zip(CLAIMS, old, claims, strict=True)
            if was != now
        ]
        if differing:
            listed.append(
                gettext("citation of %(source)s: %(claims)s changed")
                % {"source": citation.source, "claims": ", ".join(differing)}
            )
    return listed
