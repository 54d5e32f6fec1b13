"""A payout batch's bank file and total list only the payouts still to send: one marked failed
(back in the payable, paid again by a later run) or paid is never in it again."""

import pytest

from marketplace.accounts.models import User
from payments.settlement.exports import payout_batch_csv, payout_batch_total, payouts_to_send
from payments.settlement.payouts import payout_mark, payout_run
from tests.factories import UserFactory
from tests.payments.settlement.helpers import bank_accounts_for_all, completed_order, payable, seller

pytestmark = pytest.mark.django_db


def _rows(batch) -> list[list[str]]:
    return [line.split(",") for line in payout_batch_csv(batch).decode("utf-8-sig").splitlines()[1:]]


def test_the_bank_file_keeps_only_payouts_still_pending(monkeypatch):
    bank_accounts_for_all(monkeypatch)
    first, _ = completed_order(kind="enterprise", price=100_000, delivery="pickup")
    second, _ = completed_order(kind="enterprise", price=200_000, delivery="pickup")
    third, _ = completed_order(kind="enterprise", price=300_000, delivery="pickup")
    finance = UserFactory(role=User.Role.FINANCE)
    run = payout_run(user=finance)
    by_business = {p.business_id: p for p in run.payouts}
    assert payout_batch_total(run.batch) == 97_000 + 194_000 + 291_000
    assert len(_rows(run.batch)) == 3

    failed = by_business[first.business_id]
    payout_mark(user=finance, payout_id=failed.pk, paid=False, note="Sai số tài khoản")
    payout_mark(user=finance, payout_id=by_business[second.business_id].pk, paid=True, reference="FT1")
    rows = _rows(run.batch)
    assert [(row[0], int(row[4]), row[5].split()[-1]) for row in rows] == [
        ("1", 291_000, str(by_business[third.business_id].pk))
    ]
    assert payout_batch_total(run.batch) == 291_000
    assert list(payouts_to_send(run.batch)) == [by_business[third.business_id]]

    # The failed one is paid again by the next run, in its own file only.
    [again] = payout_run(user=finance).payouts
    assert again.amount == failed.amount and payable(first.business_id) == failed.amount
    assert all(row[5].split()[-1] != str(failed.pk) for row in _rows(run.batch))


def test_a_holder_name_cannot_become_a_formula(monkeypatch):
    from payments.settlement.payouts import Destination

    monkeypatch.setattr(
        "payments.settlement.payouts.payout_destinations",
        lambda ids: {pk: Destination("970436", "0011000001", "=HYPERLINK(1)") for pk in ids},
    )
    business, _owner = seller("enterprise")
    completed_order(business=business, price=100_000, delivery="pickup")
    run = payout_run(user=UserFactory(role=User.Role.FINANCE))
    assert "'=HYPERLINK(1)" in payout_batch_csv(run.batch).decode("utf-8-sig")
