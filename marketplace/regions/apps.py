from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "marketplace.regions"
    label = "regions"
    verbose_name = "Đơn vị hành chính"
