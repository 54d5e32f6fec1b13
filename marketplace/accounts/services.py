"""Sign-up and sign-in. Every account write goes through here."""

import unicodedata

from django.contrib.auth import authenticate, login
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from marketplace.accounts import selectors
from marketplace.accounts.errors import (
    EmailTaken,
    FullNameTooLong,
    InvalidCredentials,
    InvalidEmail,
    InvalidPhone,
    InvalidToken,
    PasswordEntirelyNumeric,
    PasswordTooCommon,
    PasswordTooShort,
    PasswordTooSimilar,
    PhoneTaken,
    WeakPassword,
)
from marketplace.accounts.models import User
from marketplace.accounts.phone import normalize_phone
from marketplace.accounts.throttle import client_address, login_attempt_begin, login_succeeded
from marketplace.accounts.tokens import ACCESS, REFRESH, issue_token, user_from_token
from marketplace.errors import DomainError, ValidationFailed

FULL_NAME_MAX_LENGTH = User._meta.get_field("full_name").max_length
EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length

# Django's validator codes → our codes and messages. Django 5.1 reworded its messages and the
# Vietnamese catalogue it ships has not caught up (they come out in English), so we say them
# ourselves. A validator added later keeps Django's message under PASSWORD_TOO_WEAK.
_PASSWORD_PROBLEMS = {
    "password_too_short": PasswordTooShort,
    "password_too_common": PasswordTooCommon,
    "password_entirely_numeric": PasswordEntirelyNumeric,
    "password_too_similar": PasswordTooSimilar,
}


def email_clean(email: str | None, *, field: str = "email") -> str | None:
    """Blank → None (so blanks never collide on the unique constraint); domain lower-cased."""
    text = (email or "").strip()
    if not text:
        return None
    if len(text) > EMAIL_MAX_LENGTH:
        raise InvalidEmail(field=field)
    try:
        validate_email(text)
    except ValidationError as exc:
        raise InvalidEmail(field=field) from exc
    return User.objects.normalize_email(text)


def password_check(password: str, *, user: User, field: str = "password") -> list[WeakPassword]:
    """Runs AUTH_PASSWORD_VALIDATORS; one `WeakPassword` per failed validator."""
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        problems = []
        for error in exc.error_list:
            if error.code in _PASSWORD_PROBLEMS:
                problem = _PASSWORD_PROBLEMS[error.code]
                problems.append(problem(problem.message % (error.params or {}), field=field))
            else:
                problems.extend(WeakPassword(message, field=field) for message in error.messages)
        return problems
    return []


def user_register(*, phone: str, password: str, full_name: str = "", email: str | None = None) -> User:
    """A buyer signs up. Reports every field problem at once (as `ValidationFailed`)."""
    errors: list[DomainError] = []
    try:
        phone_e164 = normalize_phone(phone, field="phone")
    except InvalidPhone as exc:
        errors.append(exc)
        phone_e164 = None
    try:
        email_value = email_clean(email)
    except InvalidEmail as exc:
        errors.append(exc)
        email_value = None
    # Some keyboards (macOS, older Android) send decomposed Vietnamese; store one form.
    full_name = unicodedata.normalize("NFC", (full_name or "").strip())
    if len(full_name) > FULL_NAME_MAX_LENGTH:
        errors.append(FullNameTooLong(field="full_name"))

    user = User(phone=phone_e164 or "", email=email_value, full_name=full_name, role=User.Role.BUYER)
    errors.extend(password_check(password, user=user))
    # Checked first only to report all problems together; the unique constraints decide below.
    if phone_e164 and selectors.phone_is_registered(phone=phone_e164):
        errors.append(PhoneTaken(field="phone"))
    if email_value and selectors.email_is_registered(email=email_value):
        errors.append(EmailTaken(field="email"))
    if errors:
        raise ValidationFailed(errors)

    user.set_password(password)
    try:
        with transaction.atomic():
            user.save(force_insert=True)
    except IntegrityError:
        # A concurrent sign-up with the same phone or e-mail committed after our check.
        if selectors.phone_is_registered(phone=user.phone):
            raise PhoneTaken(field="phone") from None
        if user.email and selectors.email_is_registered(email=user.email):
            raise EmailTaken(field="email") from None
        raise
    return user


def token_create(*, request: HttpRequest, identifier: str, password: str) -> tuple[User, str, str]:
    """Signs in with a phone number (any spelling) or e-mail. Returns (user, access, refresh)
    and also starts a Django session, so the web frontend can rely on the cookie."""
    address = client_address(request)
    login_attempt_begin(identifier=identifier, address=address)
    user = authenticate(request, username=identifier, password=password)
    if user is None:
        raise InvalidCredentials()
    login_succeeded(identifier=identifier, address=address)
    login(request, user)
    return user, issue_token(user, ACCESS), issue_token(user, REFRESH)


def token_refresh(*, refresh_token: str) -> str:
    """A new access token for a still-valid refresh token (same user, same password)."""
    try:
        user = user_from_token(refresh_token, REFRESH)
    except InvalidToken as exc:
        raise InvalidToken(field="refresh_token") from exc
    return issue_token(user, ACCESS)
