from django.dispatch import Signal

# Sent by `services.session_sign_in` after a successful sign-in, with `request`, `user` and
# `visitor_cart`: the cart token the visitor held before signing in, or None. Apps that keep
# visitor state (orders: the cart) adopt it here, so accounts needs to know nothing about them.
# A receiver must not fail the sign-in over stale visitor state.
user_signed_in = Signal()
