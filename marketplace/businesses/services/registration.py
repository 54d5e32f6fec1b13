"""Registration and the trade officer's decisions on a seller."""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.accounts.errors import InvalidEmail
from marketplace.accounts.models import User
from marketplace.accounts.phone import normalize_phone
from marketplace.auth import require_user
from marketplace.businesses.errors import (
    ReasonRequired,
    TaxCodeTaken,
    UnknownCommune,
)
from marketplace.businesses.models import (
    Business,
    BusinessEvent,
    BusinessMember,
)
from marketplace.businesses.permissions import (
    require_impartial_officer,
    require_not_officer,
)
from marketplace.businesses.province import REFUSE, outside_province_problems
from marketplace.businesses.services.events import record_event
from marketplace.businesses.signals import business_status_changed
from marketplace.businesses.tax_code import normalize_tax_code
from marketplace.errors import (
    DomainError,
    InvalidChoice,
    InvalidTransition,
    NotFound,
    Required,
    ValidationFailed,
)
from marketplace.regions.models import Commune
from marketplace.validation import check_text_fields


def _required(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise Required(field=field)
    return value


def business_register(
    *,
    user: User,
    name: str,
    kind: str,
    tax_code: str,
    representative_name: str,
    phone: str,
    address_line: str,
    commune_code: str,
    email: str = "",
) -> Business:
    """A logged-in user registers a seller and becomes its owner; it waits for the officer.
    A seller outside the province (commune or tax office) is refused, or registered with a flag
    the officer sees, per BUSINESS_OUT_OF_PROVINCE."""
    require_user(user)
    require_not_officer(user)
    problems: list[DomainError] = []
    cleaned: dict = {}
    for field, value in (
        ("name", name),
        ("representative_name", representative_name),
        ("address_line", address_line),
    ):
        try:
            cleaned[field] = _required(value, field)
        except DomainError as exc:
            problems.append(exc)
    if kind not in Business.Kind.values:
        problems.append(InvalidChoice(field="kind", choices=Business.Kind.values))
    for field, check in (
        ("tax_code", lambda: normalize_tax_code(tax_code)),
        ("phone", lambda: normalize_phone(phone)),
    ):
        try:
            cleaned[field] = check()
        except DomainError as exc:
            problems.append(exc)
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            problems.append(InvalidEmail(field="email"))
    problems += check_text_fields(Business, {**cleaned, "email": email})
    commune = Commune.objects.filter(pk=(commune_code or "").strip()).first()
    if commune is None:
        problems.append(UnknownCommune(field="commune_code"))
    outside = []
    if commune is not None and "tax_code" in cleaned:
        outside = outside_province_problems(commune=commune, tax_code=cleaned["tax_code"])
        if settings.BUSINESS_OUT_OF_PROVINCE == REFUSE:
            problems += outside
    if problems:
        raise ValidationFailed(problems)
    outside_note = " ".join(str(problem.message) for problem in outside)
    try:
        with transaction.atomic():
            business = Business.objects.create(
                kind=kind,
                commune=commune,
                email=email,
                outside_province=bool(outside),
                outside_province_note=outside_note[:255],
                **cleaned,
            )
            BusinessMember.objects.create(business=business, user=user, role=BusinessMember.Role.OWNER)
            record_event(business, BusinessEvent.Kind.REGISTERED, user, note=outside_note)
    except IntegrityError as exc:
        # The unique constraint decides between two registrations racing for one tax code.
        if Business.objects.filter(tax_code=cleaned["tax_code"]).exists():
            raise TaxCodeTaken(field="tax_code") from exc
        raise
    return business


_ALLOWED = {
    Business.Status.APPROVED: {Business.Status.PENDING, Business.Status.REJECTED, Business.Status.SUSPENDED},
    Business.Status.REJECTED: {Business.Status.PENDING},
    Business.Status.SUSPENDED: {Business.Status.APPROVED},
}
_EVENT_FOR = {
    Business.Status.APPROVED: BusinessEvent.Kind.APPROVED,
    Business.Status.REJECTED: BusinessEvent.Kind.REJECTED,
    Business.Status.SUSPENDED: BusinessEvent.Kind.SUSPENDED,
}


def _change_status(*, officer: User, business_id: int, to: str, reason: str = "") -> Business:
    require_impartial_officer(officer, business_id)
    reason = (reason or "").strip()
    if to != Business.Status.APPROVED and not reason:
        raise ReasonRequired(field="reason")
    with transaction.atomic():
        business = Business.objects.select_for_update(of=("self",)).filter(pk=business_id).first()
        if business is None:
            raise NotFound(field="id")
        if business.status not in _ALLOWED[to]:
            raise InvalidTransition(field="id")
        previous = business.status
        business.status = to
        business.status_reason = reason
        if to == Business.Status.APPROVED:
            business.approved_by, business.approved_at = officer, timezone.now()
        business.save(update_fields=["status", "status_reason", "approved_by", "approved_at", "updated_at"])
        business_status_changed.send(
            sender=Business, business_id=business.pk, seller_approved=to == Business.Status.APPROVED
        )
        record_event(business, _EVENT_FOR[to], officer, from_status=previous, note=reason)
    return business


def business_approve(*, officer: User, business_id: int) -> Business:
    """Pending, rejected (after correction) or suspended sellers can be approved."""
    return _change_status(officer=officer, business_id=business_id, to=Business.Status.APPROVED)


def business_reject(*, officer: User, business_id: int, reason: str) -> Business:
    return _change_status(
        officer=officer, business_id=business_id, to=Business.Status.REJECTED, reason=reason
    )


def business_suspend(*, officer: User, business_id: int, reason: str) -> Business:
    """Hides the seller and all its products from buyers until it is approved again."""
    return _change_status(
        officer=officer, business_id=business_id, to=Business.Status.SUSPENDED, reason=reason
    )


# A pending business has not been checked by the officer yet: it may not recruit people (nobody
# should join, or be pestered by, a shop that may turn out not to exist). A suspended one neither.
