"""Bulk import of incidents from CSV or XLSX, in the export's own format.

Reading and checking are separate from writing: `preview()` checks every row and writes nothing;
`commit()` writes all rows in one transaction, as drafts, or nothing. A file exported from the
site can be imported back: rows whose `id` is already in the record are flagged and skipped, never
duplicated.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q

from incidents.models import (
    REPORTED_COUNTS,
    Citation,
    DamageType,
    Incident,
    Region,
    Reporting,
    Source,
    ThreatType,
    Verification,
)

REQUIRED_COLUMNS = ("date", "threat_type", "summary", "sources", "source_urls")
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
# Exports put a quote before text a spreadsheet would run as a formula; take it off again.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong format, no header, too big)."""


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
            return "error"
        if self.existing is not None:
            return "already in the record: skipped"
        if self.duplicates:
            return "new draft, likely duplicate"
        return "new draft"


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


def read_table(data: bytes, filename: str) -> list[dict]:
    """Rows of a CSV (UTF-8, with or without BOM) or XLSX file as dicts of text."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    name = filename.lower()
    if name.endswith(".csv"):
        rows = _read_csv(data)
    elif name.endswith(".xlsx"):
        rows = _read_xlsx(data)
    else:
        raise ImportFileError("Upload a .csv or .xlsx file.")
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            f"The file has {len(rows)} rows; import at most {MAX_ROWS} at a time."
        )
    if not rows:
        raise ImportFileError("The file has a header but no rows.")
    missing = [c for c in REQUIRED_COLUMNS if c not in rows[0]]
    if missing or not ({"region", "region_iso"} & set(rows[0])):
        missing += [] if {"region", "region_iso"} & set(rows[0]) else ["region or region_iso"]
        raise ImportFileError("Missing columns: " + ", ".join(missing) + ".")
    return rows


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError("The CSV file is not UTF-8 text.") from error
    if "\x00" in text:
        raise ImportFileError("The file contains NUL characters; it is not a CSV file.")
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames:
            raise ImportFileError("The file is empty.")
        return [
            {(k or "").strip(): (v or "") for k, v in row.items() if k is not None}
            for row in reader
        ]
    except csv.Error as error:
        raise ImportFileError(f"The CSV file cannot be read: {error}.") from error


def _read_xlsx(data):
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(lines, [])]
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ImportFileError("The XLSX file cannot be read.") from error
    if not any(header):
        raise ImportFileError("The spreadsheet's first row must hold the column names.")
    rows = []
    for line in lines:
        if line is None or all(cell in (None, "") for cell in line):
            continue
        rows.append(
            {name: _cell_text(cell) for name, cell in zip(header, line, strict=False) if name}
        )
    return rows


def _cell_text(cell):
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _unquote(value: str) -> str:
    value = value.strip() if value[:1] not in FORMULA_TRIGGERS else value
    if value.startswith("'") and value[1:2] in FORMULA_TRIGGERS and value[1:2]:
        return value[1:]
    return value


def _split(value):
    return [part.strip() for part in value.split(";") if part.strip()]


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
    ids = [r.get("id", "").strip() for r in rows]
    existing = Incident.objects.in_bulk([int(i) for i in ids if i.isdigit() and len(i) < 18])
    results = [_check_row(line, row, lookups, existing) for line, row in enumerate(rows, start=2)]
    _flag_duplicates(results)
    return Preview(results)


def _check_row(line, raw, lookups, existing):
    values = {key: _unquote(value) for key, value in raw.items()}
    result = RowResult(line=line, values=values)
    errors = result.errors
    if "\x00" in "".join(values.values()):
        errors.append("contains a NUL character")
        return result

    incident_id = values.get("id", "")
    if incident_id.isdigit() and len(incident_id) < 18 and int(incident_id) in existing:
        result.existing = existing[int(incident_id)]
        return result

    incident = Incident(status=Incident.Status.DRAFT)
    date_text = values.get("date", "")
    try:
        incident.date = dt.date.fromisoformat(date_text)
    except ValueError:
        errors.append(f"malformed date {date_text!r}: write it as YYYY-MM-DD")

    for name in ("window_start", "window_end"):
        text = values.get(name, "")
        if text:
            try:
                moment = dt.datetime.fromisoformat(text)
                setattr(incident, name, moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC))
            except ValueError:
                errors.append(f"malformed {name.replace('_', ' ')} {text!r}: use ISO 8601")

    region_key = values.get("region_iso") or values.get("region", "")
    region = lookups.regions.get(region_key.casefold()) or lookups.regions.get(
        values.get("region", "").casefold()
    )
    if region is None:
        errors.append(f"unknown region {values.get('region') or region_key!r}")
    incident.region = region

    threat = lookups.threats.get(values.get("threat_type", "").casefold())
    if threat is None:
        errors.append(f"unknown threat type {values.get('threat_type', '')!r}")
    incident.threat_type = threat

    for count in REPORTED_COUNTS:
        _read_count(incident, count, values, errors)

    for slug in _split(values.get("damage_types", "")):
        damage = lookups.damage.get(slug.casefold())
        if damage is None:
            errors.append(f"unknown damage type {slug!r}")
        else:
            result.damage_types.append(damage)

    verification = values.get("verification", "") or Verification.OFFICIAL_CLAIM
    if verification not in Verification.values:
        errors.append(f"unknown verification level {verification!r}")
    incident.verification = verification
    incident.summary = values.get("summary", "")
    incident.damage_description = values.get("damage_description", "")

    _read_citations(result, values, lookups)

    if not errors:
        try:
            incident.full_clean(exclude=["created_by", "updated_by"])
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
    text = values.get(count, "")
    number = None
    if text:
        try:
            number = int(text)
        except ValueError:
            errors.append(f"{label} {text!r} is not a whole number")
            return
        if number < 0:
            errors.append(f"negative count: {label} is {number}")
            return
        if number > 2_147_483_647:
            errors.append(f"{label} {number} is too large")
            return
    status = values.get(f"{count}_status", "") or (
        Reporting.REPORTED if number is not None else Reporting.NOT_REPORTED
    )
    if status not in Reporting.values:
        errors.append(f"unknown {count}_status {status!r}")
        return
    setattr(incident, count, number)
    setattr(incident, f"{count}_status", status)


def _read_citations(result, values, lookups):
    names, urls = _split(values.get("sources", "")), _split(values.get("source_urls", ""))
    if not names:
        result.errors.append("missing source: name who made the statement in 'sources'")
        return
    if len(names) != len(urls):
        result.errors.append(
            f"{len(names)} source(s) but {len(urls)} URL(s): give one statement URL per source"
        )
        return
    validate_url = URLValidator()
    for name, url in zip(names, urls, strict=True):
        source = lookups.sources.get(name.casefold())
        if source is None:
            result.errors.append(f"unknown source {name!r}: add it under Sources first")
            continue
        try:
            validate_url(url)
        except ValidationError:
            result.errors.append(f"malformed statement URL {url!r}")
            continue
        result.citations.append((source, url))


def _label(name):
    if name == "__all__":
        return "row"
    try:
        return str(Incident._meta.get_field(name).verbose_name)
    except Exception:
        return name


def _flag_duplicates(results):
    """Likely duplicates among the rows themselves and against the record."""
    seen = {}
    candidates = [r for r in results if not r.errors and r.existing is None]
    for row in candidates:
        incident = row.incident
        key = (incident.date, incident.region_id, incident.threat_type_id)
        if key in seen:
            row.duplicates.append(f"row {seen[key]} of this file")
        else:
            seen[key] = row.line
    if not candidates:
        return
    urls = {url for row in candidates for _, url in row.citations}
    events = Q()
    for row in candidates:
        i = row.incident
        events |= Q(date=i.date, region_id=i.region_id, threat_type_id=i.threat_type_id)
    in_record = list(
        Incident.objects.filter(events | Q(citations__url__in=urls))
        .prefetch_related("citations")
        .distinct()
    )
    for row in candidates:
        i, row_urls = row.incident, {url for _, url in row.citations}
        for other in in_record:
            same_event = (other.date, other.region_id, other.threat_type_id) == (
                i.date,
                i.region_id,
                i.threat_type_id,
            )
            if same_event or row_urls & {c.url for c in other.citations.all()}:
                row.duplicates.append(other)


@transaction.atomic
def commit(preview_: Preview, *, user) -> list[Incident]:
    """Create every new row as a draft by `user`, with its citations; all or nothing."""
    if preview_.errors:
        raise ValueError("A file with errors is never imported.")
    created = []
    for row in preview_.to_create:
        incident = row.incident
        incident.status = Incident.Status.DRAFT
        incident.created_by = incident.updated_by = user
        incident._change_reason = "Imported from a file"
        incident.save()
        incident.damage_types.set(row.damage_types)
        for source, url in row.citations:
            Citation.objects.create(incident=incident, source=source, url=url, quote="")
        created.append(incident)
    return created
