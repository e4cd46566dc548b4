from django.contrib.auth import authenticate
from django.core.management import call_command

from apps.organisations.models import Organisation, RoleLevel


def test_load_demo_creates_five_municipalities_and_prints_a_login_per_role(db, capsys, settings):
    call_command("load_demo")

    out = capsys.readouterr().out
    assert Organisation.objects.count() == 5
    assert f"password: {settings.DEMO_PASSWORD}" in out
    for slug in ("glostrup", "naestved", "soenderborg", "flen", "modum"):
        for role in RoleLevel.values:
            assert f"{slug}-{role} " in out


def test_demo_users_can_log_in_with_the_printed_password(db, settings, rf):
    call_command("load_demo")

    user = authenticate(rf.get("/"), username="modum-leader", password=settings.DEMO_PASSWORD)

    assert user is not None
