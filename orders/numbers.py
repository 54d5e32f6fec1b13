"""Human-readable unique numbers: `DH2611220001` = prefix, local date (yymmdd), day's sequence."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from orders.models import NumberCounter

ORDER_PREFIX = "DH"  # đơn hàng
PAYMENT_PREFIX = "TT"  # thanh toán


def allocate_numbers(prefix: str, count: int) -> list[str]:
    """Reserves `count` consecutive numbers of today (Asia/Ho_Chi_Minh).

    Called outside the checkout's transaction: the counter row is every checkout's hot spot, so
    its lock is held only for this short transaction. A failed checkout leaves a gap, which is
    harmless (these are references, not invoice numbers)."""
    key = f"{prefix}{timezone.localdate():%y%m%d}"
    with transaction.atomic():
        NumberCounter.objects.bulk_create([NumberCounter(key=key)], ignore_conflicts=True)
        NumberCounter.objects.filter(key=key).update(last=F("last") + count)
        last = NumberCounter.objects.values_list("last", flat=True).get(key=key)
    return [f"{key}{n:04d}" for n in range(last - count + 1, last + 1)]
