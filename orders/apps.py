from django.apps import AppConfig


class OrdersConfig(AppConfig):
    """Filled by the checkout/orders issue."""

    name = "orders"
    verbose_name = "Đơn hàng"

    def ready(self):
        from marketplace.accounts.signals import user_signed_in
        from orders.services.checkout import checkout_merge_on_sign_in

        user_signed_in.connect(checkout_merge_on_sign_in, dispatch_uid="orders.checkout_merge_on_sign_in")
