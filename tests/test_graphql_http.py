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


def _post_json(client, text):
    return client.post("/graphql/", data=text, content_type="application/json")


@pytest.mark.parametrize("depth", [314, 100_000])
def test_json_nested_deeper_than_the_limit_is_a_400_with_a_code(client, db, depth):
    nested = "[" * depth + "]" * depth
    response = _post_json(client, '{"query": "{ me { id } }", "variables": {"a": ' + nested + "}}")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "JSON_TOO_DEEP"
    assert "lồng quá sâu" in error["message"]


def test_json_nested_within_the_limit_is_accepted(gql):
    nested = {"x": [[[["a"]]]]}
    body = gql("{ categories { name } }", {"unused": nested})
    assert body["data"]["categories"]


def test_a_body_that_is_not_utf8_is_a_400_in_vietnamese(client, db):
    response = _post_json(client, b'{"query": "{ me { id } }", "x": "\xff\xfe"}')
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "UTF-8" in error["message"]


def test_a_syntax_error_is_parse_failed_in_vietnamese(gql):
    error = gql("{ categories { name }", allow_errors=True)["errors"][0]
    assert error["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert error["message"] == "Lỗi cú pháp GraphQL."
    assert error["locations"]


def test_an_unknown_field_is_named_in_a_vietnamese_message(gql):
    error = gql("{ categories { nope } }", allow_errors=True)["errors"][0]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert error["message"] == "Kiểu Category không có trường nope."


def test_an_int_literal_beyond_32_bits_is_a_validation_error_in_vietnamese(gql):
    error = gql("{ products(first: 99999999999) { totalCount } }", allow_errors=True)["errors"][0]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "2147483647" in error["message"] and "cannot" not in error["message"]


def test_an_int_variable_beyond_32_bits_is_bad_user_input(client, db):
    query = "query($n: Int) { products(first: $n) { totalCount } }"
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": {"n": 10**12}}),
        content_type="application/json",
    )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith("Biến $n có giá trị không hợp lệ")


def test_a_malformed_date_variable_is_bad_user_input_not_internal_error(gql):
    query = """mutation($d: Date!) { ocopCertificateAdd(business: "x", group: FOOD, issuedOn: $d,
      number: "1", productName: "Chè", stars: 3) { errors { code } } }"""
    error = gql(query, {"d": "31/12/2026"}, allow_errors=True)["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "YYYY-MM-DD" in error["message"]


def test_a_csrf_refusal_on_the_api_is_json_with_a_code(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.cookies["sessionid"] = "anything"
    response = client.post("/graphql/", data={"query": "{ me { id } }"})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][0]["extensions"]["code"] == "CSRF_FAILED"


def test_a_csrf_refusal_elsewhere_keeps_django_page(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/admin/login/", data={"username": "x"})
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")


def test_an_unsupported_method_is_json_in_vietnamese(client, db):
    response = client.put("/graphql/", data="{}", content_type="application/json")
    assert response.status_code == 405
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


def test_a_mutation_over_get_is_refused_in_vietnamese(client, db):
    response = client.get(
        "/graphql/", {"query": 'mutation { tokenRefresh(refreshToken: "x") { errors { code } } }'}
    )
    assert response.status_code == 405
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


def test_a_base_exception_from_a_resolver_is_masked_not_a_500(client, db, monkeypatch):
    from catalog import selectors

    class Panic(BaseException):  # what pyo3 raises when Rust code panics
        pass

    def panic():
        raise Panic("index out of bounds")

    monkeypatch.setattr(selectors, "category_list", panic)
    response = client.post(
        "/graphql/", data=json.dumps({"query": "{ categories { name } }"}), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "INTERNAL_ERROR"


def test_work_after_the_request_deadline_is_refused_with_request_timeout(gql, settings, monkeypatch):
    import time
    from types import SimpleNamespace

    from catalog import selectors
    from marketplace.graphql import guard

    settings.GRAPHQL_REQUEST_TIMEOUT_SECONDS = 5
    calls, skipped = [], [0.0]
    # The guard's clock only: the first resolver "takes" ten seconds.
    monkeypatch.setattr(guard, "time", SimpleNamespace(monotonic=lambda: time.monotonic() + skipped[0]))

    def slow_list():
        calls.append(1)
        skipped[0] += 10
        return []

    monkeypatch.setattr(selectors, "category_list", slow_list)
    body = gql("{ a: categories { name } b: categories { name } c: categories { name } }", allow_errors=True)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["REQUEST_TIMEOUT"]
    assert len(calls) == 1


@pytest.mark.postgres
def test_a_query_outliving_the_deadline_is_cancelled_by_postgresql(gql, settings, monkeypatch):
    from django.db import connection

    from catalog import selectors

    settings.GRAPHQL_REQUEST_TIMEOUT_SECONDS = 0.2

    def stuck():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(5)")
        return []

    monkeypatch.setattr(selectors, "category_list", stuck)
    body = gql("{ categories { name } }", allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "REQUEST_TIMEOUT"


@pytest.mark.postgres
def test_the_statement_timeout_is_reset_after_the_request(gql):
    from django.db import connection

    gql("{ categories { name } }")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"


def _nfd(text):
    import unicodedata

    return unicodedata.normalize("NFD", text)


def test_a_product_name_typed_in_nfd_is_stored_nfc(gql):
    from catalog.models import Product
    from marketplace.graphql.ids import encode_id
    from tests.factories import CategoryFactory, business_with_owner

    business, owner = business_with_owner()
    query = """mutation($b: ID!, $input: ProductInput!) { productCreate(business: $b, input: $input) {
      errors { code } } }"""
    variables = {
        "b": encode_id("Business", business.pk),
        "input": {"name": _nfd("Miến dong"), "category": encode_id("Category", CategoryFactory().pk)},
    }
    assert gql.login(owner)(query, variables)["data"]["productCreate"]["errors"] == []
    assert Product.objects.get().name == "Miến dong"


def test_a_business_name_typed_in_nfd_in_a_string_literal_is_stored_nfc(gql):
    from marketplace.businesses.models import Business
    from tests.factories import UserFactory, tuyen_quang_commune

    commune = tuyen_quang_commune()
    # An escape sequence decodes to NFD only after parsing: normalised in the document, too.
    name = _nfd("Hợp tác xã Chè").encode("ascii", "backslashreplace").decode()
    query = f"""mutation {{ businessRegister(input: {{name: "{name}", kind: COOPERATIVE,
      taxCode: "0100233488", representativeName: "Hoàng Văn Sình", phone: "0912 345 678",
      addressLine: "Thôn Nặm Đăm", communeCode: "{commune.code}"}}) {{ errors {{ code }} }} }}"""
    assert gql.login(UserFactory())(query)["data"]["businessRegister"]["errors"] == []
    assert Business.objects.get().name == "Hợp tác xã Chè"


def test_a_wrong_value_deep_in_an_input_variable_names_its_path(gql):
    query = "mutation($b: ID!, $input: ProductInput!) { productCreate(business: $b, input: $input) { errors { code } } }"
    error = gql(query, {"b": "x", "input": {"name": 5}}, allow_errors=True)["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert (
        error["message"] == "Biến $input có giá trị không hợp lệ tại input.name: Giá trị phải là chuỗi ký tự."
    )
