def test_graphql_endpoint_answers_schema_introspection(gql):
    body = gql("{ __schema { queryType { name } } }")
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"
