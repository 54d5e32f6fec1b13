"""ledgerAccounts / ledgerEntries: the books for finance operators and trade officers only."""

import pytest

from marketplace.accounts.models import User
from marketplace.graphql.ids import encode_id
from payments.ledger.accounts import ESCROW, VNPAY_CLEARING, business_account_code
from payments.ledger.services import Move, Resolve, ledger_post
from tests.factories import OfficerFactory, UserFactory, business_with_owner

pytestmark = pytest.mark.django_db

ACCOUNTS = """query($kind: LedgerAccountKind, $search: String, $first: Int, $after: String) {
  ledgerAccounts(kind: $kind, search: $search, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id code name kind balance available debitsPosted creditsPosted debitsPending
      creditsPending debitsMustNotExceedCredits creditsMustNotExceedDebits businessId } } } }"""

ENTRIES = """query($account: String, $order: String, $kind: String, $first: Int) {
  ledgerEntries(accountCode: $account, orderNumber: $order, kind: $kind, first: $first) {
    edges { node { id key kind memo orderNumber businessId createdAt
      transfers { id amount phase pendingId debitAccount { code } creditAccount { code balance } } } } } }"""


def finance():
    return UserFactory(role=User.Role.FINANCE)


@pytest.fixture
def books():
    business, owner = business_with_owner()
    seller = business_account_code(business.pk)
    for n in range(3):
        ledger_post(
            key=f"pay:{n}",
            kind="payment",
            moves=[Move(VNPAY_CLEARING, ESCROW, 100_000)],
            order_number=f"TT{n}",
        )
    ledger_post(
        key="release:DH1",
        kind="release",
        moves=[Move(ESCROW, seller, 95_000), Move(ESCROW, "commission_revenue", 5_000)],
        order_number="DH1",
        business_id=business.pk,
    )
    hold = ledger_post(
        key="payout:1:hold", kind="payout", moves=[Move(seller, "payouts_in_transit", 95_000, True)]
    )
    ledger_post(key="payout:1:failed", kind="payout", resolves=[Resolve(hold.transfers.get(), post=False)])
    return business, owner


def nodes(body, field):
    return [edge["node"] for edge in body["data"][field]["edges"]]


def test_a_finance_operator_reads_every_account_with_its_balance_and_flags(gql, books):
    business, _owner = books
    accounts = {a["code"]: a for a in nodes(gql.login(finance())(ACCOUNTS), "ledgerAccounts")}

    expected = {
        "code": ESCROW,
        "kind": "PLATFORM",
        "balance": 200_000,
        "available": 200_000,
        "debitsPosted": 100_000,
        "creditsPosted": 300_000,
        "debitsMustNotExceedCredits": True,
        "creditsMustNotExceedDebits": False,
    }
    assert {field: accounts[ESCROW][field] for field in expected} == expected
    seller = accounts[business_account_code(business.pk)]
    assert (seller["balance"], seller["debitsPending"], seller["kind"]) == (95_000, 0, "BUSINESS")
    assert seller["businessId"] == encode_id("Business", business.pk)
    assert accounts[VNPAY_CLEARING]["balance"] == -300_000


def test_accounts_filter_by_kind_and_search(gql, books):
    gql.login(OfficerFactory())
    assert [a["kind"] for a in nodes(gql(ACCOUNTS, {"kind": "BUSINESS"}), "ledgerAccounts")] == ["BUSINESS"]
    assert [a["code"] for a in nodes(gql(ACCOUNTS, {"search": "escr"}), "ledgerAccounts")] == [ESCROW]


def test_a_trade_officer_reads_entries_newest_first_with_their_transfers(gql, books):
    entries = nodes(gql.login(OfficerFactory())(ENTRIES), "ledgerEntries")

    assert [e["key"] for e in entries] == [
        "payout:1:failed",
        "payout:1:hold",
        "release:DH1",
        "pay:2",
        "pay:1",
        "pay:0",
    ]
    void = entries[0]["transfers"][0]
    assert (void["phase"], void["amount"], void["pendingId"]) == (
        "VOID_PENDING",
        95_000,
        str(entries[1]["transfers"][0]["id"]),
    )
    release = entries[2]
    assert [(t["debitAccount"]["code"], t["amount"]) for t in release["transfers"]] == [
        (ESCROW, 95_000),
        (ESCROW, 5_000),
    ]


def test_entries_filter_by_account_order_and_kind(gql, books):
    business, _owner = books
    gql.login(finance())
    seller = business_account_code(business.pk)
    assert [e["key"] for e in nodes(gql(ENTRIES, {"account": seller}), "ledgerEntries")] == [
        "payout:1:failed",
        "payout:1:hold",
        "release:DH1",
    ]
    assert [e["key"] for e in nodes(gql(ENTRIES, {"order": "dh1"}), "ledgerEntries")] == ["release:DH1"]
    assert [e["key"] for e in nodes(gql(ENTRIES, {"kind": "payment", "first": 2}), "ledgerEntries")] == [
        "pay:2",
        "pay:1",
    ]


@pytest.mark.parametrize("query", [ACCOUNTS, ENTRIES])
def test_sellers_and_buyers_are_refused_and_anonymous_asked_to_sign_in(gql, books, query):
    _business, owner = books
    for user, code in (
        (owner, "PERMISSION_DENIED"),
        (UserFactory(), "PERMISSION_DENIED"),
        (None, "NOT_AUTHENTICATED"),
    ):
        (gql.login(user) if user else gql.logout())
        body = gql(query, allow_errors=True)
        assert body["data"] is None
        assert [e["extensions"]["code"] for e in body["errors"]] == [code]


def test_node_lookup_of_an_account_is_null_for_a_seller(gql, books):
    escrow_id = nodes(gql.login(finance())(ACCOUNTS, {"search": ESCROW}), "ledgerAccounts")[0]["id"]
    query = "query($id: ID!) { node(id: $id) { ... on LedgerAccount { code balance } } }"
    assert gql(query, {"id": escrow_id})["data"]["node"] == {"code": ESCROW, "balance": 200_000}
    assert gql.login(books[1])(query, {"id": escrow_id})["data"]["node"] is None


def test_the_page_cap_holds(gql, books, settings):
    body = gql.login(finance())(ACCOUNTS, {"first": settings.GRAPHQL_PAGE_SIZE_MAX + 1}, allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"


def test_account_list_query_count_is_the_same_for_3_or_20_accounts(gql, books, django_assert_num_queries):
    gql.login(finance())
    with django_assert_num_queries(3):  # the caller, the page, the count
        first = gql(ACCOUNTS)
    for _ in range(12):
        business, _owner = business_with_owner()
        ledger_post(
            key=f"k{business.pk}", kind="test", moves=[Move(ESCROW, business_account_code(business.pk), 1)]
        )
    with django_assert_num_queries(3):
        second = gql(ACCOUNTS)
    assert (
        first["data"]["ledgerAccounts"]["totalCount"] + 12 == second["data"]["ledgerAccounts"]["totalCount"]
    )


def test_entry_list_with_transfers_query_count_is_the_same_for_3_or_20_entries(
    gql, books, django_assert_num_queries
):
    gql.login(finance())
    with django_assert_num_queries(3):  # the caller, the page, its transfers with their accounts
        assert len(nodes(gql(ENTRIES, {"first": 3}), "ledgerEntries")) == 3
    for n in range(14):
        ledger_post(key=f"more:{n}", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 1)])
    with django_assert_num_queries(3):
        assert len(nodes(gql(ENTRIES, {"first": 20}), "ledgerEntries")) == 20
