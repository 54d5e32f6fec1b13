"""Nested fields are batch-loaded per request; a write in the same request is seen by what follows."""

from marketplace.graphql.ids import encode_id
from tests.factories import OfficerFactory, business_with_owner

TWICE = """mutation($id: ID!) {
  first: businessCommissionSet(id: $id, rateBps: 100) { business { events { kind } } errors { code } }
  second: businessCommissionSet(id: $id, rateBps: 200) { business { events { kind } } errors { code } }
}"""


def test_a_second_mutation_in_one_request_shows_the_first_ones_write_and_its_own(gql, db):
    business, _owner = business_with_owner()
    before = business.events.count()

    data = gql.login(OfficerFactory())(TWICE, {"id": encode_id("Business", business.pk)})["data"]

    assert len(data["first"]["business"]["events"]) == before + 1
    assert len(data["second"]["business"]["events"]) == before + 2
