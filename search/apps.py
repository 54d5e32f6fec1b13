from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The one place that knows about search engines; the rest of the code calls its services."""

    name = "search"
    verbose_name = "Tìm kiếm"
