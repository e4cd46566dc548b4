import csv

import pytest
from openpyxl import Workbook

from apps.identity.provisioning.tabular import TEMPLATE_HEADER
from apps.organisations.models import RoleLevel


@pytest.fixture
def comms(organisation, member_of):
    """A person of the communications department, who administers the organisation."""
    return member_of(organisation, RoleLevel.COMMUNICATIONS)


def write_csv(path, rows, header=TEMPLATE_HEADER, delimiter=";", encoding="utf-8"):
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(column, "") for column in header])
    return path


def write_xlsx(path, rows, header=TEMPLATE_HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(column, "") or None for column in header])
    workbook.save(path)
    return path
