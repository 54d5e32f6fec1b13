"""Transfers, holds and withdrawals through the GraphQL API: what each field answers, who may
call it, and that odd input is an error as data, never a crash."""

import pytest

from marketplace.accounts.models import User
from marketplace.graphql.ids import encode_id
from payments.banks.models import BusinessBankAccount
from payments.wallets.models import WalletOperation
from tests.factories import UserFactory
from tests.payments.settlement.helpers import committed
from tests.payments.wallets.factories import (
    PIN,
    available,
    balance,
    merchant_wallet,
    personal_wallet,
    staff_of,
)

pytestmark = pytest.mark.django_db

PREVIEW = """query($phone: String!, $amount: Int!, $walletId: ID) {
  walletTransferPreview(phone: $phone, amount: $amount, walletId: $walletId) {
    recipientName recipientPhone willBeHeld holdReason holdUntil monthlyLeft available warnings } }"""

TRANSFER = """mutation($phone: String!, $amount: Int!, $pin: String!, $key: String, $note: String, $walletId: ID) {
  walletTransfer(phone: $phone, amount: $amount, pin: $pin, idempotencyKey: $key, note: $note, walletId: $walletId) {
    errors { field code message } operationId held warning
    operation { amount reference status kind holdUntil holdReason note } } }"""

CANCEL = """mutation($id: ID!, $reason: String) {
  walletTransferCancel(operationId: $id, reason: $reason) {
    errors { field code } operation { status } } }"""

BANK_SET = """mutation($bin: String!, $number: String!, $holder: String!, $pin: String!) {
  walletBankAccountSet(bankBin: $bin, accountNumber: $number, holderName: $holder, pin: $pin) {
    errors { field code } bankAccount { bankBin bankName accountNumber holderName } } }"""

WITHDRAW = """mutation($amount: Int!, $pin: String!, $key: String, $walletId: ID) {
  walletWithdraw(amount: $amount, pin: $pin, idempotencyKey: $key, walletId: $walletId) {
    errors { field code } operationId operation { status amount } } }"""

MARK = """mutation($id: ID!, $outcome: WithdrawalOutcome!, $reference: String, $note: String) {
  withdrawalMark(operationId: $id, outcome: $outcome, reference: $reference, note: $note) {
    errors { field code } withdrawal { id status bankReference note } } }"""

WITHDRAWALS = """query($first: Int) {
  walletWithdrawals(status: [PENDING], first: $first) {
    totalCount edges { node { id reference amount status walletHolderName walletPhone bankName
      accountNumber accountHolderName } } } }"""


def national(wallet) -> str:
    return "0" + wallet.phone[3:]


def no_crash(body) -> None:
    assert all(e.get("extensions", {}).get("code") != "INTERNAL_ERROR" for e in body.get("errors", [])), body


def test_the_preview_through_the_api_masks_the_recipient(gql):
    sender = personal_wallet(balance=300_000)
    recipient = personal_wallet(holder_name="Phạm Thị Lan")
    data = gql.login(sender.user)(PREVIEW, {"phone": national(recipient), "amount": 100_000})
    preview = data["data"]["walletTransferPreview"]
    assert preview["recipientName"] == "Phạm T. L."
    assert preview["recipientPhone"].startswith("09xx xxx ") and preview["available"] == 300_000
    assert not preview["willBeHeld"] and preview["warnings"]


def test_the_preview_for_someone_without_a_wallet_or_signed_out(gql):
    recipient = personal_wallet()
    body = gql.login(UserFactory())(PREVIEW, {"phone": national(recipient), "amount": 1}, allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "WALLET_NOT_FOUND"
    body = gql.logout()(PREVIEW, {"phone": national(recipient), "amount": 1}, allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "NOT_AUTHENTICATED"


def test_a_transfer_and_its_cancel_through_the_api(gql, settings):
    settings.WALLET_HOLD_NEW_RECIPIENT_ABOVE = 100_000
    sender = personal_wallet(balance=500_000)
    recipient = personal_wallet(holder_name="Đỗ Văn Hùng")
    client = gql.login(sender.user)
    variables = {"phone": national(recipient), "amount": 200_000, "pin": PIN, "key": "k1", "note": "Trả nợ"}
    result = committed(lambda: client(TRANSFER, variables))["data"]["walletTransfer"]
    assert result["errors"] == [] and result["held"] is True
    assert "Đỗ V. H." in result["warning"]
    assert result["operation"]["status"] == "HELD" and "Lần đầu" in result["operation"]["holdReason"]
    # The recipient and strangers cannot cancel it; the sender can.
    for other in (recipient.user, UserFactory()):
        refused = gql.login(other)(CANCEL, {"id": result["operationId"]})["data"]["walletTransferCancel"]
        assert refused["errors"] == [{"field": "operationId", "code": "WALLET_TRANSFER_NOT_FOUND"}]
    done = gql.login(sender.user)(CANCEL, {"id": result["operationId"]})["data"]["walletTransferCancel"]
    assert done == {"errors": [], "operation": {"status": "CANCELLED"}}
    assert available(sender) == 500_000 and balance(recipient) == 0


def test_transferring_from_another_persons_wallet_is_not_found(gql):
    victim = personal_wallet(balance=100_000)
    thief = personal_wallet()
    variables = {
        "phone": national(thief),
        "amount": 1_000,
        "pin": PIN,
        "walletId": encode_id("Wallet", victim.pk),
    }
    result = gql.login(thief.user)(TRANSFER, variables)["data"]["walletTransfer"]
    assert [e["code"] for e in result["errors"]] == ["WALLET_NOT_FOUND"]
    assert balance(victim) == 100_000


def test_bank_account_and_withdrawal_through_the_api_and_finance_marks_it(gql, django_assert_num_queries):
    wallet = personal_wallet(holder_name="Nguyễn Thị Hoa", balance=500_000)
    client = gql.login(wallet.user)
    bank = client(
        BANK_SET, {"bin": "970436", "number": "0011 0023 4567", "holder": "Nguyen Thi Hoa", "pin": PIN}
    )
    assert bank["data"]["walletBankAccountSet"]["bankAccount"]["accountNumber"] == "001100234567"
    mine = client("{ walletBankAccount { bankBin holderName } }")["data"]["walletBankAccount"]
    assert mine == {"bankBin": "970436", "holderName": "NGUYEN THI HOA"}
    withdrawal = client(WITHDRAW, {"amount": 200_000, "pin": PIN, "key": "w1"})["data"]["walletWithdraw"]
    assert withdrawal["errors"] == [] and withdrawal["operation"] == {"status": "PENDING", "amount": 200_000}
    # The owner may not mark their own withdrawal, nor list everyone's.
    own = client(MARK, {"id": withdrawal["operationId"], "outcome": "PAID", "reference": "FT1"})
    assert own["data"]["withdrawalMark"]["errors"][0]["code"] == "PERMISSION_DENIED"
    body = client(WITHDRAWALS, {}, allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"

    finance = gql.login(UserFactory(role=User.Role.FINANCE))
    for _ in range(3):
        other = personal_wallet(holder_name="Lê Văn Tám", balance=100_000)
        other.bank_bin, other.bank_account_number, other.bank_holder_name = (
            "970436",
            "123456789",
            "LE VAN TAM",
        )
        other.save()
        from payments.wallets.withdrawals import wallet_withdraw

        wallet_withdraw(user=other.user, amount=10_000, pin=PIN)
    with django_assert_num_queries(3):  # the viewer, the page with its wallets, the count
        listed = finance(WITHDRAWALS, {"first": 10})["data"]["walletWithdrawals"]
    assert listed["totalCount"] == 4
    first = listed["edges"][0]["node"]
    assert first["accountNumber"] == "001100234567" and first["walletHolderName"] == "Nguyễn Thị Hoa"
    assert first["walletPhone"].startswith("09xx")
    paid = finance(MARK, {"id": withdrawal["operationId"], "outcome": "PAID", "reference": "FT26120101"})
    assert paid["data"]["withdrawalMark"]["withdrawal"]["status"] == "COMPLETED"
    assert paid["data"]["withdrawalMark"]["withdrawal"]["bankReference"] == "FT26120101"
    assert balance(wallet) == 300_000


def test_staff_cannot_withdraw_from_the_shops_wallet_through_the_api(gql):
    shop, owner = merchant_wallet(balance=500_000)
    BusinessBankAccount.objects.create(
        business_id=shop.business_id, bank_bin="970436", account_number="1903555512", holder_name="HTX CHE"
    )
    variables = {"amount": 100_000, "pin": PIN, "walletId": encode_id("Wallet", shop.pk)}
    refused = gql.login(staff_of(shop))(WITHDRAW, variables)["data"]["walletWithdraw"]
    assert refused["errors"] == [{"field": "walletId", "code": "WALLET_PERMISSION_DENIED"}]
    done = gql.login(owner)(WITHDRAW, variables)["data"]["walletWithdraw"]
    assert done["errors"] == [] and available(shop) == 400_000


ODD_STRINGS = ["", " ", "x" * 100_000, "Nguye\u0302\u0303n", "\u202e0912345678", "-1", "0"]
ODD_AMOUNTS = [0, -5, 2_147_483_647]


@pytest.mark.parametrize("odd", ODD_STRINGS)
def test_odd_strings_are_errors_as_data_never_a_crash(gql, odd):
    sender = personal_wallet(balance=100_000)
    recipient = personal_wallet()
    client = gql.login(sender.user)
    calls = [
        (PREVIEW, {"phone": odd, "amount": 1_000}),
        (PREVIEW, {"phone": national(recipient), "amount": 1_000, "walletId": odd}),
        (TRANSFER, {"phone": odd, "amount": 1_000, "pin": PIN}),
        (TRANSFER, {"phone": national(recipient), "amount": 1_000, "pin": odd}),
        (TRANSFER, {"phone": national(recipient), "amount": 1_000, "pin": PIN, "key": odd, "note": odd}),
        (TRANSFER, {"phone": national(recipient), "amount": 1_000, "pin": PIN, "walletId": odd}),
        (CANCEL, {"id": odd, "reason": odd}),
        (BANK_SET, {"bin": odd, "number": odd, "holder": odd, "pin": odd}),
        (WITHDRAW, {"amount": 1_000, "pin": odd, "key": odd, "walletId": odd}),
        (MARK, {"id": odd, "outcome": "REJECTED", "reference": odd, "note": odd}),
    ]
    for query, variables in calls:
        response = client.raw(query, variables)
        assert response.status_code in (200, 400), (query, variables, response.status_code)
        no_crash(response.json())


@pytest.mark.parametrize("amount", ODD_AMOUNTS)
def test_odd_amounts_are_refused_saying_what_is_valid(gql, amount):
    sender = personal_wallet(balance=100_000)
    recipient = personal_wallet()
    client = gql.login(sender.user)
    result = client(TRANSFER, {"phone": national(recipient), "amount": amount, "pin": PIN})["data"][
        "walletTransfer"
    ]
    assert [e["code"] for e in result["errors"]] == ["WALLET_AMOUNT_INVALID"]
    result = client(WITHDRAW, {"amount": amount, "pin": PIN})["data"]["walletWithdraw"]
    assert [e["code"] for e in result["errors"]] == ["WALLET_AMOUNT_INVALID"]
    body = client(PREVIEW, {"phone": national(recipient), "amount": amount}, allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "WALLET_AMOUNT_INVALID"
    assert not WalletOperation.objects.exists()


def test_null_for_a_required_argument_is_a_request_error(gql):
    sender = personal_wallet(balance=100_000)
    body = gql.login(sender.user).raw(TRANSFER, {"phone": None, "amount": None, "pin": None}).json()
    no_crash(body)
    assert body["errors"]


def test_previewing_from_another_persons_wallet_is_not_found_and_bank_accounts_are_ones_own(gql):
    victim = personal_wallet(holder_name="Nguyễn Thị Hoa", balance=100_000)
    victim.bank_bin, victim.bank_account_number, victim.bank_holder_name = (
        "970436",
        "123456789",
        "NGUYEN THI HOA",
    )
    victim.save()
    thief = personal_wallet()
    client = gql.login(thief.user)
    variables = {"phone": national(thief), "amount": 1_000, "walletId": encode_id("Wallet", victim.pk)}
    body = client(PREVIEW, variables, allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "WALLET_NOT_FOUND"
    assert client("{ walletBankAccount { accountNumber } }")["data"]["walletBankAccount"] is None
    assert (
        gql.login(UserFactory())("{ walletBankAccount { accountNumber } }")["data"]["walletBankAccount"]
        is None
    )


def test_a_merchant_wallet_past_two_billion_previews_without_overflow(gql):
    shop, owner = merchant_wallet(balance=3_000_000_000)
    recipient = personal_wallet()
    variables = {"phone": national(recipient), "amount": 1_000, "walletId": encode_id("Wallet", shop.pk)}
    preview = gql.login(owner)(PREVIEW, variables)["data"]["walletTransferPreview"]
    assert preview["available"] == 3_000_000_000 and preview["monthlyLeft"] is None
