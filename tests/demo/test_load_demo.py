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


def test_demo_activity_puts_strategies_mid_lifecycle_without_touching_the_seeds(db):
    from apps.strategies.models import StrategyVersion

    call_command("load_demo")
    call_command("load_demo")

    naestved = StrategyVersion.objects.filter(strategy__organisation__slug="naestved")
    assert sorted(naestved.values_list("strategy__kind", "number", "status")) == [
        ("action_plan", 1, "adopted"),
        ("strategy", 1, "adopted"),
        ("strategy", 2, "consultation"),
    ]
    assert StrategyVersion.objects.get(
        strategy__organisation__slug="glostrup", number=2
    ).status == "proposed"


def test_demo_consultations_have_comments_answered_as_far_as_the_lifecycle_has_come(db):
    from apps.consultations.models import Comment

    call_command("load_demo")
    call_command("load_demo")

    def outcomes(slug):
        comments = Comment.objects.filter(version__strategy__organisation__slug=slug)
        return sorted((c.author.username, c.outcome if c.is_answered else None) for c in comments)

    # In consultation: answers have begun. Proposed: every comment was answered.
    assert outcomes("naestved") == [
        ("naestved-employee", "noted"),
        ("naestved-executive_board", None),
        ("naestved-leader", "accepted"),
    ]
    assert outcomes("glostrup") == [
        ("glostrup-employee", "noted"),
        ("glostrup-executive_board", "noted"),
        ("glostrup-leader", "accepted"),
    ]
    leader_comment = Comment.objects.get(author__username="naestved-leader")
    assert leader_comment.target_type == "responsibility"
    assert leader_comment.resulting_change


def test_load_demo_publishes_the_adopted_strategies_and_nothing_else(db, client):
    from apps.public.models import Publication
    from apps.strategies.models import Strategy

    call_command("load_demo")
    call_command("load_demo")

    published = Strategy.objects.filter(publication__is_published=True)
    adopted = Strategy.objects.filter(versions__status="adopted").distinct()
    assert set(published) == set(adopted)
    assert Publication.objects.count() == adopted.count()
    page = client.get("/public/naestved/")
    assert page.status_code == 200
    for strategy in adopted.filter(organisation__slug="naestved"):
        assert client.get(f"/public/naestved/{strategy.slug}/").status_code == 200
