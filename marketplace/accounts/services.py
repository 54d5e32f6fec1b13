"""Sign-up and sign-in. Every account write goes through here."""

import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import SESSION_KEY, authenticate, login
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    TokenExpired,
    WeakPassword,
)
from marketplace.accounts.models import RefreshToken, ThrottleCounter, TokenFamily, User
from marketplace.accounts.phone import normalize_phone
from marketplace.accounts.signals import user_signed_in
from marketplace.accounts.tokens import ACCESS, REFRESH, issue_token, token_claims, user_for_claims
from marketplace.errors import DomainError, NotAuthenticated, Required, ValidationFailed

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


def session_sign_in(
    *, request: HttpRequest, identifier: str, password: str, visitor_cart: str | None = None
) -> tuple[User, str, str]:
    """Signs in with a phone number (any spelling) or e-mail, within the limits of `throttle`.
    Returns (user, access, refresh), starts a Django session for the web frontend, and hands
    the visitor's cart token to `signals.user_signed_in` for the apps that adopt it."""
    user = authenticate(request, username=identifier, password=password)  # the backend throttles
    if user is None:
        raise getattr(request, "sign_in_refusal", None) or InvalidCredentials()
    login(request, user)
    access, refresh = token_pair_issue(user=user)
    user_signed_in.send(sender=User, request=request, user=user, visitor_cart=visitor_cart or None)
    return user, access, refresh


def token_pair_issue(*, user: User, family: TokenFamily | None = None) -> tuple[str, str]:
    """(access, refresh) for a new sign-in, or the next pair of an existing family."""
    if family is None:
        family = TokenFamily.objects.create(user=user)
    refresh = RefreshToken.objects.create(
        family=family, expires_at=timezone.now() + timedelta(seconds=settings.REFRESH_TOKEN_TTL_SECONDS)
    )
    return (
        issue_token(user, ACCESS, family=family.pk),
        issue_token(user, REFRESH, family=family.pk, jti=refresh.jti),
    )


def token_refresh(*, refresh_token: str) -> tuple[str, str]:
    """A new (access, refresh) pair; the given refresh token is spent. Presenting a spent one
    again means someone holds a copy, so its whole family is revoked (that device signs in
    again, and so must whoever copied it)."""
    try:
        claims = token_claims(refresh_token, REFRESH)
    except (InvalidToken, TokenExpired) as exc:
        raise type(exc)(field="refresh_token") from exc
    if "jti" not in claims or "fam" not in claims:
        raise InvalidToken(field="refresh_token")  # issued before rotation existed
    spent = RefreshToken.objects.filter(
        jti=claims["jti"], used_at__isnull=True, family__revoked_at__isnull=True
    ).update(used_at=timezone.now())  # one atomic UPDATE: of two parallel uses, one wins
    if not spent:
        TokenFamily.objects.filter(pk=claims["fam"], revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        raise InvalidToken(field="refresh_token")
    try:
        user = user_for_claims(claims)
    except InvalidToken as exc:
        raise InvalidToken(field="refresh_token") from exc
    return token_pair_issue(user=user, family=TokenFamily(pk=claims["fam"], user=user))


def token_revoke(*, request: HttpRequest, refresh_token: str | None = None, all_devices: bool = False) -> int:
    """Signs out: the device that holds `refresh_token`, or with `all_devices` every device of
    the signed-in user. Ends this browser's session too if it belongs to that user. Returns
    how many sign-ins were ended."""
    if all_devices:
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        owner_id = request.user.pk
        families = TokenFamily.objects.filter(user_id=owner_id)
    elif refresh_token:
        try:
            claims = token_claims(refresh_token, REFRESH, allow_expired=True)
        except InvalidToken as exc:
            raise InvalidToken(field="refresh_token") from exc
        if "fam" not in claims:
            raise InvalidToken(field="refresh_token")
        owner_id = claims["sub"]
        families = TokenFamily.objects.filter(pk=claims["fam"], user_id=owner_id)
    else:
        raise Required(
            _("Hãy gửi refreshToken của thiết bị cần đăng xuất, hoặc allDevices: true."),
            field="refresh_token",
        )
    ended = families.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    if str(request.session.get(SESSION_KEY)) == str(owner_id):
        # Not `logout()`: it reads `request.user`, an error when the bearer token is stale.
        request.session.flush()
    return ended


def sign_in_records_purge(*, now=None) -> int:
    """Deletes what can no longer matter: expired failure counts, expired refresh tokens, and
    families left without any (their access tokens, shorter-lived, expired before). Returns
    how many rows went."""
    now = now or timezone.now()
    deleted = ThrottleCounter.objects.filter(expires_at__lte=now).delete()[0]
    deleted += RefreshToken.objects.filter(expires_at__lte=now).delete()[0]
    deleted += TokenFamily.objects.filter(refresh_tokens__isnull=True).delete()[0]
    return deleted
