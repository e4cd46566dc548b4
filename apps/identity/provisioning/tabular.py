"""Read the rows of a CSV or XLSX file as an HR system or AD exports it.

Headers are matched without regard to case, spaces or dashes, and the usual names of
AD (mail, displayName, department, manager) and HR exports are accepted beside the
names of the template. A file that cannot be read raises FileError with a message in
the user's language; rows keep the line number a spreadsheet shows.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000

# The columns of the template, in its order, and the other names each is known by.
COLUMNS: dict[str, tuple[str, ...]] = {
    "email": ("mail", "e-mail", "emailaddress", "userprincipalname", "upn", "epost", "e-post"),
    "name": ("fullname", "displayname", "navn", "namn"),
    "title": ("jobtitle", "stilling", "titel", "tittel", "befattning"),
    "unit_path": ("path", "unitpath", "organisationpath", "sti"),
    "unit": ("department", "afdeling", "enhed", "enhet", "avdeling", "avdelning"),
    "parent_unit": ("parent", "parentunit", "overordnet", "overordnetenhed"),
    "role_level": ("role", "rolelevel", "rolle", "roll"),
    "manager_email": ("manager", "manageremail", "leder", "chef", "leder_email", "chef_email"),
}
TEMPLATE_HEADER = list(COLUMNS)
PATH_SEPARATOR = "/"


class FileError(Exception):
    """The file as a whole cannot be read."""


@dataclass
class Row:
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "")


def _key(header: str) -> str:
    return re.sub(r"[\s\-]+", "", str(header or "")).lower()


ALIASES = {
    _key(alias): column
    for column, aliases in COLUMNS.items()
    for alias in (column, *aliases)
}


def template_csv() -> str:
    return ";".join(TEMPLATE_HEADER) + "\r\n"


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError(_("The file is not text in UTF-8 or Windows-1252. Save it as CSV (UTF-8)."))


class _Semicolon(csv.excel):
    delimiter = ";"


def _csv_rows(data: bytes):
    text = _decode(data)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = _Semicolon if sample.count(";") > sample.count(",") else csv.excel
    yield from csv.reader(io.StringIO(text, newline=""), dialect)


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise FileError(_("The file is not an Excel workbook (.xlsx) that can be read.")) from error
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield ["" if value is None else str(value) for value in values]
    finally:
        workbook.close()


def read_rows(data: bytes, filename: str) -> list[Row]:
    """Every data row of the file; raises FileError for a file that cannot be used."""
    if len(data) > MAX_BYTES:
        raise FileError(_("The file is larger than 20 MB. Split it or remove unused columns."))
    name = filename.lower()
    if name.endswith(".xlsx"):
        raw = _xlsx_rows(data)
    elif name.endswith((".csv", ".txt")):
        raw = _csv_rows(data)
    else:
        raise FileError(_("Upload a CSV file (.csv) or an Excel workbook (.xlsx)."))
    raw = iter(raw)
    header = next(raw, None)
    if header is None:
        raise FileError(_("The file is empty."))
    columns = [ALIASES.get(_key(cell)) for cell in header]
    if "email" not in columns and not {"unit", "unit_path"} & set(columns):
        raise FileError(
            _("The first row must name the columns, as the template does: %(header)s")
            % {"header": ", ".join(TEMPLATE_HEADER)}
        )
    rows = []
    for line, cells in enumerate(raw, start=2):
        values = {
            column: str(cell).strip()
            for column, cell in zip(columns, cells, strict=False)
            if column is not None and str(cell).strip()
        }
        if values:
            rows.append(Row(line=line, values=values))
        if len(rows) > MAX_ROWS:
            raise FileError(_("The file has more than 50,000 rows."))
    return rows
