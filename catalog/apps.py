from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Danh mục sản phẩm"

    def ready(self):
        from catalog import receivers  # noqa: F401  (connects the signal receivers)
