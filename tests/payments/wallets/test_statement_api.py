"""`walletStatement` through the API: pages with the balance carried across them, the other
party masked, nobody else's wallet, a pinned SQL cost, and no odd input answered with a 500."""

import json
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from graphql_relay import offset_to_cursor

from marketplace.businesses.models import BusinessMember
from marketplace.graphql.ids import encode_id
from tests.factories import UserFactory
from tests.payments.wallets.factories_statement import (
    merchant_wallet,
    pay,
    personal_wallet,
    top_up,
    transfer,
)

pytestmark = pytest.mark.django_db

STATEMENT = """query($wallet: ID, $period: WalletStatementPeriodInput, $first: Int, $after: String) {
  walletStatement(walletId: $wallet, period: $period, first: $first, after: $after) {
    wallet { id } dateFrom dateTo openingBalance credits debits closingBalance csvUrl xlsxUrl
    lines { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { at amount balance held kind kindLabel status statusLabel reference description
        counterpartyName counterpartyPhone note
        operation { reference amount incoming counterpartyName counterpartyPhone } } } } } }"""


def statement(gql, user, **variables):
    return gql.login(user)(STATEMENT, variables, allow_errors=True)


def codes(body) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


def test_the_owner_pages_through_the_lines_with_the_balance_carried_across_pages(gql):
    wallet = personal_wallet()
    for amount in (100_000, 200_000, 300_000):
        top_up(wallet, amount)
    pay(wallet, 50_000)
    first = statement(gql, wallet.user, first=2)["data"]["walletStatement"]
    assert first["wallet"]["id"] == encode_id("Wallet", wallet.pk)
    assert (first["openingBalance"], first["closingBalance"], first["credits"], first["debits"]) == (
        0,
        550_000,
        600_000,
        50_000,
    )
    assert first["csvUrl"] is None  # files are for a period
    page = first["lines"]
    assert page["totalCount"] == 4 and page["pageInfo"]["hasNextPage"] is True
    assert [(e["node"]["amount"], e["node"]["balance"]) for e in page["edges"]] == [
        (-50_000, 550_000),
        (300_000, 600_000),
    ]
    assert page["edges"][0]["node"]["kindLabel"] == "Thanh toán đơn hàng"
    assert page["edges"][0]["node"]["statusLabel"] == "Thành công"
    after = page["pageInfo"]["endCursor"]
    second = statement(gql, wallet.user, wallet=encode_id("Wallet", wallet.pk), first=2, after=after)
    rest = second["data"]["walletStatement"]["lines"]
    assert [(e["node"]["amount"], e["node"]["balance"]) for e in rest["edges"]] == [
        (200_000, 300_000),
        (100_000, 100_000),
    ]
    assert rest["pageInfo"]["hasNextPage"] is False


def test_a_transfers_recipient_sees_it_incoming_with_the_sender_masked(gql):
    sender = personal_wallet(holder_name="Phạm Thị Hồng Nhung")
    recipient = personal_wallet(holder_name="Đỗ Văn Khoa")
    top_up(sender, 90_000)
    sent = transfer(sender, recipient, 40_000, note="Trả tiền mật ong")
    body = statement(gql, recipient.user, period={"from": "2000-01-01", "to": "2000-12-31"})
    assert body["data"]["walletStatement"]["lines"]["edges"] == []  # another period
    [edge] = statement(gql, recipient.user)["data"]["walletStatement"]["lines"]["edges"]
    line = edge["node"]
    masked_phone = "09xx xxx " + sender.phone[-3:]
    assert (line["amount"], line["kind"], line["reference"]) == (40_000, "TRANSFER", sent.reference)
    assert (line["counterpartyName"], line["counterpartyPhone"]) == ("Phạm T. H. N.", masked_phone)
    assert line["description"] == "Nhận tiền từ Phạm T. H. N." and line["note"] == "Trả tiền mật ong"
    assert line["operation"] == {
        "reference": sent.reference,
        "amount": 40_000,
        "incoming": True,
        "counterpartyName": "Phạm T. H. N.",
        "counterpartyPhone": masked_phone,
    }
    text = json.dumps(statement(gql, recipient.user), ensure_ascii=False)
    assert "Phạm Thị Hồng Nhung" not in text and sender.phone[3:] not in text
    [_, out] = statement(gql, sender.user)["data"]["walletStatement"]["lines"]["edges"][::-1]
    assert (out["node"]["counterpartyName"], out["node"]["operation"]["incoming"]) == ("Đỗ V. K.", False)


def test_nobody_else_reads_a_wallets_statement(gql):
    wallet = personal_wallet()
    top_up(wallet, 10_000)
    shop, owner = merchant_wallet()
    top_up(shop, 20_000)
    staff = UserFactory()
    BusinessMember.objects.create(business=shop.business, user=staff, role=BusinessMember.Role.STAFF)
    stranger = UserFactory()
    for reader, target in ((stranger, wallet), (owner, wallet), (stranger, shop), (wallet.user, shop)):
        body = statement(gql, reader, wallet=encode_id("Wallet", target.pk))
        assert body["data"]["walletStatement"] is None and codes(body) == ["WALLET_NOT_FOUND"]
    body = statement(gql, stranger)  # no wallet of their own
    assert body["data"]["walletStatement"] is None and codes(body) == ["WALLET_NOT_FOUND"]
    body = gql.logout()(STATEMENT, {"wallet": encode_id("Wallet", wallet.pk)}, allow_errors=True)
    assert body["data"]["walletStatement"] is None and codes(body) == ["NOT_AUTHENTICATED"]
    staff_view = statement(gql, staff, wallet=encode_id("Wallet", shop.pk))["data"]["walletStatement"]
    assert staff_view["closingBalance"] == 20_000


def test_the_page_size_and_cursor_rules(gql):
    wallet = personal_wallet()
    top_up(wallet, 10_000)
    top_up(wallet, 20_000)
    empty = statement(gql, wallet.user, first=0)["data"]["walletStatement"]["lines"]
    assert empty["edges"] == [] and empty["pageInfo"]["hasNextPage"] is True and empty["totalCount"] == 2
    assert codes(statement(gql, wallet.user, first=101)) == ["PAGE_SIZE_EXCEEDED"]
    assert codes(statement(gql, wallet.user, first=-1)) == ["PAGE_SIZE_EXCEEDED"]
    beyond = statement(gql, wallet.user, after=offset_to_cursor(5_000))["data"]["walletStatement"]["lines"]
    assert beyond["edges"] == [] and beyond["pageInfo"]["hasNextPage"] is False
    nfd = unicodedata.normalize("NFD", "Nguyễn")
    for cursor in ("x", "", nfd, "YXJyYXljb25uZWN0aW9uOi0x", offset_to_cursor(10**9), "=" * 5000):
        body = statement(gql, wallet.user, after=cursor)
        if cursor == "":  # no cursor: the first page
            assert len(body["data"]["walletStatement"]["lines"]["edges"]) == 2
        else:
            assert codes(body) == ["INVALID_CURSOR"], cursor


@pytest.mark.parametrize(
    "variables",
    [
        {"first": 2**31},
        {"first": "mười"},
        {"wallet": ""},
        {"wallet": unicodedata.normalize("NFD", "Ví của tôi")},
        {"wallet": encode_id("Order", 1)},
        {"wallet": encode_id("Wallet", 10**30)},
        {"wallet": "x" * 100_000},
        {"period": {"from": "2026-11-30", "to": "2026-11-01"}},
        {"period": {"from": "0001-01-01", "to": "0001-01-02"}},
        {"period": {"from": "2026-02-30", "to": "2026-03-01"}},
        {"period": {"from": "２０２６-11-01", "to": "2026-11-30"}},
        {"period": {"from": None, "to": "2026-11-30"}},
        {"period": {"from": "", "to": ""}},
        {"period": {}},
        {"after": None, "first": None, "wallet": None, "period": None},
    ],
)
def test_odd_inputs_are_refused_as_data_never_a_server_error(gql, variables):
    wallet = personal_wallet()
    top_up(wallet, 10_000)
    gql.login(wallet.user)
    response = gql.raw(STATEMENT, variables)
    assert response.status_code in (200, 400)
    body = response.json()
    assert "INTERNAL" not in json.dumps(body)
    data = (body.get("data") or {}).get("walletStatement")
    if all(value is None for value in variables.values()):
        assert data["closingBalance"] == 10_000  # all nulls: the own wallet, the whole history
    else:
        assert data is None and body["errors"]


def _cost(gql, user, wallet) -> int:
    gql.login(user)
    today = str(timezone.localdate())
    variables = {"wallet": encode_id("Wallet", wallet.pk), "period": {"from": today, "to": today}}
    with CaptureQueriesContext(connection) as queries:
        body = gql(STATEMENT, variables)
    assert body["data"]["walletStatement"]["lines"]["edges"]
    return len(queries)


def test_the_statement_costs_a_fixed_number_of_queries(gql):
    small, friend = personal_wallet(), personal_wallet()
    top_up(small, 50_000)
    big = personal_wallet()
    top_up(big, 900_000)
    for i in range(6):
        transfer(big, friend, 10_000 + i)
        transfer(big, friend, 1_000, held=True)
        pay(big, 2_000)
    shop, owner = merchant_wallet()
    top_up(shop, 5_000)
    # user by token, wallet, totals, page, the page's operations, count
    assert _cost(gql, small.user, small) == _cost(gql, big.user, big) == 6
    # a merchant wallet: is the reader an owner, and which businesses are they a member of
    assert _cost(gql, owner, shop) == 7


def test_a_merchant_wallet_past_two_billion_dong_is_shown(gql):
    shop, owner = merchant_wallet()
    top_up(shop, 2_500_000_000)
    top_up(shop, 700_000_000)
    query = """query($wallet: ID) { walletStatement(walletId: $wallet) { closingBalance
        wallet { balance available heldOut incomingHeld } lines { edges { node { amount balance } } } } }"""
    data = gql.login(owner)(query, {"wallet": encode_id("Wallet", shop.pk)})["data"]["walletStatement"]
    assert data["closingBalance"] == data["wallet"]["balance"] == data["wallet"]["available"] == 3_200_000_000
    assert data["lines"]["edges"][0]["node"] == {"amount": 700_000_000, "balance": 3_200_000_000}


def test_a_lines_operation_is_a_node_for_both_sides_of_a_transfer_and_nobody_else(gql):
    sender, recipient = personal_wallet(holder_name="Vũ Thị Mai"), personal_wallet(holder_name="Ngô Văn Hải")
    top_up(sender, 30_000)
    transfer(sender, recipient, 20_000)
    query = "{ walletStatement { lines { edges { node { operation { id } } } } } }"
    [edge] = gql.login(recipient.user)(query)["data"]["walletStatement"]["lines"]["edges"]
    node = """query($id: ID!) { node(id: $id) { ... on WalletOperation {
        amount incoming counterpartyName } } }"""
    variables = {"id": edge["node"]["operation"]["id"]}
    seen_by = {
        name: gql.login(user)(node, variables)["data"]["node"]
        for name, user in (
            ("recipient", recipient.user),
            ("sender", sender.user),
            ("stranger", UserFactory()),
        )
    }
    assert seen_by == {
        "recipient": {"amount": 20_000, "incoming": True, "counterpartyName": "Vũ T. M."},
        "sender": {"amount": 20_000, "incoming": False, "counterpartyName": "Ngô V. H."},
        "stranger": None,
    }
