from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from marketplace.accounts import throttle
from marketplace.accounts.errors import OneSignInPerRequest, TooManyAttempts
from marketplace.accounts.models import User
from marketplace.accounts.selectors import user_by_identifier


class PhoneOrEmailBackend(ModelBackend):
    """Log in with a Vietnamese mobile number in any common spelling, or an e-mail address.

    With a request (the API's `tokenCreate`, the admin's login page) the limits of `throttle`
    apply to every caller alike. A refused attempt raises PermissionDenied, which makes
    `authenticate()` give up and return None; the reason is left on `request.sign_in_refusal`
    for a caller that can show it."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        identifier = username or kwargs.get(User.USERNAME_FIELD) or ""
        if not identifier.strip() or password is None:
            return None
        user = user_by_identifier(identifier)
        subject = throttle.subject_for(user_id=user.pk if user else None, identifier=identifier)
        address = throttle.client_address(request) if request is not None else None
        if request is not None:
            try:
                throttle.request_attempt_take(request)
                throttle.login_attempt_begin(subject=subject, address=address)
            except (TooManyAttempts, OneSignInPerRequest) as exc:
                request.sign_in_refusal = exc
                raise PermissionDenied(str(exc.message)) from exc
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            if request is not None:
                throttle.login_succeeded(subject=subject, address=address)
            return user
        return None
