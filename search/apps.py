from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Filled by the search issue; until then catalog search is a database filter."""

    name = "search"
    verbose_name = "Tìm kiếm"
