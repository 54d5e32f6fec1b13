"""OCOP certificates a seller attaches to its products."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.businesses.errors import (
    CertificateTaken,
    InvalidCertificate,
)
from marketplace.businesses.models import (
    Business,
    BusinessEvent,
    OcopCertificate,
    OcopGroup,
)
from marketplace.businesses.permissions import (
    require_member,
)
from marketplace.businesses.services.events import record_event
from marketplace.dates import add_months
from marketplace.errors import (
    DomainError,
    InvalidChoice,
    NotFound,
    Required,
    ValidationFailed,
)
from marketplace.validation import check_text_fields

OCOP_VALIDITY_MONTHS = 36
OCOP_FIRST_DECISION = date(2018, 1, 1)


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
    problems: list[DomainError] = check_text_fields(
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
            record_event(business, BusinessEvent.Kind.CERTIFICATE_ADDED, user, note=str(certificate))
    except IntegrityError as exc:
        raise CertificateTaken(field="number") from exc
    return certificate
