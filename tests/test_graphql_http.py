"""The GraphQL endpoint as an HTTP client meets it: GraphiQL, bad input, masked errors."""


def test_graphiql_is_served_with_local_assets_when_enabled(client, db, settings):
    settings.GRAPHIQL_ENABLED = True
    response = client.get("/graphql/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/graphene_django_graphiql_static/graphiql.min.js" in html
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html


def test_graphiql_is_off_when_disabled(client, db, settings):
    settings.GRAPHIQL_ENABLED = False
    response = client.get("/graphql/", HTTP_ACCEPT="text/html")
    assert b"graphiql.min.js" not in response.content


def test_malformed_json_is_a_400_not_a_500(client, db):
    response = client.post("/graphql/", data="{not json", content_type="application/json")
    assert response.status_code == 400


def test_malformed_multipart_is_a_400_not_a_500(client, db):
    response = client.post("/graphql/", data={"operations": "{oops", "map": "{}"})
    assert response.status_code == 400


def test_unknown_field_is_a_validation_error_with_a_code(gql):
    body = gql("{ nope }", allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_unexpected_exceptions_are_masked(gql, monkeypatch):
    from catalog import selectors

    def boom():
        raise RuntimeError("secret internals: password=hunter2")

    monkeypatch.setattr(selectors, "category_list", boom)
    body = gql("{ categories { name } }", allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL_ERROR"
    assert "hunter2" not in str(body)


def test_landing_page_links_to_graphiql(client, db):
    assert "/graphql/" in client.get("/").content.decode()


import json  # noqa: E402

import pytest  # noqa: E402


@pytest.mark.parametrize(
    "operations, file_map",
    [
        ("[]", "{}"),
        ("5", "{}"),
        ('"q"', "{}"),
        ('{"query": "{ me { id } }"}', "[]"),
        ('{"query": "{ me { id } }", "variables": {"a": []}}', '{"0": ["variables.a.5"]}'),
    ],
)
def test_malformed_multipart_shapes_are_400s(client, db, operations, file_map):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/graphql/", data={"operations": operations, "map": file_map, "0": SimpleUploadedFile("a.jpg", b"x")}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize(
    "payload",
    [
        {
            "query": "query($s: String) { products(filter: {search: $s}) { totalCount } }",
            "variables": {"s": "a\x00b"},
        },
        {"query": '{ product(slug: "a\\u0000b") { name } }'},
    ],
)
def test_nul_characters_are_refused_before_reaching_the_database(client, db, payload):
    response = client.post("/graphql/", data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize("body", ['{"query": 5}', '{"query": ["x"]}'])
def test_python_errors_about_request_shape_are_not_leaked(client, db, body):
    response = client.post("/graphql/", data=body, content_type="application/json")
    text = response.content.decode()
    assert response.status_code in (200, 400)
    assert "len()" not in text and "bytes-like" not in text and "BAD_REQUEST" in text


def test_cursor_far_beyond_any_page_is_invalid(gql):
    from graphql_relay import offset_to_cursor

    body = gql(
        "query($a: String) { products(after: $a) { totalCount } }",
        {"a": offset_to_cursor(10**20)},
        allow_errors=True,
    )
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"
