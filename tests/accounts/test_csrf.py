from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string

from marketplace.accounts.tokens import ACCESS, issue_token
from tests.accounts.conftest import ME, TOKEN_CREATE, post_graphql
from tests.factories import PASSWORD, UserFactory


def test_session_cookie_post_without_csrf_token_is_refused(csrf_client):
    csrf_client.force_login(UserFactory())

    response = post_graphql(csrf_client, ME)

    assert response.status_code == 403


def test_session_cookie_post_with_csrf_token_is_accepted(csrf_client):
    csrf_client.force_login(UserFactory(phone="+84912345678"))
    secret = _get_new_csrf_string()
    csrf_client.cookies[settings.CSRF_COOKIE_NAME] = secret

    response = post_graphql(csrf_client, ME, HTTP_X_CSRFTOKEN=secret)

    assert response.status_code == 200
    assert response.json()["data"]["me"]["phone"] == "+84912345678"


def test_bearer_post_without_cookie_needs_no_csrf_token(csrf_client):
    user = UserFactory(phone="+84912345678")

    response = post_graphql(csrf_client, ME, HTTP_AUTHORIZATION=f"Bearer {issue_token(user, ACCESS)}")

    assert response.status_code == 200
    assert response.json()["data"]["me"]["phone"] == "+84912345678"


def test_cookieless_json_sign_in_needs_no_csrf_token(csrf_client):
    UserFactory(phone="+84912345678")

    response = post_graphql(csrf_client, TOKEN_CREATE, {"identifier": "0912345678", "password": PASSWORD})

    assert response.status_code == 200
    assert response.json()["data"]["tokenCreate"]["errors"] == []


def test_cross_site_form_cannot_sign_a_visitor_in_to_another_account(csrf_client):
    # Login CSRF: a form on another site posting the attacker's credentials, no cookie sent.
    UserFactory(phone="+84912345678")
    mutation = f'mutation {{ tokenCreate(identifier: "0912345678", password: "{PASSWORD}") {{ token }} }}'

    response = csrf_client.post("/graphql/", {"query": mutation})

    assert response.status_code == 403
    assert settings.SESSION_COOKIE_NAME not in response.cookies
