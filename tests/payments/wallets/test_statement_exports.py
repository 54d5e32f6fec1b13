"""A wallet's statement as .csv (UTF-8 with BOM, streamed) and .xlsx (Vietnamese headers, amounts
as VND numbers, the header frozen), for whoever may read the wallet and nobody else."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from marketplace.accounts.tokens import ACCESS, issue_token
from marketplace.businesses.models import BusinessMember
from tests.factories import UserFactory
from tests.payments.wallets.factories_statement import (
    hold_resolve,
    merchant_wallet,
    pay,
    personal_wallet,
    top_up,
    transfer,
    withdraw,
)

pytestmark = pytest.mark.django_db
NOVEMBER = "?from=2026-11-01&to=2026-11-30"


def url(wallet, fmt: str, query: str = NOVEMBER) -> str:
    return f"/payments/wallets/{wallet.pk}/statement.{fmt}{query}"


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user, ACCESS)}"}


@pytest.fixture
def november_wallet():
    """Opening 100.000 đ; in November a top-up, a payment, a transfer with a note that looks
    like a formula, a paid withdrawal, one still held and a transfer held."""
    wallet, friend = personal_wallet(), personal_wallet(holder_name="Hoàng Văn Tú")
    top_up(wallet, 100_000, at=datetime(2026, 10, 20, 3, 0, tzinfo=UTC))
    top_up(wallet, 1_250_000, at=datetime(2026, 11, 1, 2, 0, tzinfo=UTC))
    pay(wallet, 300_000, order_number="DH2611020001", at=datetime(2026, 11, 2, 2, 0, tzinfo=UTC))
    transfer(
        wallet, friend, 50_000, note='=HYPERLINK("http://x")', at=datetime(2026, 11, 3, 2, 0, tzinfo=UTC)
    )
    hold_resolve(
        withdraw(wallet, 70_000, at=datetime(2026, 11, 4, 2, 0, tzinfo=UTC)),
        post=True,
        at=datetime(2026, 11, 4, 3, 0, tzinfo=UTC),
    )
    withdraw(wallet, 20_000, at=datetime(2026, 11, 5, 2, 0, tzinfo=UTC))
    transfer(wallet, friend, 10_000, held=True, at=datetime(2026, 11, 6, 2, 0, tzinfo=UTC))
    return wallet


def test_the_csv_is_utf8_with_a_bom_streamed_oldest_first_with_the_balance(client, november_wallet):
    wallet = november_wallet
    response = client.get(url(wallet, "csv"), **bearer(wallet.user))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="sao-ke-vi-')
    assert response["Cache-Control"] == "private, no-store"
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    summary = {row[0]: row[1] for row in rows if len(row) == 2}
    assert summary["Từ ngày"] == "2026-11-01" and summary["Số dư đầu kỳ (đ)"] == "100000"
    assert summary["(+) Tiền vào ví trong kỳ (đ)"] == "1250000"
    assert summary["(−) Tiền ra khỏi ví trong kỳ (đ)"] == "420000"
    assert summary["Số dư cuối kỳ (đ)"] == "930000"
    header = rows.index(
        [
            "Thời điểm",
            "Mã giao dịch",
            "Loại giao dịch",
            "Trạng thái",
            "Diễn giải",
            "Bên kia",
            "Lời nhắn",
            "Số tiền (đ)",
            "Số dư sau giao dịch (đ)",
        ]
    )
    lines = rows[header + 1 :]
    assert [(line[0], line[2], line[7], line[8]) for line in lines] == [
        ("2026-11-01 09:00:00", "Nạp tiền", "1250000", "1350000"),  # Vietnam's wall clock
        ("2026-11-02 09:00:00", "Thanh toán đơn hàng", "-300000", "1050000"),
        ("2026-11-03 09:00:00", "Chuyển tiền", "-50000", "1000000"),
        ("2026-11-04 10:00:00", "Rút về ngân hàng", "-70000", "930000"),
        ("2026-11-05 09:00:00", "Rút về ngân hàng", "-20000", "930000"),
        ("2026-11-06 09:00:00", "Chuyển tiền", "-10000", "930000"),
    ]
    assert lines[2][5].startswith("Hoàng V. T. (09xx xxx ") and lines[2][6] == '\'=HYPERLINK("http://x")'
    assert (lines[4][3], lines[5][3]) == ("Đang xử lý — đang giữ", "Đang tạm giữ")
    assert lines[0][1].startswith("VI")


def test_the_xlsx_has_vietnamese_headers_vnd_numbers_and_a_frozen_header(client, november_wallet):
    from openpyxl import load_workbook

    wallet = november_wallet
    response = client.get(url(wallet, "xlsx"), **bearer(wallet.user))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Cache-Control"] == "private, no-store"
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["Giao dịch", "Tổng hợp"]
    lines = book["Giao dịch"]
    assert lines.freeze_panes == "A2"
    assert [cell.value for cell in lines[1]][:3] == ["Thời điểm", "Mã giao dịch", "Loại giao dịch"]
    assert lines["H1"].value == "Số tiền (đ)" and lines["A1"].font.bold
    assert lines.max_row == 7
    first = lines[2]
    assert first[0].is_date and first[0].value == datetime(2026, 11, 1, 9, 0)
    assert first[0].number_format == "dd/mm/yyyy hh:mm:ss"
    assert (first[7].value, first[7].number_format) == (1_250_000, "#,##0")
    assert (lines["H4"].value, lines["I4"].value) == (-50_000, 1_000_000)
    assert lines["G4"].value.startswith("'=")  # a note is never a formula
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True)}
    assert summary["Số dư cuối kỳ (đ)"] == 930_000
    assert summary["Từ ngày"].date() == datetime(2026, 11, 1).date()
    closing = next(r for r in book["Tổng hợp"].iter_rows() if r[0].value == "Số dư cuối kỳ (đ)")
    assert closing[1].number_format == "#,##0"


def test_the_files_are_for_readers_of_the_wallet_only(client):
    wallet = personal_wallet()
    top_up(wallet, 10_000)
    shop, owner = merchant_wallet()
    staff = UserFactory()
    BusinessMember.objects.create(business=shop.business, user=staff, role=BusinessMember.Role.STAFF)
    today = timezone.localdate().isoformat()
    period = f"?from={today}&to={today}"
    for fmt in ("csv", "xlsx"):
        assert client.get(url(wallet, fmt, period)).status_code == 401
        for stranger in (UserFactory(), owner):
            response = client.get(url(wallet, fmt, period), **bearer(stranger))
            assert response.status_code == 404, fmt
            assert not getattr(response, "streaming", False)
        assert client.get(url(shop, fmt, period), **bearer(staff)).status_code == 200
        assert client.get(url(shop, fmt, period), **bearer(wallet.user)).status_code == 404
    client.force_login(wallet.user)  # the web's session works too
    assert client.get(url(wallet, "csv", period)).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?from=2026-11-01",
        "?from=x&to=y",
        "?from=2026-11-30&to=2026-11-01",
        "?from=2024-01-01&to=2026-11-01",
        "?from=0001-01-01&to=0001-01-02",
        "?from=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96-11-01&to=2026-11-30",  # full-width digits
        "?from=2026-11-01&to=2026-11-30%00",
        "?from=" + "9" * 5000 + "&to=2026-11-30",
    ],
)
def test_a_bad_period_is_a_400_with_the_rule(client, query):
    wallet = personal_wallet()
    response = client.get(url(wallet, "csv", query), **bearer(wallet.user))
    assert response.status_code == 400
    assert "from" in response.content.decode() or "Kỳ sao kê" in response.content.decode()


def test_an_unknown_wallet_or_format_is_a_404(client):
    wallet = personal_wallet()
    assert client.get(url(wallet, "pdf"), **bearer(wallet.user)).status_code == 404
    assert (
        client.get(f"/payments/wallets/{10**17}/statement.csv{NOVEMBER}", **bearer(wallet.user)).status_code
        == 404
    )
    assert client.get("/payments/wallets/-1/statement.csv", **bearer(wallet.user)).status_code == 404


def test_the_api_links_to_the_files_of_its_period(gql, november_wallet):
    wallet = november_wallet
    query = """query($period: WalletStatementPeriodInput) { walletStatement(period: $period) { csvUrl xlsxUrl } }"""
    data = gql.login(wallet.user)(query, {"period": {"from": "2026-11-01", "to": "2026-11-30"}})
    links = data["data"]["walletStatement"]
    assert links["csvUrl"] == f"http://testserver{url(wallet, 'csv')}"
    response = gql.client.get(links["xlsxUrl"], **bearer(wallet.user))
    assert response.status_code == 200


def _file_cost(client, wallet, fmt: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = timezone.localdate().isoformat()
    headers = bearer(wallet.user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(wallet, fmt, f"?from={today}&to={today}"), **headers)
        b"".join(response.streaming_content)
    return len(queries)


def test_a_file_costs_the_same_for_two_or_twenty_lines(client):
    small, friend = personal_wallet(), personal_wallet()
    top_up(small, 10_000)
    transfer(small, friend, 1_000)
    busy = personal_wallet()
    top_up(busy, 900_000)
    for i in range(6):
        transfer(busy, friend, 10_000 + i)
        transfer(busy, friend, 1_000, held=True)
        pay(busy, 2_000)
    # user by token, wallet, totals; then per thousand lines: the lines and their operations
    for fmt in ("csv", "xlsx"):
        assert _file_cost(client, small, fmt) == _file_cost(client, busy, fmt) == 5
