"""An index built by an older version is rebuilt by `search_reindex --if-stale`, not trusted."""

import pytest
import tantivy
from django.core.management import call_command

from search.backends import SearchUnavailable, get_backend
from tests.search.conftest import configure_engine
from tests.search.helpers import names, product, search

pytestmark = pytest.mark.django_db


def test_reindex_if_stale_replaces_an_index_with_another_schema(settings, tmp_path):
    directory = tmp_path / "search"
    configure_engine(settings, "embedded", directory=str(directory))
    product("Miến dong Na Hang")
    old = tantivy.SchemaBuilder()
    old.add_integer_field("id", stored=True, indexed=True, fast=True)
    (directory / "g-1").mkdir(parents=True)
    tantivy.Index(old.build(), path=str(directory / "g-1"))
    (directory / "CURRENT").write_text("g-1")
    with pytest.raises(SearchUnavailable):
        get_backend().count()

    call_command("search_reindex", "--if-stale", verbosity=0)

    assert names(search("mien dong")) == ["Miến dong Na Hang"]
