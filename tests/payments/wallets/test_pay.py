"""walletPay: the buyer pays a wallet-method payment group from their wallet with the PIN,
once, within the balance and the monthly cap; nobody else can, and nothing odd is a 500."""

import pytest
from django.utils import timezone

from orders.models import Order, PaymentGroup
from payments.attempts import PaymentAttempt
from payments.ledger.models import JournalEntry, LedgerAccount
from payments.services.start import payment_start
from payments.wallets.models import Wallet, WalletMonthlyUsage, WalletOperation
from payments.wallets.pay import wallet_pay
from tests.factories import UserFactory
from tests.parallel import run_in_parallel
from tests.payments.helpers import awaiting_group
from tests.payments.wallets.factories import PIN, available, personal_wallet
from tests.payments.wallets.money_helpers import PAY, gid, sms_bodies

pytestmark = pytest.mark.django_db


def escrow() -> int:
    return LedgerAccount.objects.get(code="escrow").balance


def wallet_group(wallet, **fields) -> PaymentGroup:
    return awaiting_group(method="wallet", buyer=wallet.user, **fields)


def pay(gql, group, pin=PIN, key=None) -> dict:
    return gql(PAY, {"id": gid(group), "pin": pin, "key": key})["data"]["walletPay"]


def code(body) -> str:
    return body["errors"][0]["code"] if body["errors"] else ""


def test_the_buyer_pays_the_group_from_the_wallet(gql):
    wallet = personal_wallet(balance=300_000)
    group = wallet_group(wallet, sellers=2)
    body = pay(gql.login(wallet.user), group, key="tra-1")
    assert body["errors"] == []
    assert body["operation"]["kind"] == "PAYMENT" and body["operation"]["status"] == "COMPLETED"
    assert body["paymentGroup"]["status"] == "PAID"
    assert set(Order.objects.filter(payment_group=group).values_list("status", flat=True)) == {"paid"}
    assert available(wallet) == 300_000 - group.amount and escrow() == group.amount
    operation = WalletOperation.objects.get(reference=body["operation"]["reference"])
    attempt = operation.attempt
    assert (attempt.group_id, attempt.method, attempt.status) == (
        group.pk,
        "wallet",
        PaymentAttempt.Status.PAID,
    )
    assert operation.payment_group_id == group.pk and operation.cap_month is not None
    assert WalletMonthlyUsage.objects.get(wallet=wallet).debited == group.amount
    assert JournalEntry.objects.filter(key=f"wallet:{operation.pk}:pay", kind="wallet_payment").count() == 1
    assert any(operation.reference in text for text in sms_bodies(wallet))
    again = pay(gql, group, key="tra-1")  # the app retried: the same payment, nothing moves
    assert (
        again["operation"]["reference"] == operation.reference and again["paymentGroup"]["status"] == "PAID"
    )
    assert available(wallet) == 300_000 - group.amount


def test_payment_start_of_a_wallet_group_says_to_pay_with_the_pin():
    wallet = personal_wallet()
    group = wallet_group(wallet)
    _group, start = payment_start(user=wallet.user, group_id=group.pk)
    assert "PIN" in start.instructions and not start.redirect_url


def test_a_wrong_pin_moves_nothing_and_counts(gql):
    wallet = personal_wallet(balance=300_000)
    group = wallet_group(wallet)
    body = pay(gql.login(wallet.user), group, pin="000000")
    assert code(body) == "WALLET_PIN_WRONG"
    assert Wallet.objects.get(pk=wallet.pk).pin_failures == 1
    assert available(wallet) == 300_000 and PaymentGroup.objects.get(pk=group.pk).status == "awaiting_payment"


def test_too_little_money_is_refused_saying_what_is_available(gql):
    wallet = personal_wallet(balance=1_000)
    group = wallet_group(wallet)
    body = pay(gql.login(wallet.user), group)
    assert code(body) == "WALLET_INSUFFICIENT_FUNDS" and "1.000" in body["errors"][0]["message"]
    assert (
        not WalletOperation.objects.exists() and not WalletMonthlyUsage.objects.filter(debited__gt=0).exists()
    )
    assert PaymentGroup.objects.get(pk=group.pk).status == "awaiting_payment"


def test_another_person_cannot_pay_or_see_the_group(gql):
    owner = personal_wallet(balance=300_000)
    group = wallet_group(owner)
    stranger = personal_wallet(balance=300_000)
    assert code(pay(gql.login(stranger.user), group)) == "PAYMENT_GROUP_NOT_FOUND"
    assert code(pay(gql.login(UserFactory(role="finance")), group)) in (
        "WALLET_NOT_FOUND",
        "PERMISSION_DENIED",
    )
    assert (
        available(stranger) == 300_000 and PaymentGroup.objects.get(pk=group.pk).status == "awaiting_payment"
    )


def test_a_group_chosen_for_another_method_is_not_paid_from_the_wallet(gql):
    wallet = personal_wallet(balance=300_000)
    group = awaiting_group(method="vnpay", buyer=wallet.user)
    assert code(pay(gql.login(wallet.user), group)) == "WALLET_PAY_WRONG_METHOD"
    assert available(wallet) == 300_000


def test_a_repeat_with_the_key_returns_the_first_payment_and_another_group_is_a_conflict():
    wallet = personal_wallet(balance=500_000)
    group, other = wallet_group(wallet), wallet_group(wallet)
    first = wallet_pay(user=wallet.user, group_id=group.pk, pin=PIN, idempotency_key="k")
    again = wallet_pay(user=wallet.user, group_id=group.pk, pin=PIN, idempotency_key="k")
    assert again.pk == first.pk and available(wallet) == 500_000 - group.amount
    with pytest.raises(Exception) as refused:
        wallet_pay(user=wallet.user, group_id=other.pk, pin=PIN, idempotency_key="k")
    assert refused.value.code == "WALLET_IDEMPOTENCY_CONFLICT"
    # Without the key, a second payment of a paid group finds it paid.
    with pytest.raises(Exception) as paid:
        wallet_pay(user=wallet.user, group_id=group.pk, pin=PIN)
    assert paid.value.code == "PAYMENT_GROUP_NOT_PAYABLE"
    assert WalletOperation.objects.filter(kind="payment").count() == 1


def test_frozen_expired_and_capped_are_refused(gql, settings):
    wallet = personal_wallet(balance=500_000)
    gql.login(wallet.user)
    group = wallet_group(wallet)
    Wallet.objects.filter(pk=wallet.pk).update(frozen_at=timezone.now())
    assert code(pay(gql, group)) == "WALLET_FROZEN"
    Wallet.objects.filter(pk=wallet.pk).update(frozen_at=None)
    settings.WALLET_MONTHLY_CAP = group.amount - 1
    assert code(pay(gql, group)) == "WALLET_MONTHLY_CAP_EXCEEDED"
    settings.WALLET_MONTHLY_CAP = 100_000_000
    PaymentGroup.objects.filter(pk=group.pk).update(expires_at=timezone.now())
    assert code(pay(gql, group)) == "PAYMENT_GROUP_NOT_PAYABLE"
    assert available(wallet) == 500_000 and escrow() == 0


def test_odd_input_is_an_error_never_a_500(gql):
    wallet = personal_wallet(balance=500_000)
    group = wallet_group(wallet)
    gql.login(wallet.user)
    for group_id in ("", "x" * 10_000, "UGF5bWVudEdyb3VwOi0x", "Ngọ\u0301c"):
        response = gql.raw(PAY, {"id": group_id, "pin": PIN})
        assert response.status_code == 200
        assert response.json()["data"]["walletPay"]["errors"], group_id
    for pin in ("", "12345", "1" * 10_000, "١٢٣٤٥٦", "27041\u0301"):
        assert code(pay(gql, group, pin=pin)) == "WALLET_PIN_WRONG", pin
        Wallet.objects.filter(pk=wallet.pk).update(pin_failures=0)
    for key in ("x" * 65, "a\u202eb"):
        assert pay(gql, group, key=key)["errors"], key
    assert gql.raw(PAY, {"id": gid(group), "pin": None}).status_code in (200, 400)
    assert available(wallet) == 500_000
    gql.logout()
    assert code(pay(gql, group)) == "NOT_AUTHENTICATED"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_pays_with_the_same_key_make_one_payment():
    wallet = personal_wallet(balance=500_000)
    group = wallet_group(wallet)
    results = run_in_parallel(
        *[lambda: wallet_pay(user=wallet.user, group_id=group.pk, pin=PIN, idempotency_key="same")] * 4
    )
    assert all(isinstance(result, WalletOperation) for result in results), results
    assert len({result.pk for result in results}) == 1
    assert available(wallet) == 500_000 - group.amount and escrow() == group.amount
    assert PaymentAttempt.objects.filter(group=group, method="wallet").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_groups_paid_in_parallel_with_money_for_one_pay_exactly_one():
    buyer = UserFactory()
    first = awaiting_group(method="wallet", buyer=buyer, price=60_000)
    second = awaiting_group(method="wallet", buyer=buyer, price=60_000)
    wallet = personal_wallet(buyer, balance=first.amount + 10_000)
    results = run_in_parallel(
        lambda: wallet_pay(user=buyer, group_id=first.pk, pin=PIN, idempotency_key="a"),
        lambda: wallet_pay(user=buyer, group_id=second.pk, pin=PIN, idempotency_key="b"),
    )
    paid = [result for result in results if isinstance(result, WalletOperation)]
    refused = [result for result in results if not isinstance(result, WalletOperation)]
    assert len(paid) == 1 and len(refused) == 1, results
    assert getattr(refused[0], "code", None) == "WALLET_INSUFFICIENT_FUNDS", refused
    assert available(wallet) == 10_000 and escrow() == first.amount
    statuses = sorted(
        PaymentGroup.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    )
    assert statuses == ["awaiting_payment", "paid"]
