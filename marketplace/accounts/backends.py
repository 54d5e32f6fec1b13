from django.contrib.auth.backends import ModelBackend

from marketplace.accounts.models import User
from marketplace.accounts.selectors import user_by_identifier


class PhoneOrEmailBackend(ModelBackend):
    """Log in with a Vietnamese mobile number in any common spelling, or an e-mail address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        identifier = username or kwargs.get(User.USERNAME_FIELD) or ""
        if not identifier.strip() or password is None:
            return None
        user = user_by_identifier(identifier)
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
