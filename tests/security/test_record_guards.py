"""The records around an adoption are as tamper-evident as the versions: the audit log and
the status history are append-only, an adopted version's consultation is final, a strategy
never changes organisation, and the title printed is the one adopted. Refused by the
database itself (QuerySet.update(), raw SQL), on PostgreSQL and SQLite."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.consultations import services as consultation_services
from apps.consultations.models import Comment, Outcome
from apps.organisations.models import RoleLevel
from apps.strategies import services
from apps.strategies.models import (
    CONTENT_MODELS,
    Strategy,
    StrategyVersion,
    VersionStatus,
    VersionTransition,
)
from tests.factories import (
    OrganisationFactory,
    SectionFactory,
    StrategyFactory,
    UserFactory,
    VersionFactory,
    consultation_deadline,
)

pytestmark = pytest.mark.django_db

DECISION = {
    "decided_on": datetime.date(2025, 3, 27),
    "decided_by": "Byrådet",
    "case_reference": "25/4711",
}


def _refused(query):
    with pytest.raises(IntegrityError), transaction.atomic():
        query()


@pytest.fixture
def comms(organisation, member_of):
    return member_of(organisation, RoleLevel.COMMUNICATIONS)


@pytest.fixture
def strategy(organisation):
    return StrategyFactory(organisation=organisation, title="Kommunikationspolitik")


def _adopt(version, comms):
    services.version_transition(version=version, actor=comms, to_status=VersionStatus.PROPOSED)
    return services.version_transition(
        version=version, actor=comms, to_status=VersionStatus.ADOPTED, **DECISION
    )


@pytest.fixture
def adopted(strategy, comms):
    version = VersionFactory(strategy=strategy, number=1)
    SectionFactory(version=version)
    return _adopt(version, comms)


# --- Audit log ---------------------------------------------------------------------


@pytest.fixture
def event(organisation, comms):
    return audit_record(organisation=organisation, actor=comms, verb="version.adopted")


def test_an_audit_row_cannot_be_rewritten(event):
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(verb="version.withdrawn"))
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(created_at=event.created_at
                                                                   - datetime.timedelta(days=9)))


def test_an_audit_row_cannot_be_deleted_nor_the_log_emptied(event):
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).delete())
    _refused(lambda: connection.cursor().execute("DELETE FROM audit_auditevent"))

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_an_audit_row_may_only_have_who_it_names_pseudonymised(event, comms):
    AuditEvent.objects.filter(pk=event.pk).update(
        object_repr="Tidligere medarbejder 17", data={"note": "Tidligere medarbejder 17"}
    )
    comms.delete()  # the actor link is cleared, the row stays

    event.refresh_from_db()
    assert (event.actor, event.object_repr) == (None, "Tidligere medarbejder 17")
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(actor=UserFactory()))


# --- Status history ----------------------------------------------------------------


def test_the_status_history_cannot_be_rewritten_or_deleted(adopted):
    transition = VersionTransition.objects.filter(version=adopted).first()

    _refused(lambda: VersionTransition.objects.filter(pk=transition.pk).update(note="Ændret"))
    _refused(lambda: VersionTransition.objects.filter(pk=transition.pk).delete())


def test_a_drafts_history_goes_with_the_draft(strategy, comms):
    draft = VersionFactory(strategy=strategy, number=1)
    services.version_transition(version=draft, actor=comms, to_status=VersionStatus.WITHDRAWN)

    StrategyVersion.objects.filter(pk=draft.pk).delete()

    assert not VersionTransition.objects.filter(version_id=draft.pk).exists()


# --- The consultation of an adopted version ------------------------------------------


@pytest.fixture
def final_comment(strategy, comms, organisation, member_of):
    version = VersionFactory(strategy=strategy, number=1)
    SectionFactory(version=version)
    services.version_transition(version=version, actor=comms, to_status=VersionStatus.CONSULTATION,
                                consultation_deadline=consultation_deadline())
    employee = member_of(organisation, RoleLevel.EMPLOYEE)
    consultation_services.consultation_invite(version=version, actor=comms, users=[employee])
    comment = consultation_services.comment_create(version=version, actor=employee, text="Mere")
    consultation_services.comment_answer(
        comment=comment, actor=comms, response="Tak.", outcome=Outcome.NOTED
    )
    _adopt(version, comms)
    return comment


def test_an_adopted_versions_comments_and_answers_are_final_in_the_database(final_comment):
    rows = Comment.objects.filter(pk=final_comment.pk)

    _refused(lambda: rows.update(text="Omskrevet"))
    _refused(lambda: rows.update(response="Et andet svar"))
    _refused(lambda: rows.update(outcome=Outcome.ACCEPTED))
    _refused(lambda: rows.delete())


def test_an_adopted_versions_commenter_may_be_pseudonymised(final_comment):
    Comment.objects.filter(pk=final_comment.pk).update(author_name="Tidligere medarbejder 17")
    final_comment.author.delete()

    final_comment.refresh_from_db()
    assert (final_comment.author, final_comment.author_name) == (None, "Tidligere medarbejder 17")


def test_comments_of_a_version_in_consultation_may_still_be_answered(strategy, comms):
    version = VersionFactory(strategy=strategy, number=1)
    services.version_transition(version=version, actor=comms, to_status=VersionStatus.CONSULTATION,
                                consultation_deadline=consultation_deadline())
    comment = consultation_services.comment_create(version=version, actor=comms, text="Mere")

    Comment.objects.filter(pk=comment.pk).update(response="Svar", outcome=Outcome.NOTED)

    assert Comment.objects.get(pk=comment.pk).response == "Svar"


# --- The strategy row --------------------------------------------------------------


def test_a_strategy_cannot_move_to_another_organisation(strategy):
    other = OrganisationFactory()

    _refused(lambda: Strategy.objects.filter(pk=strategy.pk).update(organisation=other))
    strategy.organisation = other
    with pytest.raises(ValueError, match="another organisation"):
        strategy.save()


def test_an_adopted_version_keeps_the_title_it_was_adopted_with(adopted, strategy):
    Strategy.objects.filter(pk=strategy.pk).update(title="Et helt andet navn")

    version = StrategyVersion.objects.select_related("strategy").get(pk=adopted.pk)
    assert version.printed_title == "Kommunikationspolitik"
    _refused(lambda: StrategyVersion.objects.filter(pk=adopted.pk).update(adopted_title="X"))


def test_a_draft_is_shown_under_the_strategys_current_title(strategy):
    draft = VersionFactory(strategy=strategy, number=1)
    Strategy.objects.filter(pk=strategy.pk).update(title="Nyt navn")

    assert StrategyVersion.objects.get(pk=draft.pk).printed_title == "Nyt navn"


# --- Adoption order ----------------------------------------------------------------


def test_an_older_proposal_cannot_be_adopted_over_a_newer_adopted_version(strategy, comms):
    older = VersionFactory(strategy=strategy, number=2)
    newer = VersionFactory(strategy=strategy, number=3)
    services.version_transition(version=older, actor=comms, to_status=VersionStatus.PROPOSED)
    _adopt(newer, comms)

    with pytest.raises(services.TransitionError) as error:
        services.version_transition(
            version=older, actor=comms, to_status=VersionStatus.ADOPTED, **DECISION
        )

    assert error.value.code == "older"
    assert StrategyVersion.objects.get(pk=newer.pk).status == VersionStatus.ADOPTED
    assert StrategyVersion.objects.get(pk=older.pk).status == VersionStatus.PROPOSED


# --- SQLite keeps its guards when a table is remade ----------------------------------


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's table remake")
def test_every_guarded_table_keeps_its_triggers_after_migrating():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tbl_name, count(*) FROM sqlite_master WHERE type = 'trigger' "
                       "AND name LIKE 'kompas_%' GROUP BY tbl_name")
        triggers = dict(cursor.fetchall())

    for model in CONTENT_MODELS:
        assert triggers.get(model._meta.db_table) == 3, model._meta.db_table


def test_the_pdf_and_page_of_an_adopted_version_carry_its_adopted_title(
    adopted, strategy, client, comms
):
    from django.urls import reverse

    from apps.exports.pdf import strategy_html

    Strategy.objects.filter(pk=strategy.pk).update(title="Et helt andet navn")
    version = StrategyVersion.objects.select_related("strategy__organisation").get(pk=adopted.pk)
    client.force_login(comms)

    html = strategy_html(version)
    page = client.get(reverse("strategies:version_detail", args=[version.pk]))

    assert "<title>Kommunikationspolitik</title>" in html
    assert "<h1>Kommunikationspolitik</h1>" in page.text


def test_an_actions_progress_history_cannot_be_rewritten_or_deleted(organisation, comms):
    from apps.followup.models import ProgressUpdate
    from tests.factories import mark_adopted

    strategy = StrategyFactory(organisation=organisation)
    version = VersionFactory(strategy=strategy, number=1)
    action = sm_action(version)
    mark_adopted(version)
    update = ProgressUpdate.objects.create(
        organisation=organisation, strategy=strategy, lineage=action.lineage, action=action,
        status="in_progress", text="Halvvejs", author=comms,
    )

    _refused(lambda: ProgressUpdate.objects.filter(pk=update.pk).update(text="Færdig"))
    _refused(lambda: ProgressUpdate.objects.filter(pk=update.pk).delete())


def sm_action(version):
    from apps.strategies.models import Action

    return Action.objects.create(version=version, title="Klart sprog i standardbreve")
