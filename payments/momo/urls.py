"""MoMo's callbacks, included under /payments/momo/ (payments/urls.py)."""

from django.urls import path

from payments.momo import views

app_name = "momo"
urlpatterns = [
    path("ipn/", views.momo_ipn, name="ipn"),
    path("return/", views.momo_return, name="return"),
]
