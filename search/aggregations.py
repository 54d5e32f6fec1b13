"""Facet aggregations in Elasticsearch's JSON form, which tantivy's `aggregate` also speaks:
one request shape and one response reader for both engines."""

from search.facets import price_bucket_key
from search.query import FACET_FIELDS, PRICE_BUCKETS, FacetBucket

MAX_FACET_BUCKETS = 500
_TERMS_FIELDS = {
    "category": "category_ids",
    "commune": "commune",
    "district": "district",
    "ocop_stars": "ocop_stars",
    "business_kind": "business_kind",
}

FACET_AGGREGATIONS = {
    **{name: {"terms": {"field": field, "size": MAX_FACET_BUCKETS}} for name, field in _TERMS_FIELDS.items()},
    "price": {
        "range": {
            "field": "price_min",
            "ranges": [
                {k: v for k, v in (("from", lo), ("to", hi)) if v is not None} for lo, hi in PRICE_BUCKETS
            ],
        }
    },
}


def facets_from_aggregations(raw: dict) -> dict[str, list[FacetBucket]]:
    facets = {}
    for field in FACET_FIELDS:
        buckets = raw[field]["buckets"]
        if field == "price":
            facets[field] = [
                FacetBucket(key=price_bucket_key(lo, hi), count=b["doc_count"])
                for (lo, hi), b in zip(PRICE_BUCKETS, buckets)
            ]
        else:
            facets[field] = [
                FacetBucket(key=str(b["key"]), count=b["doc_count"])
                for b in buckets
                if b["doc_count"] and b["key"] != ""
            ]
    return facets
