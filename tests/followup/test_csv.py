from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from apps.followup import csv_io, services
from apps.followup.models import Measurement
from apps.organisations.models import RoleLevel

pytestmark = pytest.mark.django_db

NAME = "Andel borgere, der forstår brevet"


def _csv(*lines) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def _import(world, measured, data):
    return services.measurements_import(
        version=measured.version, actor=world[RoleLevel.COMMUNICATIONS], data=data
    )


def test_import_saves_every_row_with_decimal_commas_and_either_separator(world, measured):
    count = _import(
        world,
        measured,
        _csv(
            "indicator;period;value;note;source",
            f"{NAME};2024;55,5;Første måling;Borgerpanelet",
            f"{NAME.upper()};2025-Q1;61;;",
        ),
    ) + _import(world, measured, _csv("Indicator,Period,Value", f'"{NAME}",2025-02,"62.25"'))

    assert count == 3
    assert sorted(Measurement.objects.values_list("period_kind", "value", "note", "source")) == [
        ("month", Decimal("62.25"), "", ""),
        ("quarter", Decimal("61"), "", ""),
        ("year", Decimal("55.5"), "Første måling", "Borgerpanelet"),
    ]


def test_a_file_with_a_bad_row_writes_nothing_and_names_each_line_and_reason(world, measured):
    with pytest.raises(csv_io.ImportRefused) as refused:
        _import(
            world,
            measured,
            _csv(
                "indicator;period;value",
                f"{NAME};2024;55",
                "Andel der ikke findes;2024;10",
                f"{NAME};sidste år;mange",
                f"{NAME};2024;56",
            ),
        )

    assert [(e.line, e.message) for e in refused.value.errors] == [
        (3, "No indicator of this version is called “Andel der ikke findes”."),
        (4, "Write the period as a year (2025), a quarter (2025-Q3) or a month (2025-07)."),
        (4, "“mange” is not a number."),
        (5, "The same indicator and period are on line 2 too."),
    ]
    assert Measurement.objects.count() == 0


def test_the_reasons_are_given_in_the_person_s_language(world, measured):
    with translation.override("da"), pytest.raises(csv_io.ImportRefused) as refused:
        _import(world, measured, _csv("indicator;period;value", f"{NAME};2024;mange"))

    assert refused.value.errors[0].message == "»mange« er ikke et tal."


def test_a_file_without_the_columns_says_which_are_missing(world, measured):
    with pytest.raises(csv_io.ImportRefused) as refused:
        _import(world, measured, _csv("navn;værdi", f"{NAME};55"))

    assert refused.value.errors[0].line == 1
    assert "indicator, period, value" in refused.value.errors[0].message


def test_only_the_communications_department_imports(world, measured):
    with pytest.raises(PermissionDenied):
        services.measurements_import(
            version=measured.version,
            actor=world[RoleLevel.LEADER],
            data=_csv("indicator;period;value", f"{NAME};2024;55"),
        )


def test_the_export_holds_every_measurement_and_imports_back_unchanged(client, world, measured):
    _import(
        world,
        measured,
        _csv(
            "indicator;period;value;note;source",
            f"{NAME};2024;55,5;Første;Panel",
            f"{NAME};2025-Q1;61;;",
        ),
    )
    client.force_login(world[RoleLevel.POLITICIAN])

    response = client.get(reverse("followup:measurements_csv", args=[measured.version_id]))

    text = response.content.decode()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert text.startswith("\ufeffindicator;period;value;note;source;entered_by;entered_at\r\n")
    assert f"{NAME};2024;55.5;Første;Panel;" in text and f"{NAME};2025-Q1;61;;;" in text
    before = sorted(Measurement.objects.values_list("period_start", "value", "note"))
    assert _import(world, measured, response.content) == 2
    assert sorted(Measurement.objects.values_list("period_start", "value", "note")) == before


def test_the_import_form_shows_each_bad_line_and_saves_nothing(client, world, measured):
    client.force_login(world[RoleLevel.COMMUNICATIONS])
    upload = SimpleUploadedFile(
        "målinger.csv", _csv("indicator;period;value", f"{NAME};2024;x"), "text/csv"
    )

    response = client.post(
        reverse("followup:measurements_import", args=[measured.version_id]), {"file": upload}
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "Nothing was imported." in html and "Line 2:" in html
    assert Measurement.objects.count() == 0


def test_the_import_form_saves_a_good_file(client, world, measured):
    client.force_login(world[RoleLevel.COMMUNICATIONS])
    upload = SimpleUploadedFile("m.csv", _csv("indicator;period;value", f"{NAME};2024;57"))

    response = client.post(
        reverse("followup:measurements_import", args=[measured.version_id]), {"file": upload}
    )

    assert response.status_code == 302
    assert Measurement.objects.get().value == Decimal("57")
