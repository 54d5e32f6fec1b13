from marketplace.accounts.models import User
from marketplace.accounts.phone import normalize_phone
from marketplace.errors import DomainError


def phone_is_registered(*, phone: str, exclude_user_id: int | None = None) -> bool:
    """`phone` must already be normalised (E.164)."""
    qs = User.objects.filter(phone=phone)
    if exclude_user_id is not None:
        qs = qs.exclude(pk=exclude_user_id)
    return qs.exists()


def email_is_registered(*, email: str, exclude_user_id: int | None = None) -> bool:
    """Case-insensitive, like the `accounts_user_email_ci_unique` constraint."""
    qs = User.objects.filter(email__iexact=email)
    if exclude_user_id is not None:
        qs = qs.exclude(pk=exclude_user_id)
    return qs.exists()


def user_by_identifier(identifier: str) -> User | None:
    """The account a sign-in names: a Vietnamese mobile number in any spelling, or an e-mail in
    any case. Active or not (the caller decides)."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    if "@" in identifier:
        return User.objects.filter(email__iexact=identifier).first()
    try:
        return User.objects.filter(phone=normalize_phone(identifier)).first()
    except DomainError:
        return None
