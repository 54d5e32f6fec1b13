import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.businesses.models import Business, BusinessEvent, BusinessMember
from marketplace.graphql.ids import encode_id
from tests.factories import (
    BusinessFactory,
    OfficerFactory,
    UserFactory,
    business_with_owner,
    tuyen_quang_commune,
)

REGISTER = """
mutation($input: BusinessRegisterInput!) {
  businessRegister(input: $input) {
    business { id name kind status taxCode commune { code name } productCount }
    errors { field code message }
  }
}"""


def register_input(**overrides):
    commune = tuyen_quang_commune()
    data = {
        "name": "Hợp tác xã Chè Shan tuyết Na Hang",
        "kind": "COOPERATIVE",
        "taxCode": "0100233488",
        "representativeName": "Hoàng Văn Sình",
        "phone": "0912 345 678",
        "addressLine": "Thôn Nặm Đăm",
        "communeCode": commune.code,
    }
    data.update(overrides)
    return {"input": data}


def test_registering_makes_the_user_owner_of_a_pending_business(gql):
    user = UserFactory()
    body = gql.login(user)(REGISTER, register_input())
    payload = body["data"]["businessRegister"]
    assert payload["errors"] == []
    assert payload["business"]["status"] == "PENDING"
    business = Business.objects.get(tax_code="0100233488")
    assert BusinessMember.objects.get(business=business).user == user
    assert BusinessMember.objects.get(business=business).role == "owner"
    assert business.phone == "+84912345678"
    assert list(business.events.values_list("kind", flat=True)) == ["registered"]


def test_anonymous_cannot_register_a_business(gql):
    payload = gql(REGISTER, register_input())["data"]["businessRegister"]
    assert payload["errors"][0]["code"] == "NOT_AUTHENTICATED"
    assert not Business.objects.exists()


@pytest.mark.parametrize(
    "tax_code, accepted",
    [
        ("0100233488", "0100233488"),
        ("01.00.233.488", "0100233488"),
        ("0314409058-002", "0314409058-002"),
        ("0314409058002", "0314409058-002"),
    ],
)
def test_valid_tax_codes_are_stored_in_standard_form(gql, tax_code, accepted):
    payload = gql.login(UserFactory())(REGISTER, register_input(taxCode=tax_code))["data"]["businessRegister"]
    assert payload["errors"] == []
    assert payload["business"]["taxCode"] == accepted


@pytest.mark.parametrize(
    "tax_code, code",
    [
        ("0100233480", "INVALID_TAX_CODE"),  # wrong check digit
        ("12345", "INVALID_TAX_CODE"),
        ("0314409058-000", "INVALID_TAX_CODE"),
        ("01002334AB", "INVALID_TAX_CODE"),
    ],
)
def test_invalid_tax_codes_are_refused_with_a_field_error(gql, tax_code, code):
    payload = gql.login(UserFactory())(REGISTER, register_input(taxCode=tax_code))["data"]["businessRegister"]
    assert payload["business"] is None
    assert {"field": "taxCode", "code": code} == {k: payload["errors"][0][k] for k in ("field", "code")}


def test_bad_check_digit_message_tells_the_seller_what_to_check(gql):
    payload = gql.login(UserFactory())(REGISTER, register_input(taxCode="0100233480"))["data"][
        "businessRegister"
    ]
    assert "chữ số kiểm tra" in payload["errors"][0]["message"]


def test_a_tax_code_can_be_registered_only_once(gql):
    gql.login(UserFactory())(REGISTER, register_input())
    payload = gql.login(UserFactory())(REGISTER, register_input(taxCode="01 0023 3488"))["data"][
        "businessRegister"
    ]
    assert payload["errors"][0]["code"] == "TAX_CODE_TAKEN"
    assert Business.objects.count() == 1


def test_every_invalid_field_is_reported_at_once(gql):
    body = gql.login(UserFactory())(REGISTER, register_input(name=" ", phone="123", communeCode="99999"))
    fields = {e["field"] for e in body["data"]["businessRegister"]["errors"]}
    assert fields == {"name", "phone", "communeCode"}


APPROVE = "mutation($id: ID!) { businessApprove(id: $id) { business { status } errors { code } } }"
REJECT = "mutation($id: ID!, $r: String!) { businessReject(id: $id, reason: $r) { business { status } errors { code field } } }"
SUSPEND = "mutation($id: ID!, $r: String!) { businessSuspend(id: $id, reason: $r) { business { status } errors { code } } }"


def test_officer_approves_and_the_event_names_the_officer(gql):
    business = BusinessFactory(status=Business.Status.PENDING)
    officer = OfficerFactory()
    payload = gql.login(officer)(APPROVE, {"id": encode_id("Business", business.pk)})["data"][
        "businessApprove"
    ]
    assert payload == {"business": {"status": "APPROVED"}, "errors": []}
    business.refresh_from_db()
    assert business.approved_by == officer and business.approved_at is not None
    event = business.events.get()
    assert (event.kind, event.actor, event.from_status, event.to_status) == (
        "approved",
        officer,
        "pending",
        "approved",
    )


@pytest.mark.parametrize("mutation", [APPROVE, REJECT, SUSPEND])
def test_buyers_and_owners_cannot_decide_on_businesses(gql, mutation):
    business, owner = business_with_owner(status=Business.Status.PENDING)
    for user in (UserFactory(), owner):
        body = gql.login(user)(mutation, {"id": encode_id("Business", business.pk), "r": "x"})
        payload = next(iter(body["data"].values()))
        assert payload["errors"][0]["code"] == "PERMISSION_DENIED"
    business.refresh_from_db()
    assert business.status == "pending"
    assert not BusinessEvent.objects.exists()


def test_rejection_needs_a_reason(gql):
    business = BusinessFactory(status=Business.Status.PENDING)
    payload = gql.login(OfficerFactory())(REJECT, {"id": encode_id("Business", business.pk), "r": "  "})
    assert payload["data"]["businessReject"]["errors"] == [{"code": "REASON_REQUIRED", "field": "reason"}]


def test_suspending_a_pending_business_is_an_invalid_transition(gql):
    business = BusinessFactory(status=Business.Status.PENDING)
    payload = gql.login(OfficerFactory())(SUSPEND, {"id": encode_id("Business", business.pk), "r": "Vi phạm"})
    assert payload["data"]["businessSuspend"]["errors"][0]["code"] == "INVALID_TRANSITION"


def test_reject_then_approve_records_both_events(gql):
    business = BusinessFactory(status=Business.Status.PENDING)
    officer = OfficerFactory()
    gql.login(officer)(REJECT, {"id": encode_id("Business", business.pk), "r": "Thiếu giấy phép"})
    gql(APPROVE, {"id": encode_id("Business", business.pk)})
    assert list(business.events.values_list("kind", "note")) == [
        ("rejected", "Thiếu giấy phép"),
        ("approved", ""),
    ]


LIST = """query($filter: BusinessFilterInput) { businesses(first: 50, filter: $filter) {
  totalCount edges { node { name status productCount commune { code name } } } } }"""


def test_public_sees_only_approved_businesses_but_members_also_their_own(gql):
    BusinessFactory(name="Đã duyệt")
    pending, owner = business_with_owner(name="Đang chờ", status=Business.Status.PENDING)
    BusinessFactory(name="Của người khác", status=Business.Status.PENDING)
    names = lambda body: sorted(e["node"]["name"] for e in body["data"]["businesses"]["edges"])  # noqa: E731
    assert names(gql(LIST)) == ["Đã duyệt"]
    assert names(gql.login(owner)(LIST)) == ["Đang chờ", "Đã duyệt"]
    assert names(gql.login(OfficerFactory())(LIST)) == ["Của người khác", "Đang chờ", "Đã duyệt"]


def test_business_search_ignores_accents_and_case(gql):
    BusinessFactory(name="HTX Miến dong Sơn Dương")
    BusinessFactory(name="Hộ kinh doanh Mật ong bạc hà")
    body = gql(LIST, {"filter": {"search": "MIEN DONG son duong"}})
    assert [e["node"]["name"] for e in body["data"]["businesses"]["edges"]] == ["HTX Miến dong Sơn Dương"]


def test_filter_by_kind_and_commune(gql):
    commune = tuyen_quang_commune()
    BusinessFactory(name="A", kind="household")
    BusinessFactory(name="B", kind="enterprise")
    body = gql(LIST, {"filter": {"kind": ["HOUSEHOLD"], "communes": [commune.code]}})
    assert [e["node"]["name"] for e in body["data"]["businesses"]["edges"]] == ["A"]


def test_business_list_query_count_is_constant(gql, django_assert_max_num_queries):
    for i in range(30):
        BusinessFactory(name=f"HTX số {i}")
    with CaptureQueriesContext(connection) as ctx:
        gql(LIST)
    # count + page with commune/province/legacy district and the product count annotation
    assert len(ctx.captured_queries) == 2, [q["sql"] for q in ctx.captured_queries]


def test_review_notes_and_events_are_private_to_officers_and_members(gql):
    business, owner = business_with_owner(status=Business.Status.SUSPENDED)
    business.status_reason = "Bán hàng giả"
    business.save()
    query = "query($id: ID!) { business(id: $id) { name statusReason events { kind } } }"
    variables = {"id": encode_id("Business", business.pk)}
    assert gql(query, variables)["data"]["business"] is None  # suspended: invisible to the public
    assert gql.login(owner)(query, variables)["data"]["business"]["statusReason"] == "Bán hàng giả"
    stranger_view = gql.login(UserFactory())(query, variables)["data"]["business"]
    assert stranger_view is None


def test_overlong_business_name_is_a_field_error(gql):
    payload = gql.login(UserFactory())(REGISTER, register_input(name="Hợp tác xã " * 30))["data"][
        "businessRegister"
    ]
    assert payload["errors"][0]["field"] == "name" and payload["errors"][0]["code"] == "TOO_LONG"
    assert not Business.objects.exists()


def test_officers_cannot_register_a_business(gql):
    officer = OfficerFactory()
    payload = gql.login(officer)(REGISTER, register_input())["data"]["businessRegister"]
    assert payload["errors"][0]["code"] == "OFFICER_CANNOT_SELL"


def test_an_officer_who_is_a_member_cannot_decide_on_that_business(gql):
    business, _ = business_with_owner(status=Business.Status.PENDING)
    officer = OfficerFactory()
    BusinessMember.objects.create(business=business, user=officer, role="staff")  # joined before the role
    payload = gql.login(officer)(APPROVE, {"id": encode_id("Business", business.pk)})["data"][
        "businessApprove"
    ]
    assert payload["errors"][0]["code"] == "PERMISSION_DENIED"


def test_invalid_business_email_is_a_field_error(gql):
    payload = gql.login(UserFactory())(REGISTER, register_input(email="not an email <script>"))["data"][
        "businessRegister"
    ]
    assert payload["errors"] == [
        {"field": "email", "code": "INVALID_EMAIL", "message": payload["errors"][0]["message"]}
    ]


@pytest.mark.parametrize("raw", [" 12", "١٢", "12 "])
def test_ids_with_non_ascii_or_padded_digits_are_invalid(raw):
    from graphql_relay import to_global_id

    from marketplace.graphql.ids import InvalidId, decode_id

    with pytest.raises(InvalidId):
        decode_id(to_global_id("Product", raw), "Product")
