"""Checking a bulk import (rows of the export's own format, read by incidents/spreadsheets.py).
Writes nothing.

Every row is checked with a handful of queries for the whole file (vocabularies, ids already in
the record, likely duplicates), not per row. What passes becomes a list of plain values
(`RowResult.payload`) that `services.stage_import` keeps server-side and
`services.commit_import` writes without checking the file again. A file exported from the site
imports back: rows whose `id` is in the record are skipped, never duplicated.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext

from incidents import schema
from incidents.choices import COUNTS, Reporting, Status, Verification
from incidents.limits import ID, MAX_COUNT
from incidents.models import Citation, DamageType, Incident, Region, Source, ThreatType
from incidents.spreadsheets import MAX_BYTES, MAX_ROWS, ImportFileError, read_table

__all__ = [
    "EXAMPLE_ROW",
    "MAX_BYTES",
    "MAX_ROWS",
    "TEMPLATE_COLUMNS",
    "ImportFileError",
    "Preview",
    "preview",
    "read_table",
]

# What a row may set, in the export's column order: the import template's header. (An export
# imports back as it is; its other columns, computed by the site, are ignored.)
TEMPLATE_COLUMNS = [
    name
    for name in schema.INCIDENTS.column_names
    if name in {"id", "region", "region_iso", "threat_type", "damage_types"}
    or name in {"sources", "source_urls"}
    or name in schema.IMPORTED_FIELDS
]
# The template's example row: a new incident (no id) as a statement gives it.
EXAMPLE_ROW = {
    "date": "2026-03-01",
    "window_start": "2026-02-28T17:00:00Z",
    "window_end": "2026-03-01T04:00:00Z",
    "region": "Kaluga Oblast",
    "region_iso": "RU-KLU",
    "threat_type": "uav",
    "intercepted": "40",
    "intercepted_status": Reporting.REPORTED,
    "damage_types": "none-reported",
    "killed": "0",
    "killed_status": Reporting.REPORTED,
    "injured": "0",
    "injured_status": Reporting.REPORTED,
    "summary": "Air defence destroyed 40 UAVs over Kaluga Oblast overnight; no casualties.",
    "verification": Verification.OFFICIAL_CLAIM,
    "sources": "Governor of Kaluga Oblast",
    "source_urls": "https://t.me/example_governor/1234",
}


@dataclass
class RowResult:
    line: int
    values: dict
    errors: list[str] = field(default_factory=list)
    existing: Incident | None = None
    duplicates: list = field(default_factory=list)
    incident: Incident | None = None
    damage_types: list = field(default_factory=list)
    citations: list = field(default_factory=list)  # (Source, url)

    @property
    def outcome(self):
        if self.errors:
            return gettext("error")
        if self.existing is not None:
            return gettext("already in the record: skipped")
        if self.duplicates:
            return gettext("new draft, likely duplicate")
        return gettext("new draft")

    @property
    def payload(self):
        """The checked row as plain values, for `services.commit_import`."""
        incident = self.incident
        values = {name: getattr(incident, name) for name in schema.IMPORTED_FIELDS}
        for name in ("date", "window_start", "window_end"):
            values[name] = values[name].isoformat() if values[name] else None
        values["region_id"], values["threat_type_id"] = incident.region_id, incident.threat_type_id
        return {
            "line": self.line,
            "incident": values,
            "damage_types": [damage.pk for damage in self.damage_types],
            "citations": [[source.pk, url] for source, url in self.citations],
        }


@dataclass
class Preview:
    rows: list[RowResult]

    @property
    def errors(self):
        return [row for row in self.rows if row.errors]

    @property
    def to_create(self):
        return [row for row in self.rows if not row.errors and row.existing is None]

    @property
    def skipped(self):
        return [row for row in self.rows if row.existing is not None and not row.errors]

    @property
    def duplicates(self):
        return [row for row in self.to_create if row.duplicates]


# Reading -------------------------------------------------------------------------------------


class _Lookups:
    """The vocabularies, loaded once per import."""

    def __init__(self):
        self.regions = {}
        for region in Region.objects.all():
            for key in (region.name, region.name_ru, region.slug, region.iso_name, region.iso_code):
                if key:
                    self.regions.setdefault(key.casefold(), region)
        self.threats = {}
        for threat in ThreatType.objects.all():
            self.threats[threat.slug.casefold()] = threat
            self.threats.setdefault(threat.name.casefold(), threat)
        self.damage = {d.slug.casefold(): d for d in DamageType.objects.all()}
        self.sources = {s.name.casefold(): s for s in Source.objects.all()}


def preview(rows: list[dict]) -> Preview:
    """Check every row; write nothing."""
    lookups = _Lookups()
    values = [{key: schema.from_cell(value) for key, value in raw.items()} for raw in rows]
    ids = {v.get("id", "") for v in values if ID.fullmatch(v.get("id", ""))}
    existing = Incident.objects.in_bulk([int(i) for i in ids])
    results, seen_ids = [], {}
    for line, row in enumerate(values, start=2):
        result = _check_row(line, row, lookups, existing)
        incident_id = row.get("id", "")
        if incident_id in seen_ids:
            result.errors.append(
                gettext("id %(id)s appears twice (row %(line)s)")
                % {"id": incident_id, "line": seen_ids[incident_id]}
            )
        elif incident_id:
            seen_ids[incident_id] = line
        results.append(result)
    _flag_duplicates(results)
    return Preview(results)


def _check_row(line, values, lookups, existing):
    result = RowResult(line=line, values=values)
    errors = result.errors
    if "\x00" in "".join(values.values()):
        errors.append(gettext("contains a NUL character"))
        return result

    incident_id = values.get("id", "")
    if incident_id and not ID.fullmatch(incident_id):
        errors.append(
            gettext("id %(value)s is not a whole number (digits 0-9)")
            % {"value": repr(incident_id)}
        )
        return result
    if incident_id and int(incident_id) in existing:
        result.existing = existing[int(incident_id)]
        return result

    incident = Incident(status=Status.DRAFT)
    date_text = values.get("date", "")
    try:
        incident.date = dt.date.fromisoformat(date_text)
    except ValueError:
        errors.append(
            gettext("malformed date %(value)s: write it as YYYY-MM-DD") % {"value": repr(date_text)}
        )

    for name in ("window_start", "window_end"):
        text = values.get(name, "")
        if text:
            try:
                moment = dt.datetime.fromisoformat(text)
                setattr(incident, name, moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC))
            except ValueError:
                errors.append(
                    gettext("malformed %(column)s %(value)s: use ISO 8601")
                    % {"column": name, "value": repr(text)}
                )

    region_key = values.get("region_iso") or values.get("region", "")
    region = lookups.regions.get(region_key.casefold()) or lookups.regions.get(
        values.get("region", "").casefold()
    )
    if region is None:
        errors.append(
            gettext("unknown region %(value)s")
            % {"value": repr(values.get("region") or region_key)}
        )
    incident.region = region

    threat = lookups.threats.get(values.get("threat_type", "").casefold())
    if threat is None:
        errors.append(
            gettext("unknown threat type %(value)s")
            % {"value": repr(values.get("threat_type", ""))}
        )
    incident.threat_type = threat

    for count in COUNTS:
        _read_count(incident, count, values, errors)

    for slug in schema.split_list(values.get("damage_types", "")):
        damage = lookups.damage.get(slug.casefold())
        if damage is None:
            errors.append(gettext("unknown damage type %(value)s") % {"value": repr(slug)})
        else:
            result.damage_types.append(damage)

    verification = values.get("verification", "") or Verification.OFFICIAL_CLAIM
    if verification not in Verification.values:
        errors.append(
            gettext("unknown verification level %(value)s") % {"value": repr(verification)}
        )
    incident.verification = verification
    incident.summary = values.get("summary", "")
    incident.damage_description = values.get("damage_description", "")

    _read_citations(result, values, lookups)

    if not errors:
        try:
            # The vocabularies were looked up above; the model's own rules need no query.
            incident.clean_fields(exclude=["region", "threat_type", "created_by", "updated_by"])
            incident.clean()
        except ValidationError as error:
            errors.extend(
                f"{_label(name)}: {message}"
                for name, messages in error.message_dict.items()
                for message in messages
            )
    result.incident = incident
    return result


def _read_count(incident, count, values, errors):
    label = Incident._meta.get_field(count).verbose_name
    text = values.get(count, "").strip()
    number = None
    if text:
        if not re.fullmatch(r"-?[0-9]{1,12}", text):
            errors.append(
                gettext("%(label)s %(value)s is not a whole number")
                % {"label": label, "value": repr(text)}
            )
            return
        number = int(text)
        if number < 0:
            errors.append(
                gettext("negative count: %(label)s is %(number)s")
                % {"label": label, "number": number}
            )
            return
        if number > MAX_COUNT:
            errors.append(
                gettext("%(label)s %(number)s is too large") % {"label": label, "number": number}
            )
            return
    status = values.get(f"{count}_status", "") or (
        Reporting.REPORTED if number is not None else Reporting.NOT_REPORTED
    )
    if status not in Reporting.values:
        errors.append(
            gettext("unknown %(column)s %(value)s")
            % {"column": f"{count}_status", "value": repr(status)}
        )
        return
    setattr(incident, count, number)
    setattr(incident, f"{count}_status", status)


def _read_citations(result, values, lookups):
    names = schema.split_list(values.get("sources", ""))
    urls = schema.split_list(values.get("source_urls", ""))
    if not names:
        result.errors.append(gettext("missing source: name who made the statement in 'sources'"))
        return
    if len(names) != len(urls):
        result.errors.append(
            gettext(
                "sources and source_urls differ in number (%(sources)s and %(urls)s): give one "
                "statement URL per source"
            )
            % {"sources": len(names), "urls": len(urls)}
        )
        return
    validate_url = URLValidator()
    max_length = Citation._meta.get_field("url").max_length
    for name, url in zip(names, urls, strict=True):
        source = lookups.sources.get(name.casefold())
        if source is None:
            result.errors.append(
                gettext("unknown source %(value)s: add it under Sources first")
                % {"value": repr(name)}
            )
            continue
        try:
            if len(url) > max_length:
                raise ValidationError("too long")
            validate_url(url)
        except ValidationError:
            result.errors.append(
                gettext("malformed statement URL %(value)s") % {"value": repr(url[:200])}
            )
            continue
        result.citations.append((source, url))


def _label(name):
    if name == "__all__":
        return gettext("row")
    try:
        return str(Incident._meta.get_field(name).verbose_name)
    except Exception:
        return name


def _flag_duplicates(results):
    """Likely duplicates among the rows themselves and against the record: two queries."""
    candidates = [r for r in results if not r.errors and r.existing is None]
    if not candidates:
        return
    seen = {}
    for row in candidates:
        incident = row.incident
        key = (incident.date, incident.region_id, incident.threat_type_id)
        if key in seen:
            row.duplicates.append(gettext("row %(line)s of this file") % {"line": seen[key]})
        else:
            seen[key] = row.line
    by_event, by_url = {}, {}
    dates = {row.incident.date for row in candidates}
    for other in Incident.objects.filter(date__in=dates).select_related("region", "threat_type"):
        by_event.setdefault((other.date, other.region_id, other.threat_type_id), []).append(other)
    urls = {url for row in candidates for _, url in row.citations}
    for citation in Citation.objects.filter(url__in=urls).select_related(
        "incident__region", "incident__threat_type"
    ):
        by_url.setdefault(citation.url, []).append(citation.incident)
    for row in candidates:
        i = row.incident
        found = {o.pk: o for o in by_event.get((i.date, i.region_id, i.threat_type_id), [])}
        for _, url in row.citations:
            found.update({o.pk: o for o in by_url.get(url, [])})
        row.duplicates.extend(found.values())
