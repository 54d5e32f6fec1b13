"""Opening a payment attempt: the reference a gateway or a bank transfer carries back."""

import secrets

from django.db import IntegrityError, transaction

from orders.models import PaymentGroup
from payments.attempts import PaymentAttempt

# No 0/O, 1/I: buyers copy the reference into a bank transfer's purpose by hand.
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def attempt_reference(group: PaymentGroup) -> str:
    """`TT2612010001` + 4 random characters: unique per attempt, ≤ 25 characters (the VietQR
    purpose limit), only [A-Z0-9] (what VNPay's TxnRef and every bank's memo field accept)."""
    return group.number + "".join(secrets.choice(_ALPHABET) for _ in range(4))


def attempt_create(*, group: PaymentGroup, method: str, payer_ip: str | None = None) -> PaymentAttempt:
    """A new attempt for the group's whole amount. The caller checks the group may be paid."""
    for _ in range(5):
        try:
            with transaction.atomic():
                return PaymentAttempt.objects.create(
                    group=group,
                    method=method,
                    reference=attempt_reference(group),
                    amount=group.amount,
                    payer_ip=payer_ip or None,
                )
        except IntegrityError:  # one in a million: the random suffix was taken
            continue
    raise RuntimeError("could not allocate a payment reference")
