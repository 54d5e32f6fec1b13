import json

import pytest
from django.db import connection

from marketplace.accounts.tokens import ACCESS, issue_token


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests (row locks, real parallel connections) are skipped on SQLite."""
    from django.conf import settings

    vendor_is_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    if vendor_is_postgres:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://… to run")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # PBKDF2 at production strength costs ~0.3 s per user; tests create hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.cache import cache

    cache.clear()  # login throttling counts live in the cache
    # Search engines are exercised in tests/search; elsewhere the database search answers, and
    # nothing may write into the developer's var/search.
    from search.backends import reset_backends

    settings.SEARCH_BACKEND = "database"
    settings.SEARCH_INDEX_DIR = str(tmp_path / "search")
    reset_backends()
    # The ledger remembers accounts it saw committed (one statement less per entry); a test that
    # ran its commits must not change the statements a later test pins.
    from payments.ledger.services import forget_committed_accounts

    forget_committed_accounts()


class GraphQLClient:
    """Posts GraphQL to /graphql/ as a user would: JSON, or multipart for uploads."""

    def __init__(self, client):
        self.client = client
        self.token = None

    def login(self, user):
        self.token = issue_token(user, ACCESS)
        return self

    def logout(self):
        self.token = None
        return self

    def _headers(self):
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}

    def raw(self, query, variables=None):
        return self.client.post(
            "/graphql/",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **self._headers(),
        )

    def __call__(self, query, variables=None, *, allow_errors=False):
        response = self.raw(query, variables)
        body = response.json()
        if not allow_errors:
            assert "errors" not in body, body["errors"]
        return body

    def upload(self, query, variables, files: dict):
        """`files` maps a variable path like `variables.image` to an uploaded file object."""
        file_map = {str(i): [path] for i, path in enumerate(files)}
        data = {
            "operations": json.dumps({"query": query, "variables": variables}),
            "map": json.dumps(file_map),
        }
        for i, upload in enumerate(files.values()):
            data[str(i)] = upload
        return self.client.post("/graphql/", data=data, **self._headers()).json()


@pytest.fixture
def gql(client, db):
    return GraphQLClient(client)


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"
