"""Reading and checking a bulk import (CSV or XLSX in the export's own format). Writes nothing.

A hostile file cannot hurt: the file's size, an XLSX's unpacked size and the number of rows
read (empty ones included) are bounded before anything large is held; every row is checked
with a handful of queries for the whole file (vocabularies, ids already in the record, likely
duplicates), not per row. What passes becomes a list of plain values (`RowResult.payload`) that
`services.stage_import` keeps server-side and `services.commit_import` writes without checking
the file again. A file exported from the site imports back: rows whose `id` is in the record are
skipped, never duplicated.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from incidents import schema
from incidents.choices import COUNTS, Reporting, Status, Verification
from incidents.models import Citation, DamageType, Incident, Region, Source, ThreatType

REQUIRED_COLUMNS = ("date", "threat_type", "summary", "sources", "source_urls")
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
# An XLSX is a zip: its parts may unpack to at most this (a zip bomb is refused before reading).
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
ID = re.compile(r"[0-9]{1,18}")
MAX_COUNT = 2_147_483_647


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
    if not rows:
        raise ImportFileError("The file has a header but no rows.")
    columns = set(rows[0])
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if not {"region", "region_iso"} & columns:
        missing.append("region or region_iso")
    if missing:
        raise ImportFileError("Missing columns: " + ", ".join(missing) + ".")
    return rows


def _too_many():
    return ImportFileError(
        f"The file has more than {MAX_ROWS:,} rows (empty rows count too); import at most "
        f"{MAX_ROWS:,} at a time."
    )


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError("The CSV file is not UTF-8 text.") from error
    if "\x00" in text:
        raise ImportFileError("The file contains NUL characters; it is not a CSV file.")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader, [])]
        if not any(header):
            raise ImportFileError("The file is empty.")
        rows = []
        for line in reader:
            if reader.line_num > MAX_ROWS + 1:
                raise _too_many()
            if any(cell.strip() for cell in line):
                rows.append({name: cell for name, cell in zip(header, line, strict=False) if name})
        return rows
    except csv.Error as error:
        raise ImportFileError(f"The CSV file cannot be read: {error}.") from error


def _read_xlsx(data):
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise ImportFileError(
                    f"The spreadsheet unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB."
                )
            if _row_elements(archive, _first_sheet(archive), MAX_ROWS + 2) > MAX_ROWS + 1:
                raise _too_many()
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(lines, [])]
        if not any(header):
            raise ImportFileError("The spreadsheet's first row must hold the column names.")
        rows = []
        # Every row read counts, empty or not: a sheet with one cell far down (openpyxl fills
        # the gap with empty rows) stops here, not after millions of them.
        for read, line in enumerate(lines, start=1):
            if read > MAX_ROWS:
                raise _too_many()
            if line and any(cell not in (None, "") for cell in line):
                rows.append(
                    {
                        name: _cell_text(cell)
                        for name, cell in zip(header, line, strict=False)
                        if name
                    }
                )
    except ImportFileError:
        raise
    except Exception as error:  # zipfile, XML and openpyxl raise many kinds for a broken file
        raise ImportFileError("The XLSX file cannot be read.") from error
    return rows


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _first_sheet(archive):
    """The zip member holding the workbook's first sheet (the one the import reads)."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    first = workbook.find(f"{MAIN}sheets/{MAIN}sheet")
    target_id = first.get(f"{RELATIONSHIPS}id")
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{PACKAGE}Relationship"):
        if rel.get("Id") == target_id:
            target = rel.get("Target")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise ImportFileError("The XLSX file cannot be read.")


def _row_elements(archive, member, limit):
    """How many <row> elements the sheet holds, counted while unpacking and stopped at `limit`.

    openpyxl walks past rows without cells without yielding anything, so a sheet of millions of
    empty <row/> elements (a small zip) would hold it for minutes; this count stops early.
    """
    count = 0
    with archive.open(member) as sheet:
        for _, element in ElementTree.iterparse(sheet, events=("end",)):
            if element.tag == f"{MAIN}row":
                count += 1
                if count >= limit:
                    break
            element.clear()
    return count


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


# Checking ------------------------------------------------------------------------------------


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
            result.errors.append(f"id {incident_id} appears twice (row {seen_ids[incident_id]})")
        elif incident_id:
            seen_ids[incident_id] = line
        results.append(result)
    _flag_duplicates(results)
    return Preview(results)


def _check_row(line, values, lookups, existing):
    result = RowResult(line=line, values=values)
    errors = result.errors
    if "\x00" in "".join(values.values()):
        errors.append("contains a NUL character")
        return result

    incident_id = values.get("id", "")
    if incident_id and not ID.fullmatch(incident_id):
        errors.append(f"id {incident_id!r} is not a whole number (digits 0-9)")
        return result
    if incident_id and int(incident_id) in existing:
        result.existing = existing[int(incident_id)]
        return result

    incident = Incident(status=Status.DRAFT)
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

    for count in COUNTS:
        _read_count(incident, count, values, errors)

    for slug in schema.split_list(values.get("damage_types", "")):
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
            errors.append(f"{label} {text!r} is not a whole number")
            return
        number = int(text)
        if number < 0:
            errors.append(f"negative count: {label} is {number}")
            return
        if number > MAX_COUNT:
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
    names = schema.split_list(values.get("sources", ""))
    urls = schema.split_list(values.get("source_urls", ""))
    if not names:
        result.errors.append("missing source: name who made the statement in 'sources'")
        return
    if len(names) != len(urls):
        result.errors.append(
            f"{len(names)} source(s) but {len(urls)} URL(s): give one statement URL per source"
        )
        return
    validate_url = URLValidator()
    max_length = Citation._meta.get_field("url").max_length
    for name, url in zip(names, urls, strict=True):
        source = lookups.sources.get(name.casefold())
        if source is None:
            result.errors.append(f"unknown source {name!r}: add it under Sources first")
            continue
        try:
            if len(url) > max_length:
                raise ValidationError("too long")
            validate_url(url)
        except ValidationError:
            result.errors.append(f"malformed statement URL {url[:200]!r}")
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
    """Likely duplicates among the rows themselves and against the record: two queries."""
    candidates = [r for r in results if not r.errors and r.existing is None]
    if not candidates:
        return
    seen = {}
    for row in candidates:
        incident = row.incident
        key = (incident.date, incident.region_id, incident.threat_type_id)
        if key in seen:
            row.duplicates.append(f"row {seen[key]} of this file")
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
