import pytest

from marketplace.errors import NotAuthenticated, PermissionDenied
from payments.ledger.accounts import ESCROW, business_account_code
from payments.ledger.selectors import business_payable
from payments.ledger.services import Move, ledger_post
from tests.factories import OfficerFactory, UserFactory, business_with_owner

pytestmark = pytest.mark.django_db


def test_a_business_payable_is_read_by_its_members_and_the_books_readers_only():
    business, owner = business_with_owner()
    ledger_post(key="cod:DH1", kind="cod", moves=[Move(business_account_code(business.pk), ESCROW, 4_500)])

    for reader in (owner, OfficerFactory(), UserFactory(role="platform_admin")):
        assert business_payable(user=reader, business_id=business.pk).balance == -4_500
    other_owner = business_with_owner()[1]
    for stranger, error in (
        (other_owner, PermissionDenied),
        (UserFactory(), PermissionDenied),
        (None, NotAuthenticated),
    ):
        with pytest.raises(error):
            business_payable(user=stranger, business_id=business.pk)
