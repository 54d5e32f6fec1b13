import json

import pytest
from django.test import Client

ME = "{ me { id phone fullName } }"

TOKEN_CREATE = """
mutation($identifier: String!, $password: String!) {
  tokenCreate(identifier: $identifier, password: $password) {
    token refreshToken user { phone } errors { field code message }
  }
}
"""


def post_graphql(client: Client, query: str, variables: dict | None = None, **extra):
    """A raw POST, for tests about cookies, CSRF and headers that the `gql` fixture hides."""
    return client.post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        **extra,
    )


@pytest.fixture
def csrf_client(db):
    """A browser-like client: unlike Django's default test client, it enforces CSRF."""
    return Client(enforce_csrf_checks=True)
