"""Membership is an invitation to a phone number that its holder accepts: the owner learns
nothing about the number (not even whether it has an account) until then."""

import pytest

from marketplace.businesses.models import Business, BusinessInvitation, BusinessMember
from marketplace.graphql.ids import encode_id
from tests.factories import OfficerFactory, UserFactory, business_with_owner

pytestmark = pytest.mark.django_db

INVITE = """mutation($business: ID!, $phone: String!, $role: BusinessMemberRole) {
  businessMemberInvite(business: $business, phone: $phone, role: $role) {
    invitation { id phone role status } errors { field code message } } }"""
ACCEPT = """mutation($id: ID!) { businessInvitationAccept(id: $id) {
  business { name members { fullName role } } errors { field code } } }"""
DECLINE = (
    """mutation($id: ID!) { businessInvitationDecline(id: $id) { invitation { status } errors { code } } }"""
)
REVOKE = (
    """mutation($id: ID!) { businessInvitationRevoke(id: $id) { invitation { status } errors { code } } }"""
)
MINE = "{ myBusinessInvitations { id businessName role phone } }"
INVITATIONS = (
    "query($id: ID!) { business(id: $id) { invitations { phone role status } members { fullName } } }"
)


def invite(gql, owner, business, phone, role=None):
    variables = {"business": encode_id("Business", business.pk), "phone": phone, "role": role}
    return gql.login(owner)(INVITE, variables)["data"]["businessMemberInvite"]


def test_inviting_adds_nobody_until_the_invitee_accepts(gql):
    business, owner = business_with_owner()
    invitee = UserFactory(phone="+84987654321", full_name="Lò Thị Mai")
    sent = invite(gql, owner, business, "0987 654 321", "STAFF")
    assert sent["errors"] == [] and sent["invitation"]["status"] == "PENDING"
    assert not BusinessMember.objects.filter(user=invitee).exists()
    shown = gql(INVITATIONS, {"id": encode_id("Business", business.pk)})["data"]["business"]
    assert shown["invitations"] == [{"phone": "+84987654321", "role": "STAFF", "status": "PENDING"}]
    assert "Lò Thị Mai" not in str(shown)
    mine = gql.login(invitee)(MINE)["data"]["myBusinessInvitations"]
    assert [row["businessName"] for row in mine] == [business.name]
    accepted = gql(ACCEPT, {"id": mine[0]["id"]})["data"]["businessInvitationAccept"]
    assert accepted["errors"] == []
    assert BusinessMember.objects.get(business=business, user=invitee).role == "staff"
    assert business.events.filter(kind="member_added").exists()


def test_the_answer_is_the_same_for_a_registered_an_unknown_and_an_officers_phone(gql):
    business, owner = business_with_owner()
    registered, officer = UserFactory(), OfficerFactory()
    answers = []
    for phone in (registered.phone, officer.phone, "+84911111111"):
        sent = invite(gql, owner, business, phone)
        answers.append((sent["errors"], sent["invitation"]["status"], sent["invitation"]["role"]))
    assert answers == [([], "PENDING", "STAFF")] * 3


def test_an_officer_invitee_is_refused_when_accepting(gql):
    business, owner = business_with_owner()
    officer = OfficerFactory()
    invite(gql, owner, business, officer.phone)
    invitation = BusinessInvitation.objects.get(phone=officer.phone)
    body = gql.login(officer)(ACCEPT, {"id": encode_id("BusinessInvitation", invitation.pk)})
    assert body["data"]["businessInvitationAccept"]["errors"] == [
        {"field": "id", "code": "OFFICER_CANNOT_SELL"}
    ]
    assert not BusinessMember.objects.filter(user=officer).exists()


def test_only_the_holder_of_the_invited_phone_can_accept(gql):
    business, owner = business_with_owner()
    UserFactory(phone="+84987654321")
    invite(gql, owner, business, "0987654321")
    invitation = BusinessInvitation.objects.get()
    stranger = UserFactory()
    body = gql.login(stranger)(ACCEPT, {"id": encode_id("BusinessInvitation", invitation.pk)})
    assert body["data"]["businessInvitationAccept"]["errors"] == [
        {"field": "id", "code": "INVITATION_NOT_FOUND"}
    ]
    assert not BusinessMember.objects.filter(user=stranger).exists()


def test_a_pending_business_cannot_invite(gql):
    business, owner = business_with_owner(status=Business.Status.PENDING)
    sent = invite(gql, owner, business, UserFactory().phone)
    assert [e["code"] for e in sent["errors"]] == ["BUSINESS_NOT_APPROVED"]
    assert not BusinessInvitation.objects.exists()


def test_staff_cannot_invite(gql):
    business, _ = business_with_owner()
    staff = UserFactory()
    BusinessMember.objects.create(business=business, user=staff, role="staff")
    assert [e["code"] for e in invite(gql, staff, business, "0987654321")["errors"]] == ["PERMISSION_DENIED"]


def test_inviting_the_same_phone_twice_keeps_one_pending_invitation(gql):
    business, owner = business_with_owner()
    first = invite(gql, owner, business, "0987654321")["invitation"]
    second = invite(gql, owner, business, "+84987654321")["invitation"]
    assert first["id"] == second["id"] and BusinessInvitation.objects.count() == 1


def test_inviting_again_with_another_role_corrects_the_pending_invitation(gql):
    business, owner = business_with_owner()
    invitee = UserFactory(phone="+84987654321")
    invite(gql, owner, business, "0987654321", "OWNER")  # a slip of the finger
    invite(gql, owner, business, "0987654321", "STAFF")

    mine = gql.login(invitee)(MINE)["data"]["myBusinessInvitations"]
    gql(ACCEPT, {"id": mine[0]["id"]})

    assert BusinessMember.objects.get(business=business, user=invitee).role == "staff"


def test_an_invitation_of_a_business_suspended_since_cannot_be_accepted(gql):
    business, owner = business_with_owner()
    invitee = UserFactory(phone="+84987654321")
    invite(gql, owner, business, "0987654321", "STAFF")
    Business.objects.filter(pk=business.pk).update(status=Business.Status.SUSPENDED)

    mine = gql.login(invitee)(MINE)["data"]["myBusinessInvitations"]
    answer = gql(ACCEPT, {"id": mine[0]["id"]})["data"]["businessInvitationAccept"]

    assert [e["code"] for e in answer["errors"]] == ["BUSINESS_NOT_APPROVED"]
    assert not BusinessMember.objects.filter(user=invitee).exists()


def test_inviting_a_member_says_already_member(gql):
    business, owner = business_with_owner()
    assert [e["code"] for e in invite(gql, owner, business, owner.phone)["errors"]] == ["ALREADY_MEMBER"]


def test_the_invitee_may_decline_and_the_owner_may_revoke(gql):
    business, owner = business_with_owner()
    invitee = UserFactory(phone="+84987654321")
    invite(gql, owner, business, invitee.phone)
    revoked = invite(gql, owner, business, "0911111111")["invitation"]
    assert gql(REVOKE, {"id": revoked["id"]})["data"]["businessInvitationRevoke"]["invitation"] == {
        "status": "REVOKED"
    }
    mine = gql.login(invitee)(MINE)["data"]["myBusinessInvitations"]
    declined = gql(DECLINE, {"id": mine[0]["id"]})["data"]["businessInvitationDecline"]
    assert declined["invitation"] == {"status": "DECLINED"}
    assert gql(ACCEPT, {"id": mine[0]["id"]})["data"]["businessInvitationAccept"]["errors"][0]["code"] == (
        "INVITATION_NOT_FOUND"
    )
    assert not BusinessMember.objects.filter(user=invitee).exists()


def test_nobody_but_members_and_officers_sees_a_business_invitations(gql):
    business, owner = business_with_owner()
    invite(gql, owner, business, "0987654321")
    gid = encode_id("Business", business.pk)
    assert gql.login(UserFactory())(INVITATIONS, {"id": gid})["data"]["business"]["invitations"] is None
    assert len(gql.login(OfficerFactory())(INVITATIONS, {"id": gid})["data"]["business"]["invitations"]) == 1
