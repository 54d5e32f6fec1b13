from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The one place that knows about search engines. Other apps do not call it: it listens to
    `catalog.signals.products_changed` and keeps its index from what the catalogue announces."""

    name = "search"
    verbose_name = "Tìm kiếm"

    def ready(self) -> None:
        from catalog.signals import products_changed
        from search.services import record_products_changed

        products_changed.connect(record_products_changed, dispatch_uid="search.index_outbox")
