"""Catalog's answers to other apps' signals, connected in CatalogConfig.ready()."""

from django.dispatch import receiver

from catalog.services.products import products_sync_with_seller
from marketplace.businesses.signals import business_status_changed


@receiver(business_status_changed, dispatch_uid="catalog.products_sync_with_seller")
def _seller_status_changed(sender, *, business_id: int, seller_approved: bool, **kwargs) -> None:
    products_sync_with_seller(business_id=business_id, seller_approved=seller_approved)
