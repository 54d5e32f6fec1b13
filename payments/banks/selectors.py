"""Who may see a business's bank account, and reading it."""

from marketplace.auth import is_officer, is_signed_in
from marketplace.businesses.permissions import member_business_ids
from payments.banks.models import BusinessBankAccount


def is_finance(user) -> bool:
    from payments.permissions import is_finance_operator

    return is_finance_operator(user)


def can_read_bank_account(user, business_id: int) -> bool:
    """The business's own members, platform finance operators (payouts) and trade officers
    (they read everything about a seller, and never move money)."""
    if not is_signed_in(user):
        return False
    return business_id in member_business_ids(user) or is_officer(user) or is_finance(user)


def bank_accounts_of(business_ids) -> dict[int, BusinessBankAccount]:
    return {row.business_id: row for row in BusinessBankAccount.objects.filter(business_id__in=business_ids)}


def bank_account_for(*, user, business_id: int) -> BusinessBankAccount | None:
    if not can_read_bank_account(user, business_id):
        return None
    return BusinessBankAccount.objects.filter(business_id=business_id).first()
