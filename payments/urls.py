"""Callbacks from payment gateways and wallet statement files, under /payments/ (marketplace/urls.py)."""

from django.urls import include, path

from payments.vnpay import views as vnpay_views

app_name = "payments"
urlpatterns = [
    path("vnpay/ipn/", vnpay_views.vnpay_ipn, name="vnpay-ipn"),
    path("vnpay/return/", vnpay_views.vnpay_return, name="vnpay-return"),
    path("momo/", include("payments.momo.urls")),
    # wallets: statement files (.csv, .xlsx)
    path("wallets/", include("payments.wallets.urls")),
]
