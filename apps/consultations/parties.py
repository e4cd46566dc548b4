"""Outside parties (høringsparter) and answers given without an account.

A party is invited by e-mail address and answers by a personal signed link; anyone
may answer a public consultation from its public page. Either way the answer is a
comment like any other, written by a Respondent (name, organisation, contact) who
accepted that the answer is published, optionally with a PDF letter.

A link names the party and a nonce, signed (tamper-proof) and dated: it stops working
when the invitation is withdrawn (or sent again, with a new nonce), after
PARTY_LINK_MAX_AGE, and comments close at the deadline whatever the link says.
"""

import uuid

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.strategies.compare import item_label
from apps.strategies.models import StrategyVersion, VersionStatus

from . import party_mail, permissions
from .deadlines import consultation_of, is_open
from .models import (
    COMMENT_MAX_CHARS,
    COMMENTS_PER_PERSON_MAX,
    Comment,
    ConsultationParty,
    Respondent,
)

PARTY_SALT = "kompas.consultations.party"
# A link older than this is refused even if the consultation is still open: a new
# invitation gives a new one.
PARTY_LINK_MAX_AGE = 60 * 60 * 24 * 180
PARTIES_PER_INVITE_MAX = 500
LETTER_MAX_BYTES = 10 * 1024 * 1024
NAME_MAX_CHARS = 200


# --- Links -------------------------------------------------------------------------


def party_token(party: ConsultationParty) -> str:
    return signing.dumps({"p": party.pk, "n": str(party.nonce)}, salt=PARTY_SALT)


def party_url(party: ConsultationParty) -> str:
    from apps.notifications.mail import absolute

    return absolute(reverse("hoering:party", args=[party_token(party)]))


def party_from_token(token: str) -> ConsultationParty | None:
    """The party a link names, or None when it is forged, too old or withdrawn."""
    try:
        value = signing.loads(token, salt=PARTY_SALT, max_age=PARTY_LINK_MAX_AGE)
        pk, nonce = int(value["p"]), uuid.UUID(value["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return (
        ConsultationParty.objects.filter(pk=pk, nonce=nonce, withdrawn_at__isnull=True)
        .select_related("version__strategy__organisation", "version__consultation")
        .first()
    )


def public_version(key) -> StrategyVersion | None:
    """The version of a public consultation, by its public key, while it is one."""
    try:
        key = uuid.UUID(str(key))
    except ValueError:
        return None
    return (
        StrategyVersion.objects.filter(
            consultation__public_key=key, consultation__public=True,
            status=VersionStatus.CONSULTATION,
        )
        .select_related("strategy__organisation", "consultation")
        .first()
    )


# --- Inviting ----------------------------------------------------------------------


def parse_parties(text: str) -> list[tuple[str, str]]:
    """Lines of "address" or "address, name" (or "name <address>") as (address, name).
    Raises ValidationError naming every line that is not an e-mail address."""
    entries, bad = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if "<" in line and line.endswith(">"):
            name, _sep, address = line[:-1].rpartition("<")
            address, name = address.strip(), name.strip(" ,;\"")
        else:
            address, _sep, name = (part.strip() for part in line.replace(";", ",").partition(","))
        try:
            validate_email(address)
        except ValidationError:
            bad.append(str(number))
            continue
        entries.append((address.lower(), name[:NAME_MAX_CHARS]))
    if bad:
        raise ValidationError(
            {"parties": _("These lines are not e-mail addresses: %(lines)s.")
             % {"lines": ", ".join(bad)}},
            code="invalid",
        )
    return entries


@transaction.atomic
def parties_invite(*, version: StrategyVersion, actor, entries) -> list[ConsultationParty]:
    """Invite outside parties by e-mail address; each gets a mail with a personal link
    once this commits. Inviting a withdrawn party again gives it a new link."""
    locked = StrategyVersion.objects.select_for_update(of=("self",)).select_related(
        "strategy__organisation"
    ).get(pk=version.pk)
    if not permissions.can_manage(actor, locked):
        raise PermissionDenied
    if locked.status != VersionStatus.CONSULTATION:
        raise ValidationError(
            _("Outside parties can be invited while the version is in consultation."),
            code="status",
        )
    entries = list(dict(entries).items())
    if not entries:
        raise ValidationError(
            {"parties": _("Enter at least one e-mail address.")}, code="empty"
        )
    if len(entries) > PARTIES_PER_INVITE_MAX:
        raise ValidationError(
            {"parties": _("At most %(limit)d parties can be invited at a time.")
             % {"limit": PARTIES_PER_INVITE_MAX}},
            code="too_many",
        )
    existing = {
        party.email: party
        for party in ConsultationParty.objects.filter(
            version=locked, email__in=[email for email, _name in entries]
        )
    }
    invited = []
    for email, name in entries:
        party = existing.get(email)
        if party is None:
            party = ConsultationParty.objects.create(
                version=locked, email=email, name=name, invited_by=actor
            )
        elif party.is_withdrawn:
            party.withdrawn_at, party.withdrawn_by, party.mailed_at = None, None, None
            party.nonce, party.invited_by, party.name = uuid.uuid4(), actor, name or party.name
            party.save()
        else:
            continue
        invited.append(party)
    if invited:
        audit_record(
            organisation=locked.strategy.organisation, actor=actor,
            verb="consultation.invite_parties", obj=locked, version=locked,
            data={"parties": [party.pk for party in invited]},
        )
        ids = [party.pk for party in invited]
        transaction.on_commit(lambda: [party_mail.party_mail_send(party_id=pk) for pk in ids])
    return invited


@transaction.atomic
def party_withdraw(*, party: ConsultationParty, actor) -> ConsultationParty:
    """Withdraw an invitation: its link stops working at once. Answers already given
    stay in the consultation."""
    party = ConsultationParty.objects.select_for_update().select_related(
        "version__strategy__organisation"
    ).get(pk=party.pk)
    if not permissions.can_manage(actor, party.version):
        raise PermissionDenied
    if party.is_withdrawn:
        return party
    party.withdrawn_at, party.withdrawn_by = timezone.now(), actor
    party.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_record(
        organisation=party.version.strategy.organisation, actor=actor,
        verb="consultation.withdraw_party", obj=party.version, version=party.version,
        data={"party": party.pk, "email": party.email},
    )
    return party


# --- Answering ---------------------------------------------------------------------


def check_letter(upload) -> None:
    """A letter is a PDF (by its name, its declared type and its first bytes) of at most
    LETTER_MAX_BYTES."""
    if upload.size > LETTER_MAX_BYTES:
        raise ValidationError(
            {"letter": _("The letter can be at most %(limit)d MB; this one is %(size).1f MB.")
             % {"limit": LETTER_MAX_BYTES // (1024 * 1024), "size": upload.size / (1024 * 1024)}},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if not upload.name.lower().endswith(".pdf") or head != b"%PDF-":
        raise ValidationError(
            {"letter": _("The letter must be a PDF file. Save it as PDF and upload it again.")},
            code="type",
        )


@transaction.atomic
def answer_without_account(
    *, version: StrategyVersion, party: ConsultationParty | None = None, name: str,
    organisation: str = "", contact: str, accepted_notice: bool, target_model=None,
    target_id=None, text: str = "", letter=None,
) -> Comment:
    """A høringssvar from an invited party (by its link) or, in a public consultation,
    from anyone. It closes with the deadline like every comment."""
    from .services import _document_rank, _lock, _target_row, _too_long, content_model

    locked = _lock(version)
    if party is not None:
        party = ConsultationParty.objects.select_for_update().get(pk=party.pk)
        if party.version_id != locked.pk or party.is_withdrawn:
            raise PermissionDenied
    else:
        consultation = consultation_of(locked)
        if consultation is None or not consultation.public:
            raise PermissionDenied
    if not is_open(locked):
        raise ValidationError(
            _("The consultation is closed: answers could be given until the deadline."),
            code="closed",
        )
    name, organisation = (name or "").strip(), (organisation or "").strip()
    contact, text = (contact or "").strip(), (text or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Enter your name.")
    if not contact:
        errors["contact"] = _("Enter an e-mail address we can reach you at.")
    else:
        try:
            validate_email(contact)
        except ValidationError:
            errors["contact"] = _("Enter an e-mail address, like name@example.dk.")
    if not accepted_notice:
        errors["accept_notice"] = _(
            "Accept that your answer is published with your name before you send it."
        )
    if not text and letter is None:
        errors["text"] = _("Write your answer, or upload it as a PDF letter.")
    elif len(text) > COMMENT_MAX_CHARS:
        errors["text"] = _too_long(COMMENT_MAX_CHARS, len(text))
    if letter is not None:
        try:
            check_letter(letter)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if party is not None:
        made = Comment.objects.filter(version=locked, respondent__party=party).count()
        if made >= COMMENTS_PER_PERSON_MAX:
            raise ValidationError(
                _("%(limit)d answers have been given by this link, which is the most one "
                  "party can give. Write to the communications department instead.")
                % {"limit": COMMENTS_PER_PERSON_MAX},
                code="too_many",
            )

    target_type, label, order = "", "", 0
    if target_model or target_id is not None:
        row = _target_row(locked, content_model(target_model), target_id)
        target_type = type(row)._meta.model_name
        with translation.override(locked.language):
            label = f"{capfirst(type(row)._meta.verbose_name)}: {item_label(row)}"[:300]
        order = _document_rank(type(row), row, locked)

    respondent = Respondent(
        version=locked, party=party, name=name[:NAME_MAX_CHARS],
        organisation=organisation[:NAME_MAX_CHARS], contact=contact,
        accepted_notice_at=timezone.now(),
    )
    if letter is not None:
        respondent.letter_name = letter.name[-255:]
        respondent.letter.save(f"{uuid.uuid4().hex}.pdf", letter, save=False)
    respondent.save()
    author = f"{name} ({organisation})" if organisation else name
    comment = Comment.objects.create(
        version=locked, author=None, author_name=author[:200], respondent=respondent,
        target_type=target_type, target_id=target_id if target_type else None,
        target_label=label, target_order=order, text=text,
    )
    audit_record(
        organisation=locked.strategy.organisation, actor=None,
        verb="consultation.answer_without_account", obj=comment, version=locked,
        data={"party": party.pk if party else None, "public": party is None,
              "target": comment.target_key, "letter": bool(letter)},
    )
    return comment
