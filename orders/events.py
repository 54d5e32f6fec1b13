from orders.models import Order, OrderEvent


def record(order: Order, to_status: str, *, actor=None, note: str = "") -> OrderEvent:
    """Moves the order to `to_status` and writes the transition (caller holds the order lock)."""
    event = OrderEvent.objects.create(
        order=order, from_status=order.status, to_status=to_status, actor=actor, note=note
    )
    order.status = to_status
    return event
