import pytest
from django.utils import timezone

from marketplace.graphql.ids import encode_id
from tests.payments.settlement.helpers import completed_order, seller

pytestmark = pytest.mark.django_db


def test_links_absolute_and_new_totals(gql):
    business, owner = seller("household")
    completed_order(business=business, price=100_000, delivery="pickup")
    q = """query($id: ID!, $d: Date!) { businessStatement(businessId: $id, from: $d, to: $d) {
      openingBalance closingBalance gross commission withheld codCashKept refundsFromPayable payouts
      payoutsReturned otherCredits otherDebits xlsxUrl csvUrl lines { kind kindLabel } } }"""
    d = gql.login(owner)(q, {"id": encode_id("Business", business.pk), "d": str(timezone.localdate())})[
        "data"
    ]["businessStatement"]
    assert d["xlsxUrl"].startswith("http://testserver/payments/settlement/statements/")
    assert d["lines"] == [{"kind": "release", "kindLabel": "Giải ngân"}]
    assert (
        d["openingBalance"]
        + d["gross"]
        - d["commission"]
        - d["withheld"]
        - d["codCashKept"]
        - d["refundsFromPayable"]
        - d["payouts"]
        + d["payoutsReturned"]
        + d["otherCredits"]
        - d["otherDebits"]
        == d["closingBalance"]
    )
    assert gql.client.get(d["csvUrl"], HTTP_AUTHORIZATION=f"Bearer {gql.token}").status_code == 200
