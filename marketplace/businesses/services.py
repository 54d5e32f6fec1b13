"""Every write to businesses (sellers): registration, the officer's decisions, membership
(by invitation: the invitee accepts)."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.accounts.errors import InvalidEmail
from marketplace.accounts.models import User
from marketplace.accounts.phone import normalize_phone
from marketplace.businesses.errors import (
    AlreadyMember,
    BusinessNotApproved,
    CertificateTaken,
    InvalidCertificate,
    InvalidCommissionRate,
    InvalidDeliveryFee,
    InvitationNotFound,
    LastOwner,
    ReasonRequired,
    TaxCodeTaken,
    TooManyInvitations,
    UnknownCommune,
)
from marketplace.businesses.models import (
    Business,
    BusinessEvent,
    BusinessInvitation,
    BusinessMember,
    OcopCertificate,
    OcopGroup,
)
from marketplace.businesses.permissions import (
    require_impartial_officer,
    require_member,
    require_not_officer,
    require_user,
)
from marketplace.businesses.province import REFUSE, outside_province_problems
from marketplace.businesses.signals import business_status_changed
from marketplace.businesses.tax_code import normalize_tax_code
from marketplace.dates import add_months
from marketplace.errors import (
    DomainError,
    InvalidChoice,
    InvalidTransition,
    NotFound,
    Required,
    ValidationFailed,
)
from marketplace.regions.models import Commune
from marketplace.validation import check_lengths

OCOP_VALIDITY_MONTHS = 36
OCOP_FIRST_DECISION = date(2018, 1, 1)


def _required(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise Required(field=field)
    return value


def _record(business: Business, kind: str, actor, *, from_status: str = "", note: str = "") -> None:
    BusinessEvent.objects.create(
        business=business,
        kind=kind,
        actor=actor,
        from_status=from_status,
        to_status=business.status,
        note=note,
    )


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
    problems += check_lengths(Business, {**cleaned, "email": email})
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
            _record(business, BusinessEvent.Kind.REGISTERED, user, note=outside_note)
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
        _record(business, _EVENT_FOR[to], officer, from_status=previous, note=reason)
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
MAX_PENDING_INVITATIONS = 20


def business_member_invite(
    *, owner: User, business_id: int, phone: str, role: str = BusinessMember.Role.STAFF
) -> BusinessInvitation:
    """The owner invites a phone number as staff or co-owner. The answer is the same whether or
    not the number has an account (or belongs to an officer): the person decides by accepting.
    Inviting a number that already has a pending invitation returns that invitation."""
    require_member(owner, business_id, owner=True)
    if role not in BusinessMember.Role.values:
        raise InvalidChoice(field="role", choices=BusinessMember.Role.values)
    phone = normalize_phone(phone)
    with transaction.atomic():
        business = Business.objects.select_for_update(of=("self",)).get(pk=business_id)
        if not business.is_approved:
            raise BusinessNotApproved(field="business")
        # The owner already sees every member's phone, so saying "already a member" reveals nothing.
        if BusinessMember.objects.filter(business_id=business_id, user__phone=phone).exists():
            raise AlreadyMember(field="phone")
        pending = BusinessInvitation.objects.filter(
            business_id=business_id, status=BusinessInvitation.Status.PENDING
        )
        existing = pending.filter(phone=phone).first()
        if existing is not None:
            return existing
        if pending.count() >= MAX_PENDING_INVITATIONS:
            raise TooManyInvitations(field="phone")
        invitation = BusinessInvitation.objects.create(
            business=business, phone=phone, role=role, invited_by=owner
        )
        _record(business, BusinessEvent.Kind.MEMBER_INVITED, owner, from_status=business.status, note=phone)
    return invitation


def _invitation_for(user: User, invitation_id: int) -> BusinessInvitation:
    """The pending invitation, locked, if it is addressed to this user's phone number."""
    invitation = (
        BusinessInvitation.objects.select_for_update(of=("self",))
        .select_related("business")
        .filter(pk=invitation_id, phone=user.phone, status=BusinessInvitation.Status.PENDING)
        .first()
    )
    if invitation is None:
        raise InvitationNotFound(field="id")
    return invitation


def business_invitation_accept(*, user: User, invitation_id: int) -> BusinessMember:
    """The invitee joins the business. Officers may not belong to a seller, so they are refused
    here, where it is their own account that answers."""
    require_user(user)
    require_not_officer(user, field="id")
    try:
        with transaction.atomic():
            invitation = _invitation_for(user, invitation_id)
            membership = BusinessMember.objects.create(
                business=invitation.business, user=user, role=invitation.role
            )
            invitation.status, invitation.answered_at = BusinessInvitation.Status.ACCEPTED, timezone.now()
            invitation.save(update_fields=["status", "answered_at"])
            _record(
                invitation.business,
                BusinessEvent.Kind.MEMBER_ADDED,
                user,
                from_status=invitation.business.status,
                note=f"{user} ({invitation.role})",
            )
    except IntegrityError as exc:
        raise AlreadyMember(field="id") from exc
    return membership


def business_invitation_decline(*, user: User, invitation_id: int) -> BusinessInvitation:
    require_user(user)
    with transaction.atomic():
        invitation = _invitation_for(user, invitation_id)
        invitation.status, invitation.answered_at = BusinessInvitation.Status.DECLINED, timezone.now()
        invitation.save(update_fields=["status", "answered_at"])
    return invitation


def business_invitation_revoke(*, owner: User, invitation_id: int) -> BusinessInvitation:
    """The owner withdraws an invitation nobody has answered yet."""
    require_user(owner)
    with transaction.atomic():
        invitation = (
            BusinessInvitation.objects.select_for_update(of=("self",))
            .filter(pk=invitation_id, status=BusinessInvitation.Status.PENDING)
            .first()
        )
        if invitation is None:
            raise InvitationNotFound(field="id")
        require_member(owner, invitation.business_id, owner=True)
        invitation.status, invitation.answered_at = BusinessInvitation.Status.REVOKED, timezone.now()
        invitation.save(update_fields=["status", "answered_at"])
    return invitation


def business_member_remove(*, owner: User, business_id: int, user_id: int) -> None:
    require_member(owner, business_id, owner=True)
    with transaction.atomic():
        # Lock the business row so two owners cannot remove each other at the same moment.
        business = Business.objects.select_for_update(of=("self",)).get(pk=business_id)
        membership = BusinessMember.objects.filter(business_id=business_id, user_id=user_id).first()
        if membership is None:
            raise NotFound(field="user")
        if membership.role == BusinessMember.Role.OWNER and (
            BusinessMember.objects.filter(business_id=business_id, role=BusinessMember.Role.OWNER).count()
            == 1
        ):
            raise LastOwner(field="user")
        membership.delete()
        _record(business, BusinessEvent.Kind.MEMBER_REMOVED, owner, note=str(user_id))


def ocop_certificate_add(
    *, user: User, business_id: int, number: str, product_name: str, group: str, stars: int, issued_on: date
) -> OcopCertificate:
    """Recorded by the business's owner or an officer; valid 36 months from the decision."""
    if not (user and user.is_authenticated and user.is_trade_officer):
        require_member(user, business_id, owner=True)
    business = Business.objects.filter(pk=business_id).first()
    if business is None:
        raise NotFound(field="business")
    number, product_name = (number or "").strip(), (product_name or "").strip()
    problems: list[DomainError] = check_lengths(
        OcopCertificate, {"number": number, "product_name": product_name}
    )
    if stars not in (3, 4, 5):
        problems.append(InvalidCertificate(field="stars"))
    if group not in OcopGroup.values:
        problems.append(InvalidChoice(field="group", choices=OcopGroup.values))
    for field, value in (("number", number), ("product_name", product_name)):
        if not value:
            problems.append(Required(field=field))
    # The programme started in 2018; a decision cannot be dated in the future.
    if not OCOP_FIRST_DECISION <= issued_on <= timezone.localdate():
        problems.append(InvalidCertificate(field="issued_on"))
    if problems:
        raise ValidationFailed(problems)
    try:
        with transaction.atomic():
            certificate = OcopCertificate.objects.create(
                business=business,
                number=number,
                product_name=product_name,
                group=group,
                stars=stars,
                issued_on=issued_on,
                expires_on=add_months(issued_on, OCOP_VALIDITY_MONTHS),
            )
            _record(business, BusinessEvent.Kind.CERTIFICATE_ADDED, user, note=str(certificate))
    except IntegrityError as exc:
        raise CertificateTaken(field="number") from exc
    return certificate


MAX_DELIVERY_FEE_VND = 5_000_000


def business_commission_set(*, officer: User, business_id: int, rate_bps: int | None) -> Business:
    """The trade officer overrides the platform's commission for one seller (None: default).
    Orders keep the rate they were placed with."""
    require_impartial_officer(officer, business_id)
    if rate_bps is not None and (isinstance(rate_bps, bool) or not 0 <= rate_bps <= 10_000):
        raise InvalidCommissionRate(field="rate_bps")
    with transaction.atomic():
        business = Business.objects.select_for_update(of=("self",)).filter(pk=business_id).first()
        if business is None:
            raise NotFound(field="id")
        previous = business.commission_rate_bps
        business.commission_rate_bps = rate_bps
        business.save(update_fields=["commission_rate_bps", "updated_at"])
        _record(
            business,
            BusinessEvent.Kind.COMMISSION_CHANGED,
            officer,
            from_status=business.status,
            note=f"{previous} → {rate_bps} bps",
        )
    return business


def business_delivery_fees_set(
    *, user: User, business_id: int, seller_fee: int | None, post_fee: int | None
) -> Business:
    """An owner sets what delivering its orders costs the buyer (None: the platform default)."""
    require_member(user, business_id, owner=True)
    problems = [
        InvalidDeliveryFee(field=field)
        for field, fee in (("seller_fee", seller_fee), ("post_fee", post_fee))
        if fee is not None and (isinstance(fee, bool) or not 0 <= fee <= MAX_DELIVERY_FEE_VND)
    ]
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        business = Business.objects.select_for_update(of=("self",)).get(pk=business_id)
        business.delivery_fee_seller, business.delivery_fee_post = seller_fee, post_fee
        business.save(update_fields=["delivery_fee_seller", "delivery_fee_post", "updated_at"])
        _record(
            business,
            BusinessEvent.Kind.DELIVERY_FEES_CHANGED,
            user,
            from_status=business.status,
            note=f"{seller_fee} / {post_fee}",
        )
    return business
