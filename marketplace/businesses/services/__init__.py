"""Every write to businesses (sellers), by topic; callers import from here."""

from marketplace.businesses.services.certificates import (
    OCOP_FIRST_DECISION,
    OCOP_VALIDITY_MONTHS,
    ocop_certificate_add,
)
from marketplace.businesses.services.membership import (
    business_invitation_accept,
    business_invitation_decline,
    business_invitation_revoke,
    business_member_invite,
    business_member_remove,
)
from marketplace.businesses.services.registration import (
    business_approve,
    business_register,
    business_reject,
    business_suspend,
)
from marketplace.businesses.services.terms import (
    business_commission_set,
    business_delivery_fees_set,
)

__all__ = [
    "OCOP_FIRST_DECISION",
    "OCOP_VALIDITY_MONTHS",
    "business_approve",
    "business_commission_set",
    "business_delivery_fees_set",
    "business_invitation_accept",
    "business_invitation_decline",
    "business_invitation_revoke",
    "business_member_invite",
    "business_member_remove",
    "business_register",
    "business_reject",
    "business_suspend",
    "ocop_certificate_add",
]
