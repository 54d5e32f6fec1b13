"""Order notifications through pluggable backends (ORDER_NOTIFICATION_BACKENDS).

Queued in the order's outbox inside the transaction, one row per order and backend, and sent
after the commit; a failing backend is logged and retried, and never undoes an order."""

import logging
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notification:
    event: str  # placed, paid, confirmed, shipped, cancelled
    order_number: str
    subject: str
    body: str
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)


class NotificationBackend(ABC):
    @abstractmethod
    def send(self, notification: Notification) -> None: ...


class ConsoleBackend(NotificationBackend):
    """Development default: the message in the log."""

    def send(self, notification: Notification) -> None:
        logger.info(
            "[%s] %s → %s",
            notification.event,
            notification.subject,
            notification.phones + notification.emails,
        )


class EmailBackend(NotificationBackend):
    def send(self, notification: Notification) -> None:
        if notification.emails:
            send_mail(notification.subject, notification.body, None, notification.emails)


class SmsBackend(NotificationBackend):
    """Subclass with a provider's API call; messages are short enough for one or two SMS."""

    def send(self, notification: Notification) -> None:
        for phone in notification.phones:
            self.send_sms(phone=phone, text=notification.subject)

    @abstractmethod
    def send_sms(self, *, phone: str, text: str) -> None: ...


class MemoryBackend(NotificationBackend):
    """For tests: keeps what was sent in `MemoryBackend.outbox`."""

    outbox: list[Notification] = []

    def send(self, notification: Notification) -> None:
        MemoryBackend.outbox.append(notification)


_SUBJECTS = {
    "placed": _("Đơn hàng %(number)s đã được đặt"),
    "paid": _("Đơn hàng %(number)s đã được thanh toán"),
    "confirmed": _("Người bán đã xác nhận đơn hàng %(number)s"),
    "shipped": _("Đơn hàng %(number)s đang được giao"),
    "cancelled": _("Đơn hàng %(number)s đã bị huỷ"),
}
# Who hears of each event: the buyer, the seller, or both.
_AUDIENCE = {
    "placed": ("buyer", "seller"),
    "paid": ("buyer", "seller"),
    "confirmed": ("buyer",),
    "shipped": ("buyer",),
    "cancelled": ("buyer", "seller"),
}


def _build(event: str, order) -> Notification:
    subject = _SUBJECTS[event] % {"number": order.number}
    body = (
        subject
        + "\n"
        + _("Tổng tiền: %(total)s đ. Người bán: %(seller)s.")
        % {
            "total": f"{order.total:,}".replace(",", "."),
            "seller": order.business.name,
        }
    )
    if event == "shipped" and order.tracking_number:
        body += "\n" + _("Vận chuyển: %(carrier)s, mã vận đơn %(tracking)s.") % {
            "carrier": order.carrier,
            "tracking": order.tracking_number,
        }
    if event == "cancelled" and order.cancel_reason:
        body += "\n" + _("Lý do: %(reason)s") % {"reason": order.cancel_reason}
    phones, emails = [], []
    if "buyer" in _AUDIENCE[event]:
        phones.append(order.recipient_phone)
        emails.append(order.buyer_email)
    if "seller" in _AUDIENCE[event]:
        phones.append(order.business.phone)
        emails.append(order.business.email)
    return Notification(
        event=event,
        order_number=order.number,
        subject=subject,
        body=body,
        phones=[p for p in phones if p],
        emails=[e for e in emails if e],
    )


def notify_on_commit(event: str, orders) -> None:
    """Queues one notification per order and backend, built now (inside the transaction) and
    sent after the commit through the order outbox."""
    from orders.models import SideEffect
    from orders.services.outbox import side_effects_add

    side_effects_add(
        [
            SideEffect(
                kind=SideEffect.Kind.NOTIFY,
                key=f"{event}:{order.number}:{backend}"[:255],
                payload={"backend": backend, **asdict(_build(event, order))},
            )
            for order in orders
            for backend in settings.ORDER_NOTIFICATION_BACKENDS
        ]
    )
