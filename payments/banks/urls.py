"""Bank pages under /payments/: the printable shop QR and the bank-notification webhook."""

from django.urls import path

from payments.banks.views import shop_qr_page
from payments.banktransfer.webhook import bank_webhook

urlpatterns = [
    path("shop-qr/<int:business_id>/", shop_qr_page, name="payments-shop-qr"),
    path("bank/webhook/", bank_webhook, name="payments-bank-webhook"),
]
