from django.apps import AppConfig


class BusinessesConfig(AppConfig):
    name = "marketplace.businesses"
    label = "businesses"
    verbose_name = "Doanh nghiệp, HTX, hộ kinh doanh"
