import threading

import pytest
from django.db import connection

from marketplace.accounts.errors import PhoneTaken
from marketplace.accounts.models import User
from marketplace.accounts.services import user_register
from marketplace.errors import ValidationFailed
from tests.factories import PASSWORD


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_signups_with_one_number_create_one_account():
    spellings = ["0912 345 678", "+84912345678", "84912345678", "0912-345-678"]
    barrier = threading.Barrier(len(spellings))
    outcomes: list[str] = []

    def sign_up(spelling):
        try:
            barrier.wait()
            user_register(phone=spelling, password=PASSWORD)
            outcomes.append("created")
        except ValidationFailed as exc:  # lost before the insert: the check saw the winner
            outcomes.append(",".join(e.code for e in exc.errors))
        except PhoneTaken as exc:  # lost at the insert: the unique constraint decided
            outcomes.append(exc.code)
        except Exception as exc:  # noqa: BLE001 - an IntegrityError here is the bug under test
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(s,)) for s in spellings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["PHONE_TAKEN"] * 3 + ["created"]
    assert User.objects.filter(phone="+84912345678").count() == 1
