"""Who did what to a business, and when: every service below records it."""

from marketplace.businesses.models import (
    Business,
    BusinessEvent,
)


def record_event(business: Business, kind: str, actor, *, from_status: str = "", note: str = "") -> None:
    BusinessEvent.objects.create(
        business=business,
        kind=kind,
        actor=actor,
        from_status=from_status,
        to_status=business.status,
        note=note,
    )
