"""Starting (or starting again) the payment of a payment group, whatever its method: the
provider says what the buyer does next (open a page, scan a QR, follow instructions)."""

from __future__ import annotations

import inspect
import ipaddress

from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.errors import PermissionDenied
from orders.errors import PaymentGroupNotFound, PaymentMethodUnavailable
from orders.models import PaymentGroup
from orders.providers import PaymentStart, provider_for
from orders.selectors import orders_visible_to, sees_whole_payment_group
from payments.errors import PaymentGroupNotPayable


def payment_group_get(*, user, group_id: int, checkout_ids=()) -> PaymentGroup | None:
    """A group whoever may read at least one of its orders may read (a seller: only its part,
    which PaymentGroupType enforces field by field)."""
    group = PaymentGroup.objects.filter(pk=group_id).first()
    if group is None:
        return None
    if not orders_visible_to(user, checkout_ids=checkout_ids).filter(payment_group_id=group.pk).exists():
        return None
    return group


def payment_start(
    *, user, group_id: int, checkout_ids=(), payer_ip: str | None = None
) -> tuple[PaymentGroup, PaymentStart]:
    """Only its buyer (or the holder of its cart's token) may start a group's payment, and only
    while it awaits payment; officers and finance operators, who read the whole group, are told
    they may not. No lock is held: the provider may call a gateway, and every provider's start
    is idempotent while an attempt is live."""
    group = payment_group_get(user=user, group_id=group_id, checkout_ids=checkout_ids)
    if group is None:
        raise PaymentGroupNotFound(field="payment_group_id")
    is_buyer = group.checkout_id in set(checkout_ids) or (
        user is not None and user.is_authenticated and group.buyer_id == user.pk
    )
    if not is_buyer:
        if sees_whole_payment_group(user, group, checkout_ids=checkout_ids):
            message = _("Cán bộ và kế toán nền tảng chỉ xem lần thanh toán, không thanh toán thay người mua.")
        else:
            message = _("Chỉ người mua (hoặc người giữ mã giỏ hàng) mới bắt đầu thanh toán được.")
        raise PermissionDenied(message, field="payment_group_id")
    expired = group.expires_at is not None and group.expires_at <= timezone.now()
    if group.status != PaymentGroup.Status.AWAITING_PAYMENT or expired:
        raise PaymentGroupNotPayable(field="payment_group_id")
    provider = provider_for(group.method)
    if provider is None or not provider.prepaid:
        raise PaymentMethodUnavailable(field="payment_group_id")
    if "payer_ip" in inspect.signature(provider.start).parameters:
        return group, provider.start(group, payer_ip=_valid_ip(payer_ip))
    return group, provider.start(group)


def _valid_ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None
