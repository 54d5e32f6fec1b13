"""Wallets in the back office: finance operators only, in Vietnamese; freezing and
unfreezing go through the services with a reason written on an intermediate page."""

import pytest
from django.test import Client
from django.urls import reverse

from marketplace.accounts.models import User
from marketplace.accounts.officers import staff_access_sync
from payments.wallets.models import Wallet, WalletAudit, WalletOperation
from tests.factories import PASSWORD, OfficerFactory, UserFactory
from tests.payments.wallets.identity_helpers import identity_settings, wallet_with_pin
from tests.test_admin_vietnamese import english_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _identity(settings):
    identity_settings(settings)


@pytest.fixture
def operator_browser():
    operator = staff_access_sync(user=UserFactory(role=User.Role.FINANCE))
    browser = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    browser.post(reverse("admin:login"), {"username": operator.phone, "password": PASSWORD})
    browser.operator = operator
    return browser


def test_the_wallet_pages_are_vietnamese_and_never_show_the_pin_or_the_id_number(operator_browser):
    wallet = wallet_with_pin()
    operation = WalletOperation.objects.create(
        wallet=wallet, kind="top_up", status="pending", amount=50_000, reference="VI0000000001"
    )
    pages = [
        reverse("admin:payments_walletoperation_change", args=[operation.pk]),
        reverse("admin:payments_wallet_changelist"),
        reverse("admin:payments_wallet_change", args=[wallet.pk]),
        reverse("admin:payments_walletaudit_changelist"),
        reverse("admin:payments_walletoperation_changelist"),
    ]
    assert {page: english_in(operator_browser.get(page)) for page in pages} == {page: [] for page in pages}
    html = operator_browser.get(reverse("admin:payments_wallet_change", args=[wallet.pk])).content.decode()
    assert wallet.pin_hash not in html and wallet.id_number_digest not in html
    assert wallet.phone in html  # the operator sees the number to call the owner


def test_an_operator_freezes_with_a_reason_asked_on_a_page_of_its_own(operator_browser):
    wallet = wallet_with_pin()
    changelist = reverse("admin:payments_wallet_changelist")
    asked = operator_browser.post(changelist, {"action": "freeze", "_selected_action": [wallet.pk]})
    assert asked.status_code == 200 and "Lý do" in asked.content.decode()
    assert not Wallet.objects.get(pk=wallet.pk).is_frozen

    done = operator_browser.post(
        changelist,
        {
            "action": "freeze",
            "_selected_action": [wallet.pk],
            "apply": "1",
            "reason": "Nghi lừa đảo, hồ sơ 7",
        },
    )

    assert done.status_code == 302
    frozen = Wallet.objects.get(pk=wallet.pk)
    assert frozen.frozen_by_operator and frozen.frozen_reason == "Nghi lừa đảo, hồ sơ 7"
    assert (
        WalletAudit.objects.get(wallet=wallet, action="frozen_by_operator").actor == operator_browser.operator
    )
    operator_browser.post(
        changelist,
        {"action": "unfreeze", "_selected_action": [wallet.pk], "apply": "1", "reason": "Đã xác minh"},
    )
    assert not Wallet.objects.get(pk=wallet.pk).is_frozen


def test_officers_and_sellers_do_not_see_wallets(client):
    wallet_with_pin()
    officer = staff_access_sync(user=OfficerFactory())
    client.force_login(officer)
    assert client.get(reverse("admin:payments_wallet_changelist")).status_code == 403
    assert "Ví điện tử" not in client.get(reverse("admin:index")).content.decode()


def _pending_withdrawals(count: int):
    from payments.wallets.withdrawals import wallet_withdraw
    from tests.payments.wallets.factories import PIN as TRANSFERS_PIN
    from tests.payments.wallets.test_withdrawals import with_bank_account

    wallet = with_bank_account(balance=1_000_000)
    return wallet, [
        wallet_withdraw(user=wallet.user, amount=100_000, pin=TRANSFERS_PIN, idempotency_key=f"w-{i}")
        for i in range(count)
    ]


def test_an_operator_marks_one_withdrawal_paid_with_its_bank_reference(operator_browser):
    _wallet, (first, second) = _pending_withdrawals(2)
    changelist = reverse("admin:payments_walletoperation_changelist")
    both = operator_browser.post(
        changelist, {"action": "withdrawal_paid", "_selected_action": [first.pk, second.pk]}, follow=True
    )
    assert "Chọn đúng một lệnh rút" in both.content.decode()
    asked = operator_browser.post(changelist, {"action": "withdrawal_paid", "_selected_action": [first.pk]})
    assert "Mã giao dịch ngân hàng" in asked.content.decode()

    operator_browser.post(
        changelist,
        {"action": "withdrawal_paid", "_selected_action": [first.pk], "apply": "1", "reason": "FT2612010001"},
    )

    first.refresh_from_db()
    assert first.status == "completed" and first.bank_account["bank_reference"] == "FT2612010001"


def test_an_operator_rejects_withdrawals_with_a_reason_and_the_money_returns(operator_browser):
    wallet, operations = _pending_withdrawals(2)
    operator_browser.post(
        reverse("admin:payments_walletoperation_changelist"),
        {
            "action": "withdrawal_rejected",
            "_selected_action": [op.pk for op in operations],
            "apply": "1",
            "reason": "Sai số tài khoản",
        },
    )
    assert set(WalletOperation.objects.filter(wallet=wallet).values_list("status", flat=True)) == {"rejected"}
    wallet.account.refresh_from_db()
    assert wallet.account.available == 1_000_000
