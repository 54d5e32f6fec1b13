from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from marketplace.accounts import services
from marketplace.accounts.models import RefreshToken, ThrottleCounter, TokenFamily
from marketplace.accounts.throttle_store import DatabaseCounterStore
from tests.factories import UserFactory


def test_purge_deletes_expired_records_and_keeps_live_ones(db, settings):
    user = UserFactory()
    services.token_pair_issue(user=user)
    settings.REFRESH_TOKEN_TTL_SECONDS = -1
    services.token_pair_issue(user=user)
    store = DatabaseCounterStore()
    store.incr("live", 900)
    store.incr("expired", -1)

    call_command("accounts_purge_sign_ins")

    assert RefreshToken.objects.count() == 1 and TokenFamily.objects.count() == 1
    assert RefreshToken.objects.get().expires_at > timezone.now()
    assert ThrottleCounter.objects.count() == 1 and store.get("live") == 1


def test_purge_keeps_a_family_whose_latest_refresh_token_is_live(db, settings):
    user = UserFactory()
    _, refresh_token = services.token_pair_issue(user=user)
    services.token_refresh(refresh_token=refresh_token)
    RefreshToken.objects.filter(used_at__isnull=False).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    services.sign_in_records_purge()

    assert TokenFamily.objects.count() == 1 and RefreshToken.objects.count() == 1
