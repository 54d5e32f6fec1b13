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
