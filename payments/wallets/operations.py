"""Writing a wallet operation together with the payment attempt that carries its money, under
one public reference (`VI…`): support, the statement and the gateway all name it the same way."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from payments.attempts import PaymentAttempt
from payments.wallets.core import new_reference
from payments.wallets.models import WalletOperation


def operation_insert(*, attempt_fields: dict | None = None, **fields) -> WalletOperation:
    """Inserts the operation (and, with `attempt_fields`, its attempt) with a fresh reference.
    References are 40 random bits: across millions of operations two will meet, so a taken one
    is drawn again (in a savepoint, the caller's transaction goes on)."""
    for _ in range(5):
        reference = new_reference()
        try:
            with transaction.atomic():
                if attempt_fields is not None:
                    fields["attempt"] = PaymentAttempt.objects.create(reference=reference, **attempt_fields)
                return WalletOperation.objects.create(reference=reference, **fields)
        except IntegrityError as error:
            if "reference" not in str(error):
                raise  # another constraint (the idempotency key): not ours to retry
            continue
    raise RuntimeError("could not allocate a wallet operation reference")
