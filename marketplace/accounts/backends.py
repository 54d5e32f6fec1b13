from django.contrib.auth.backends import ModelBackend

from marketplace.accounts.models import User
from marketplace.accounts.phone import normalize_phone
from marketplace.errors import DomainError


class PhoneOrEmailBackend(ModelBackend):
    """Log in with a Vietnamese mobile number in any common spelling, or an e-mail address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        identifier = (username or kwargs.get(User.USERNAME_FIELD) or "").strip()
        if not identifier or password is None:
            return None
        if "@" in identifier:
            user = User.objects.filter(email__iexact=identifier).first()
        else:
            try:
                user = User.objects.filter(phone=normalize_phone(identifier)).first()
            except DomainError:
                return None
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
