"""A statement period whose bounds cannot be represented (year 1, year 9999) or that is too
long is refused with STATEMENT_PERIOD_INVALID in GraphQL and a Vietnamese 400 for downloads,
never a 500."""

import pytest
from django.urls import reverse

from marketplace.graphql.ids import encode_id
from tests.payments.settlement.helpers import seller

pytestmark = pytest.mark.django_db

QUERY = """query($id: ID!, $from: Date!, $to: Date!) {
    businessStatement(businessId: $id, from: $from, to: $to) { closingBalance } }"""
PERIODS = [
    ("9999-01-01", "9999-12-31"),
    ("9999-12-31", "9999-12-31"),
    ("0001-01-01", "0001-01-02"),
    ("2026-01-01", "2027-06-30"),
    ("2026-12-01", "2026-11-01"),
]


@pytest.mark.parametrize("date_from,date_to", PERIODS)
def test_an_unrepresentable_or_long_period_is_refused(gql, date_from, date_to):
    business, owner = seller()
    variables = {"id": encode_id("Business", business.pk), "from": date_from, "to": date_to}
    body = gql.login(owner)(QUERY, variables, allow_errors=True)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["STATEMENT_PERIOD_INVALID"]
    gql.client.raise_request_exception = False
    for fmt in ("csv", "xlsx"):
        url = reverse("business-statement-file", args=[business.pk, fmt])
        response = gql.client.get(
            url, {"from": date_from, "to": date_to}, HTTP_AUTHORIZATION=f"Bearer {gql.token}"
        )
        assert response.status_code == 400
        assert "Kỳ sao kê không hợp lệ" in response.content.decode()


def test_a_download_without_dates_says_so_in_vietnamese(client):
    business, owner = seller()
    client.force_login(owner)
    response = client.get(reverse("business-statement-file", args=[business.pk, "csv"]))
    assert response.status_code == 400
    assert response.content.decode().startswith("Thiếu hoặc sai kỳ sao kê")
