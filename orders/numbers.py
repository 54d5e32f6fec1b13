"""Human-readable unique numbers: `DH2611220001` = prefix, local date (yymmdd), day's sequence."""

from django.db import connection
from django.utils import timezone

from orders.models import NumberCounter

ORDER_PREFIX = "DH"  # đơn hàng
PAYMENT_PREFIX = "TT"  # thanh toán

_TAKE = f"UPDATE {NumberCounter._meta.db_table} SET last = last + %s WHERE key = %s RETURNING last"


def allocate_order_numbers(count: int) -> list[str]:
    """Reserves `count` consecutive order numbers of today (Asia/Ho_Chi_Minh).

    One `UPDATE … RETURNING`, run outside the checkout's transaction: the counter row is every
    checkout's hot spot, so its lock lasts one statement. A failed checkout leaves a gap,
    which is harmless: these are references for people, not invoice numbers."""
    key = f"{ORDER_PREFIX}{timezone.localdate():%y%m%d}"
    with connection.cursor() as cursor:
        cursor.execute(_TAKE, [count, key])
        row = cursor.fetchone()
        if row is None:  # the day's first order
            NumberCounter.objects.bulk_create([NumberCounter(key=key)], ignore_conflicts=True)
            cursor.execute(_TAKE, [count, key])
            row = cursor.fetchone()
    last = row[0]
    return [f"{key}{n:04d}" for n in range(last - count + 1, last + 1)]


def payment_number(first_order_number: str) -> str:
    """The payment group takes its first order's number (unique already): TT2611220001."""
    return PAYMENT_PREFIX + first_order_number.removeprefix(ORDER_PREFIX)
