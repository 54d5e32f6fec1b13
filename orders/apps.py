from django.apps import AppConfig


class OrdersConfig(AppConfig):
    """Filled by the checkout/orders issue."""

    name = "orders"
    verbose_name = "Đơn hàng"
