"""What the businesses app announces; apps above it (catalog, search) listen instead of being
called, so businesses depends on none of them."""

from django.dispatch import Signal

# Sent inside the transaction that changed the status, while the seller's row is locked, so
# receivers' writes commit or roll back with it. Arguments: business_id, seller_approved.
business_status_changed = Signal()
