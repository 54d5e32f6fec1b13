import datetime

from marketplace.businesses.models import BusinessMember
from marketplace.graphql.ids import encode_id
from tests.factories import OfficerFactory, UserFactory, business_with_owner

REMOVE = """mutation($business: ID!, $user: ID!) {
  businessMemberRemove(business: $business, user: $user) { errors { field code } } }"""
CERTIFICATE = """mutation($business: ID!, $stars: Int!) {
  ocopCertificateAdd(business: $business, number: "1234/QĐ-UBND", productName: "Chè Shan tuyết",
                     group: DRINKS, stars: $stars, issuedOn: "2024-02-29") {
    certificate { stars issuedOn expiresOn } errors { field code } } }"""


def errors(body):
    return next(iter(body["data"].values()))["errors"]


def test_the_last_owner_cannot_be_removed_but_staff_can(gql):
    business, owner = business_with_owner()
    staff = UserFactory()
    BusinessMember.objects.create(business=business, user=staff, role="staff")
    gql.login(owner)
    gid = encode_id("Business", business.pk)
    assert (
        errors(gql(REMOVE, {"business": gid, "user": encode_id("User", owner.pk)}))[0]["code"] == "LAST_OWNER"
    )
    assert errors(gql(REMOVE, {"business": gid, "user": encode_id("User", staff.pk)})) == []
    assert list(business.memberships.values_list("user_id", flat=True)) == [owner.pk]


def test_owner_of_another_business_cannot_remove_members(gql):
    business, owner = business_with_owner()
    _, other_owner = business_with_owner()
    body = gql.login(other_owner)(
        REMOVE, {"business": encode_id("Business", business.pk), "user": encode_id("User", owner.pk)}
    )
    assert errors(body)[0]["code"] == "PERMISSION_DENIED"


def test_ocop_certificate_is_valid_36_months(gql):
    business, owner = business_with_owner()
    body = gql.login(owner)(CERTIFICATE, {"business": encode_id("Business", business.pk), "stars": 4})
    certificate = body["data"]["ocopCertificateAdd"]["certificate"]
    # 29 Feb 2024 + 36 months falls on a year without 29 Feb.
    assert certificate == {"stars": 4, "issuedOn": "2024-02-29", "expiresOn": "2027-02-28"}
    assert datetime.date.fromisoformat(certificate["expiresOn"]) > datetime.date(2024, 2, 29)


def test_ocop_stars_outside_3_to_5_are_refused(gql):
    business, owner = business_with_owner()
    for stars in (2, 6):
        body = gql.login(owner)(CERTIFICATE, {"business": encode_id("Business", business.pk), "stars": stars})
        assert errors(body)[0]["code"] == "INVALID_OCOP_CERTIFICATE"


def test_officer_may_record_a_certificate_for_any_business_but_a_stranger_may_not(gql):
    business, _ = business_with_owner()
    gid = encode_id("Business", business.pk)
    assert errors(gql.login(OfficerFactory())(CERTIFICATE, {"business": gid, "stars": 3})) == []
    assert (
        errors(gql.login(UserFactory())(CERTIFICATE, {"business": gid, "stars": 3}))[0]["code"]
        == "PERMISSION_DENIED"
    )


def test_certificate_dated_in_the_future_or_recorded_twice_is_refused(gql):
    business, owner = business_with_owner()
    gid = encode_id("Business", business.pk)
    future = CERTIFICATE.replace('"2024-02-29"', '"2999-01-01"')
    assert errors(gql.login(owner)(future, {"business": gid, "stars": 4}))[0]["field"] == "issuedOn"
    assert errors(gql(CERTIFICATE, {"business": gid, "stars": 4})) == []
    assert errors(gql(CERTIFICATE, {"business": gid, "stars": 4})) == [
        {"field": "number", "code": "CERTIFICATE_TAKEN"}
    ]


def test_certificate_id_from_the_api_can_be_attached_to_a_product(gql):
    from tests.factories import CategoryFactory

    business, owner = business_with_owner()
    body = gql.login(owner)(
        CERTIFICATE.replace("certificate { stars", "certificate { id stars"),
        {"business": encode_id("Business", business.pk), "stars": 4},
    )
    certificate_id = body["data"]["ocopCertificateAdd"]["certificate"]["id"]
    created = gql(
        """mutation($b: ID!, $i: ProductInput!) { productCreate(business: $b, input: $i) {
             product { ocopStars } errors { code } } }""",
        {
            "b": encode_id("Business", business.pk),
            "i": {
                "name": "Chè Shan tuyết",
                "category": encode_id("Category", CategoryFactory().pk),
                "ocopCertificate": certificate_id,
            },
        },
    )
    assert created["data"]["productCreate"] == {"product": {"ocopStars": 4}, "errors": []}


def test_owner_lists_members_and_removes_one_by_the_listed_id(gql):
    business, owner = business_with_owner()
    staff = UserFactory(full_name="Lò Thị Mai")
    BusinessMember.objects.create(business=business, user=staff, role="staff")
    query = "query($id: ID!) { business(id: $id) { members { userId fullName role } } }"
    gid = encode_id("Business", business.pk)
    members = gql.login(owner)(query, {"id": gid})["data"]["business"]["members"]
    listed = {m["fullName"]: m for m in members}
    assert listed["Lò Thị Mai"]["role"] == "STAFF"
    assert errors(gql(REMOVE, {"business": gid, "user": listed["Lò Thị Mai"]["userId"]})) == []
    assert gql.login(UserFactory())(query, {"id": gid})["data"]["business"]["members"] is None
