"""Writes to the catalogue. Import from the topic modules: products, variants, images."""
