from graphql_relay import to_global_id

from marketplace.businesses.models import BusinessMember
from tests.factories import BusinessFactory, OfficerFactory, UserFactory, business_with_owner

ME_PROFILE = "{ me { id phone phoneDisplay email fullName role isTradeOfficer } }"
ME_MEMBERSHIPS = "{ me { memberships { role business { id name } } } }"


def test_me_shows_the_profile_of_the_signed_in_user(gql):
    user = UserFactory(phone="+84912345678", email="lan@example.vn", full_name="Hoàng Thị Lan")

    me = gql.login(user)(ME_PROFILE)["data"]["me"]

    assert me == {
        "id": to_global_id("User", user.pk),
        "phone": "+84912345678",
        "phoneDisplay": "0912 345 678",
        "email": "lan@example.vn",
        "fullName": "Hoàng Thị Lan",
        "role": "BUYER",
        "isTradeOfficer": False,
    }


def test_me_marks_a_trade_officer(gql):
    me = gql.login(OfficerFactory())(ME_PROFILE)["data"]["me"]

    assert (me["role"], me["isTradeOfficer"]) == ("TRADE_OFFICER", True)


def test_me_lists_the_businesses_the_user_works_for(gql):
    business, owner = business_with_owner(name="HTX Chè Shan Tuyết Hồng Thái")
    other = BusinessFactory(name="HTX Cam Sành Hàm Yên")
    BusinessMember.objects.create(business=other, user=owner, role=BusinessMember.Role.STAFF)
    BusinessFactory(name="Không liên quan")

    memberships = gql.login(owner)(ME_MEMBERSHIPS)["data"]["me"]["memberships"]

    assert memberships == [
        {"role": "OWNER", "business": {"id": to_global_id("Business", business.pk), "name": business.name}},
        {"role": "STAFF", "business": {"id": to_global_id("Business", other.pk), "name": other.name}},
    ]


def test_me_with_memberships_costs_two_queries_however_many_businesses(gql, django_assert_num_queries):
    _, owner = business_with_owner()
    for _ in range(3):
        BusinessMember.objects.create(business=BusinessFactory(), user=owner)
    gql.login(owner)

    with django_assert_num_queries(2):  # the token's user, then memberships joined to businesses
        body = gql(ME_MEMBERSHIPS)

    assert len(body["data"]["me"]["memberships"]) == 4
