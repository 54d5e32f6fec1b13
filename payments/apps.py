from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    """Filled by the payments issue."""

    name = "payments"
    verbose_name = "Thanh toán"
