"""The index follows the database: every change that commits through a service reaches it
(at once with tantivy, at the next refresh with Elasticsearch), and none is lost while the
engine is down."""

import logging
import threading
from contextlib import contextmanager
from datetime import timedelta
from functools import partial
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from catalog.services import products as product_services
from catalog.services import variants as variant_services
from marketplace.businesses import services as business_services
from search import services
from search.backends import get_backend, reset_backends
from search.locks import writer_lock
from search.models import IndexChange
from search.query import SearchFilters
from tests.factories import OfficerFactory, business_with_owner
from tests.search.conftest import configure_engine
from tests.search.helpers import names, product, reindex, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine(indexed_engine):
    """The database search keeps no index: these tests are for the engines that do."""
    return indexed_engine


@pytest.fixture
def seller_product(engine):
    business, owner = business_with_owner()
    item = product("Miến dong Na Hang", business=business)
    reindex()
    return item, owner


def found_after(engine, captured_commit, action) -> list[str]:
    with captured_commit(execute=True):
        action()
    engine.refresh()
    return names(search("mien dong"))


def test_hiding_a_product_removes_it_once_the_change_commits(
    engine, seller_product, django_capture_on_commit_callbacks
):
    item, owner = seller_product
    hide = partial(product_services.product_hide, user=owner, product_id=item.pk)
    assert found_after(engine, django_capture_on_commit_callbacks, hide) == []
    assert IndexChange.objects.count() == 0


def test_approving_a_resubmitted_product_brings_it_back(
    engine, seller_product, django_capture_on_commit_callbacks
):
    item, owner = seller_product
    officer = OfficerFactory()

    def hide_resubmit_approve():
        product_services.product_hide(user=owner, product_id=item.pk)
        product_services.product_submit(user=owner, product_id=item.pk)
        product_services.product_approve(officer=officer, product_id=item.pk)

    assert found_after(engine, django_capture_on_commit_callbacks, hide_resubmit_approve) == [
        "Miến dong Na Hang"
    ]


def test_suspending_the_seller_removes_its_products_and_approval_restores_them(
    engine, seller_product, django_capture_on_commit_callbacks
):
    item, _owner = seller_product
    officer = OfficerFactory()
    suspend = partial(
        business_services.business_suspend, officer=officer, business_id=item.business_id, reason="Kiểm tra"
    )
    assert found_after(engine, django_capture_on_commit_callbacks, suspend) == []
    approve = partial(business_services.business_approve, officer=officer, business_id=item.business_id)
    assert found_after(engine, django_capture_on_commit_callbacks, approve) == ["Miến dong Na Hang"]


def test_a_price_change_moves_the_product_between_price_filters(
    engine, seller_product, django_capture_on_commit_callbacks
):
    item, owner = seller_product
    variant = item.variants.get()
    with django_capture_on_commit_callbacks(execute=True):
        variant_services.variant_update(user=owner, variant_id=variant.pk, price=250_000)
    engine.refresh()
    assert search("mien", filters=SearchFilters(price_gte=200_000)).total == 1
    assert search("mien", filters=SearchFilters(price_lte=100_000)).total == 0


def test_a_sold_out_product_leaves_the_in_stock_filter(
    engine, seller_product, django_capture_on_commit_callbacks
):
    item, owner = seller_product
    with django_capture_on_commit_callbacks(execute=True):
        variant_services.variant_update(user=owner, variant_id=item.variants.get().pk, stock=0)
    engine.refresh()
    assert search("mien", filters=SearchFilters(in_stock=True)).total == 0
    assert search("mien", filters=SearchFilters(in_stock=False)).total == 1


def test_changes_wait_in_the_outbox_while_the_engine_is_down_and_apply_later(
    engine, seller_product, settings, tmp_path, django_capture_on_commit_callbacks, caplog
):
    item, owner = seller_product
    # Point the site at an engine that cannot answer: a dead port, or an index that is a file.
    working = {
        "url": settings.ELASTICSEARCH_URL,
        "dir": settings.SEARCH_INDEX_DIR,
        "index": settings.ELASTICSEARCH_INDEX,
    }
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "CURRENT").write_text("g-1")
    (broken / "g-1").write_text("not an index")
    configure_engine(settings, engine.name, url="http://127.0.0.1:9", directory=str(broken))
    with (
        caplog.at_level(logging.WARNING, logger="search.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        product_services.product_hide(user=owner, product_id=item.pk)
    change = IndexChange.objects.get()
    assert change.attempts == 1 and change.available_at > timezone.now() and change.last_error
    assert "kept for retry" in caplog.text

    settings.ELASTICSEARCH_URL, settings.SEARCH_INDEX_DIR = working["url"], working["dir"]
    settings.ELASTICSEARCH_INDEX = working["index"]
    reset_backends()
    assert names(search("mien dong")) == ["Miến dong Na Hang"]  # still the old state
    assert services.outbox_process() == (0, 0)  # not due yet: backing off
    IndexChange.objects.update(available_at=timezone.now() - timedelta(seconds=1))
    assert services.outbox_process() == (1, 0)
    get_backend().refresh()
    assert names(search("mien dong")) == []
    assert not IndexChange.objects.exists()


@contextmanager
def writer_busy_elsewhere():
    """Another connection (another web process) holds the index writer lock meanwhile."""
    held, release = threading.Event(), threading.Event()

    def hold():
        try:
            with writer_lock(wait=True):
                held.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(10)
    try:
        yield
    finally:
        release.set()
        thread.join()


def test_a_change_committed_while_another_process_writes_waits_for_the_next_drain(
    engine, seller_product, django_capture_on_commit_callbacks
):
    item, owner = seller_product
    with writer_busy_elsewhere():
        with django_capture_on_commit_callbacks(execute=True):
            product_services.product_hide(user=owner, product_id=item.pk)
        # The writer is busy elsewhere: the change waits instead of failing the request.
        assert IndexChange.objects.count() == 1
    services.outbox_drain()
    engine.refresh()
    assert names(search("mien dong")) == []


def test_reindex_rebuilds_from_the_database_and_swaps_in(engine):
    product("Miến dong A")
    reindex()
    product("Miến dong B")  # written past the services, as the demo seeder does
    assert engine.count() == 1
    reindex()
    assert sorted(names(search("mien dong"))) == ["Miến dong A", "Miến dong B"]


def test_the_worker_applies_pending_changes(engine, seller_product, settings):
    item, owner = seller_product
    settings.SEARCH_OUTBOX_INLINE = False  # production with a worker: nothing applied on commit
    product_services.product_hide(user=owner, product_id=item.pk)
    engine.refresh()
    assert names(search("mien dong")) == ["Miến dong Na Hang"]
    out = StringIO()
    call_command("search_worker", "--once", stdout=out)
    engine.refresh()
    assert names(search("mien dong")) == []
    assert "Đã áp dụng 1 thay đổi" in out.getvalue()


def test_reindex_command_reports_and_skips_a_fresh_index(engine):
    product("Miến dong A")
    out = StringIO()
    call_command("search_reindex", stdout=out, verbosity=0)
    assert "Đã đánh chỉ mục 1 sản phẩm" in out.getvalue()
    out = StringIO()
    call_command("search_reindex", "--if-stale", stdout=out, verbosity=0)
    assert "bỏ qua" in out.getvalue()
