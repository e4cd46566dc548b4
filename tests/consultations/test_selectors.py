from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.consultations import services
from apps.consultations.models import Outcome
from apps.consultations.selectors import consultation_summary


def _comment(version, actor, target=None, text="En kommentar."):
    return services.comment_create(
        version=version, actor=actor,
        target_model=type(target) if target is not None else None,
        target_id=target.pk if target is not None else None, text=text,
    )


def test_summary_lists_comments_answers_outcomes_and_counts(
    consultation, section, duty, invited, comms
):
    on_duty = _comment(consultation, invited, duty, "Pligten er uklar.")
    on_section = _comment(consultation, invited, section, "Nævn sociale medier.")
    on_document = _comment(consultation, invited, None, "Godt dokument.")
    services.comment_answer(comment=on_section, actor=comms, response="Enig.",
                            outcome=Outcome.ACCEPTED, resulting_change="Tilføjet.")
    services.comment_answer(comment=on_duty, actor=comms, response="Nej.",
                            outcome=Outcome.NOT_ACCEPTED)

    summary = consultation_summary(consultation)

    assert [group["comments"] for group in summary["groups"]] == [
        [on_document], [on_section], [on_duty],
    ]
    assert summary["groups"][0]["is_document"]
    assert (summary["total"], summary["answered"]) == (3, 2)
    assert summary["counts"] == {
        "accepted": 1, "partly": 0, "not_accepted": 1, "noted": 0, "unanswered": 1,
    }
    assert summary["invited_people"] == [invited]


def test_summary_query_count_does_not_grow_with_comments(
    consultation, section, duty, invited, comms
):
    _comment(consultation, invited, section)
    consultation_summary(consultation)
    with CaptureQueriesContext(connection) as few:
        consultation_summary(consultation)
    for n in range(10):
        comment = _comment(consultation, invited, duty, f"Kommentar {n}")
        services.comment_answer(comment=comment, actor=comms, response="Tak.",
                                outcome=Outcome.NOTED)

    with CaptureQueriesContext(connection) as many:
        consultation_summary(consultation)

    assert len(many) == len(few)
