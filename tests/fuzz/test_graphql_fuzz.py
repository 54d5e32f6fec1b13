"""Operations generated from the schema never get an HTTP 500, an INTERNAL_ERROR, or an answer
slower than a generous bound, whoever sends them. A larger run: bench/fuzz_graphql.py."""

import os

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz import harness

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
# CI replays one fixed sequence, so a landing never depends on luck; runs elsewhere explore.
REPLAY = os.environ.get("CI", "") not in ("", "0", "false")


@pytest.mark.parametrize("role", harness.ROLES)
def test_generated_operations_never_fail_the_server(client, db, role):
    data = harness.seed()
    token = harness.token_for(data, role)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=REPLAY,
        suppress_health_check=list(HealthCheck),
    )
    @given(query=harness.operations(data))
    def operation_is_answered_cleanly(query):
        failure = harness.run(client, token, query)
        assert failure is None, f"{failure}\n--- operation as {role} ---\n{query}"

    operation_is_answered_cleanly()
