"""A business's statement adds up from its ledger transfers; members, officers and finance
read it, as GraphQL and as .xlsx/.csv."""

import io
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.errors import PermissionDenied
from marketplace.graphql.ids import encode_id
from payments.settlement.cod import cod_collected
from payments.settlement.errors import StatementPeriodInvalid
from payments.settlement.payouts import payout_mark, payout_run
from payments.settlement.statements import business_statement
from tests.factories import OfficerFactory, UserFactory
from tests.payments.settlement.helpers import (
    bank_accounts_for_all,
    completed_order,
    deliver,
    payable,
    placed_order,
    seller,
)

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def test_the_statement_adds_up_sales_cod_netting_and_payouts(monkeypatch):
    bank_accounts_for_all(monkeypatch)
    business, owner = seller("household")
    # Last month's sale is the opening balance: it happens 40 days ago (the ledger is append-only
    # on PostgreSQL, so its transfers cannot be backdated afterwards).
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() - timedelta(days=40)):
        completed_order(business=business, price=100_000, delivery="pickup")
    completed_order(business=business, price=200_000, delivery="post")
    cod, _ = placed_order(business=business, method="cod", price=50_000, delivery="pickup")
    deliver(cod)
    cod_collected(user=owner, order_id=cod.pk, amount=50_000)
    finance = UserFactory(role=User.Role.FINANCE)
    [payout] = payout_run(user=finance).payouts
    payout_mark(user=finance, payout_id=payout.pk, paid=True, reference="FT1")

    statement = business_statement(
        user=owner, business_id=business.pk, date_from=today() - timedelta(days=7), date_to=today()
    )
    assert statement.opening == 100_000 - 3_000 - 1_500
    sale_net = 230_000 - 6_000 - (2_000 + 900) - (1_000 + 450)
    cod_debt = 1_500 + 500 + 250
    assert statement.cod_netting == cod_debt
    assert statement.payouts == payout.amount == statement.opening + sale_net - cod_debt
    assert statement.closing == 0 == payable(business.pk)
    assert statement.closing == statement.opening + statement.credits - statement.debits
    assert [s.order.number for s in statement.orders][-1] == cod.number
    assert statement.gross == 230_000 + 50_000  # last month's sale is in the opening balance only
    assert statement.lines[-1].balance == statement.closing


def test_who_reads_a_statement_and_the_period_rule():
    business, owner = seller()
    for reader in (owner, OfficerFactory(), UserFactory(role=User.Role.FINANCE)):
        business_statement(user=reader, business_id=business.pk, date_from=today(), date_to=today())
    with pytest.raises(PermissionDenied):
        business_statement(user=UserFactory(), business_id=business.pk, date_from=today(), date_to=today())
    with pytest.raises(StatementPeriodInvalid):
        business_statement(
            user=owner, business_id=business.pk, date_from=today(), date_to=today() - timedelta(1)
        )
    with pytest.raises(StatementPeriodInvalid):
        business_statement(
            user=owner, business_id=business.pk, date_from=today() - timedelta(400), date_to=today()
        )


def test_the_statement_as_graphql_xlsx_and_csv(gql):
    from openpyxl import load_workbook

    business, owner = seller("household")
    order, _ = completed_order(business=business, price=100_000, delivery="pickup")
    query = """query($id: ID!, $from: Date!, $to: Date!) { businessStatement(businessId: $id, from: $from, to: $to) {
        openingBalance closingBalance gross commission withheld xlsxUrl csvUrl
        orders { orderNumber sellerNet } lines { kind credit balance } } }"""
    variables = {"id": encode_id("Business", business.pk), "from": str(today()), "to": str(today())}
    data = gql.login(owner)(query, variables)["data"]["businessStatement"]
    assert (data["openingBalance"], data["closingBalance"]) == (0, 95_500)
    assert (data["gross"], data["commission"], data["withheld"]) == (100_000, 3_000, 1_500)
    assert data["orders"] == [{"orderNumber": order.number, "sellerNet": 95_500}]
    assert data["lines"] == [{"kind": "release", "credit": 95_500, "balance": 95_500}]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {gql.token}"}
    xlsx = gql.client.get(data["xlsxUrl"], **auth)
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True) if row[0]}
    assert summary["Số dư cuối kỳ (đ)"] == 95_500
    assert summary["Từ ngày"].date() == today()  # a real Excel date, not text
    closing = next(r for r in book["Tổng hợp"].iter_rows() if r[0].value == "Số dư cuối kỳ (đ)")
    assert closing[1].number_format == "#,##0"
    line = book["Phát sinh"][2]
    assert line[1].value == "Giải ngân"  # the entry kind in Vietnamese, not `release`
    assert line[0].is_date and line[0].number_format == "dd/mm/yyyy hh:mm:ss"
    assert (line[4].value, line[4].number_format) == (95_500, "#,##0")
    assert book["Đơn hàng"]["A2"].value == order.number
    assert book["Đơn hàng"]["B2"].is_date
    csv = gql.client.get(data["csvUrl"], **auth)
    text = csv.content.decode("utf-8-sig")
    assert csv.status_code == 200 and "Số dư cuối kỳ (đ),95500" in text
    assert ",Giải ngân," in text and ",release," not in text
    stranger = {"HTTP_AUTHORIZATION": f"Bearer {gql.login(UserFactory()).token}"}
    assert gql.client.get(data["csvUrl"], **stranger).status_code == 403
    assert gql.client.get(data["csvUrl"]).status_code == 401
    assert gql.client.get(data["csvUrl"].split("?")[0] + "?from=x", **auth).status_code == 400


def test_a_business_name_that_looks_like_a_formula_stays_text():
    from payments.settlement.exports import statement_csv, statement_xlsx

    business, owner = seller()
    business.name = '=HYPERLINK("http://x")'
    business.save(update_fields=["name"])
    statement = business_statement(user=owner, business_id=business.pk, date_from=today(), date_to=today())
    assert "'=HYPERLINK" in statement_csv(statement).decode("utf-8-sig")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(statement_xlsx(statement)))
    assert book["Tổng hợp"]["B1"].value.startswith("'=")
