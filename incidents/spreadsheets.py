"""Reading an uploaded table (CSV or XLSX) into rows of text, safely.

A hostile file cannot hurt: the file's size, an XLSX's unpacked size and the number of rows read
(empty ones included) are bounded before anything large is held, so a zip bomb, a sheet of
millions of empty rows or one cell fifty million rows down all stop early with a clear error,
in the editor's language.
"""

import csv
import datetime as dt
import io
import zipfile
from xml.etree import ElementTree

from django.utils.formats import number_format
from django.utils.translation import gettext

REQUIRED_COLUMNS = ("date", "threat_type", "summary", "sources", "source_urls")
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
# An XLSX is a zip: its parts may unpack to at most this (a zip bomb is refused before reading).
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong format, no header, too big)."""


def read_table(data: bytes, filename: str) -> list[dict]:
    """Rows of a CSV (UTF-8, with or without BOM) or XLSX file as dicts of text."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            gettext("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)}
        )
    name = filename.lower()
    if name.endswith(".csv"):
        rows = _read_csv(data)
    elif name.endswith(".xlsx"):
        rows = _read_xlsx(data)
    else:
        raise ImportFileError(gettext("Upload a .csv or .xlsx file."))
    if not rows:
        raise ImportFileError(gettext("The file has a header but no rows."))
    columns = set(rows[0])
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if not {"region", "region_iso"} & columns:
        missing.append(gettext("region or region_iso"))
    if missing:
        raise ImportFileError(
            gettext("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return rows


def _too_many():
    rows = number_format(MAX_ROWS, force_grouping=True)
    return ImportFileError(
        gettext(
            "The file has more than %(rows)s rows (empty rows count too); import at most "
            "%(rows)s at a time."
        )
        % {"rows": rows}
    )


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(gettext("The CSV file is not UTF-8 text.")) from error
    if "\x00" in text:
        raise ImportFileError(gettext("The file contains NUL characters; it is not a CSV file."))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader, [])]
        if not any(header):
            raise ImportFileError(gettext("The file is empty."))
        rows = []
        for line in reader:
            if reader.line_num > MAX_ROWS + 1:
                raise _too_many()
            if any(cell.strip() for cell in line):
                rows.append({name: cell for name, cell in zip(header, line, strict=False) if name})
        return rows
    except csv.Error as error:
        # The csv module's own words (in English) say where and why.
        raise ImportFileError(
            gettext("The CSV file cannot be read: %(error)s.") % {"error": error}
        ) from error


def _read_xlsx(data):
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise ImportFileError(
                    gettext("The spreadsheet unpacks to more than %(size)s MB.")
                    % {"size": MAX_UNPACKED_BYTES // 2**20}
                )
            if _row_elements(archive, _first_sheet(archive), MAX_ROWS + 2) > MAX_ROWS + 1:
                raise _too_many()
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(lines, [])]
        if not any(header):
            raise ImportFileError(
                gettext("The spreadsheet's first row must hold the column names.")
            )
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
        raise ImportFileError(gettext("The XLSX file cannot be read.")) from error
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
    raise ImportFileError(gettext("The XLSX file cannot be read."))


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
