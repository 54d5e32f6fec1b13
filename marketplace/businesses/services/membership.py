"""Membership by invitation: the owner invites a phone number, the invitee accepts."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.accounts.phone import normalize_phone
from marketplace.auth import require_user
from marketplace.businesses.errors import (
    AlreadyMember,
    BusinessNotApproved,
    InvitationNotFound,
    LastOwner,
    TooManyInvitations,
)
from marketplace.businesses.models import (
    Business,
    BusinessEvent,
    BusinessInvitation,
    BusinessMember,
)
from marketplace.businesses.permissions import (
    require_member,
    require_not_officer,
)
from marketplace.businesses.services.events import record_event
from marketplace.errors import (
    InvalidChoice,
    NotFound,
)

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
            # Inviting again is how an owner corrects the role: the invitation says what was
            # asked last, so a mistaken "co-owner" cannot be accepted after the fix.
            if existing.role != role:
                existing.role = role
                existing.save(update_fields=["role"])
            return existing
        if pending.count() >= MAX_PENDING_INVITATIONS:
            raise TooManyInvitations(field="phone")
        invitation = BusinessInvitation.objects.create(
            business=business, phone=phone, role=role, invited_by=owner
        )
        record_event(
            business, BusinessEvent.Kind.MEMBER_INVITED, owner, from_status=business.status, note=phone
        )
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
            if not invitation.business.is_approved:  # suspended since it invited
                raise BusinessNotApproved(field="id")
            membership = BusinessMember.objects.create(
                business=invitation.business, user=user, role=invitation.role
            )
            invitation.status, invitation.answered_at = BusinessInvitation.Status.ACCEPTED, timezone.now()
            invitation.save(update_fields=["status", "answered_at"])
            record_event(
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
        record_event(business, BusinessEvent.Kind.MEMBER_REMOVED, owner, note=str(user_id))
