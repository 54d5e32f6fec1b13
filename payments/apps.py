from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Thanh toán"

    def ready(self):
        from payments.ledger.services import forget_committed_accounts

        # A test database flush (which ends with post_migrate) deletes accounts the ledger
        # remembers as existing.
        post_migrate.connect(forget_committed_accounts, dispatch_uid="payments_forget_committed_accounts")
