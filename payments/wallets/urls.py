"""A wallet's statement files, under /payments/wallets/ (payments/urls.py)."""

from django.urls import re_path

from payments.wallets import views

urlpatterns = [
    re_path(
        r"^(?P<wallet_id>[0-9]{1,18})/statement\.(?P<fmt>xlsx|csv)$",
        views.wallet_statement_file,
        name="wallet-statement-file",
    ),
]
