"""Settlement, refunds and payouts in the back office: listed and shown to staff, never edited."""

import pytest
from django.urls import reverse

from payments.settlement.models import OrderSettlement, Payout, PayoutBatch, Refund
from payments.settlement.payouts import payout_run
from payments.settlement.refunds import refund_create
from tests.factories import UserFactory
from tests.payments.settlement.helpers import (
    bank_accounts_for_all,
    committed,
    completed_order,
    owner_of,
    paid_order,
)

pytestmark = pytest.mark.django_db


def test_settlement_pages_are_read_only_and_in_vietnamese(client, monkeypatch):
    from marketplace.accounts.models import User

    bank_accounts_for_all(monkeypatch)
    completed_order(kind="household", price=100_000, delivery="pickup")
    order, _buyer = paid_order(price=50_000, delivery="pickup")
    committed(refund_create, user=owner_of(order), order_id=order.pk, amount=1_000, reason="thiếu")
    payout_run(user=UserFactory(role=User.Role.FINANCE))
    admin = UserFactory(role=User.Role.PLATFORM_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    for model, title in (
        (OrderSettlement, "quyết toán đơn hàng"),
        (Refund, "hoàn tiền"),
        (PayoutBatch, "đợt chi trả"),
        (Payout, "khoản chi trả"),
    ):
        meta = model._meta
        listing = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        assert listing.status_code == 200 and title in listing.content.decode().lower()
        row = model.objects.first()
        page = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk]))
        assert page.status_code == 200
        assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403
        assert 'name="_save"' not in page.content.decode()


def test_a_finance_operator_sees_refunds_and_payouts_in_the_back_office(client):
    from marketplace.accounts.models import User
    from marketplace.accounts.officers import staff_access_sync

    order, _buyer = paid_order(price=50_000, delivery="pickup")
    refund = committed(refund_create, user=owner_of(order), order_id=order.pk, amount=1_000, reason="thiếu")
    client.force_login(staff_access_sync(user=UserFactory(role=User.Role.FINANCE)))
    index = client.get(reverse("admin:index"))
    models = {model["object_name"] for app in index.context["app_list"] for model in app["models"]}
    assert {"OrderSettlement", "Refund", "PayoutBatch", "Payout"} <= models
    assert client.get(reverse("admin:payments_refund_change", args=[refund.pk])).status_code == 200
    assert client.post(reverse("admin:payments_refund_delete", args=[refund.pk])).status_code == 403
