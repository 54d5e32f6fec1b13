"""Search recall and whole-set precision on the seeded demo catalogue, per kind of query.

For each buyer query the ground truth is written by hand, independently of any engine: the
products whose folded name holds a phrase (word-bounded), e.g. "Miến dong" → names with
"mien dong". Each query is run for its whole result set (up to 10,000 ids, no paging), and
    recall    = truth products returned / truth products
    precision = truth products returned / products returned
are averaged per kind. Reads the database and engine the settings point at, as `seed_demo`
left them; rebuilds the index first unless --no-reindex.

    DATABASE_URL=sqlite:///$PWD/var/bench.sqlite3 SEARCH_INDEX_DIR=$PWD/var/benchidx \\
        .venv/bin/python bench/search_precision.py --engine embedded --engine database
"""

import argparse
import re
import statistics

from products_query import _setup

# (query as typed, kind, phrase the product's folded name must hold)
QUERIES = [
    ("Miến dong", "accented", "mien dong"),
    ("Mật ong", "accented", "mat ong"),
    ("Cam sành", "accented", "cam sanh"),
    ("Thịt trâu gác bếp", "accented", "thit trau gac bep"),
    ("Chè Shan tuyết", "accented", "che shan tuyet"),
    ("Hồng trà", "accented", "hong tra"),
    ("Bưởi Soi Hà", "accented", "buoi soi ha"),
    ("Rượu ngô", "accented", "ruou ngo"),
    ("Gà đen", "accented", "ga den"),
    ("Nấm hương", "accented", "nam huong"),
    ("Tinh dầu hồi", "accented", "tinh dau hoi"),
    ("Vịt bầu", "accented", "vit bau"),
    ("mien dong", "unaccented", "mien dong"),
    ("mat ong", "unaccented", "mat ong"),
    ("cam sanh", "unaccented", "cam sanh"),
    ("thit trau gac bep", "unaccented", "thit trau gac bep"),
    ("hong khong hat", "unaccented", "hong khong hat"),
    ("quyt vang", "unaccented", "quyt vang"),
    ("tinh bot nghe", "unaccented", "tinh bot nghe"),
    ("gao nep", "unaccented", "gao nep"),
    ("thach den", "unaccented", "thach den"),
    ("khau nhuc", "unaccented", "khau nhuc"),
    ("banh khao", "unaccented", "banh khao"),
    ("bun ngo", "unaccented", "bun ngo"),
    ("mieen dong", "telex", "mien dong"),
    ("maajt ong", "telex", "mat ong"),
    ("cam sanhf", "telex", "cam sanh"),
    ("thitj trau", "telex", "thit trau"),
    ("buwowir soi haf", "telex", "buoi soi ha"),
    ("ruwowuj ngoo", "telex", "ruou ngo"),
    ("gaf dden", "telex", "ga den"),
    ("mie6n dong", "vni", "mien dong"),
    ("ma65t ong", "vni", "mat ong"),
    ("bu7o73i soi ha2", "vni", "buoi soi ha"),
    ("thi5t lo75n", "vni", "thit lon"),
    ("mein dong", "typo", "mien dong"),
    ("mat onng", "typo", "mat ong"),
    ("cam snah", "typo", "cam sanh"),
    ("quyt vnag", "typo", "quyt vang"),
    ("nam huogn", "typo", "nam huong"),
    ("tinh bot ngeh", "typo", "tinh bot nghe"),
    ("mat ong rungg", "typo", "mat ong rung"),
    ("onng", "typo", "ong"),
    ("rungg", "typo", "rung"),
    ("homestai", "typo", "homestay"),
    ("cam", "one word", "cam"),
    ("trà", "one word", "tra"),
    ("gao", "one word", "gao"),
    ("rượu", "one word", "ruou"),
    ("nam", "one word", "nam"),
    ("thit", "one word", "thit"),
    ("homestay", "one word", "homestay"),
    ("mật ong rung", "mixed", "mat ong rung"),
    ("thịt trau gac bếp", "mixed", "thit trau gac bep"),
    ("cam sành ham yen", "mixed", "cam sanh ham yen"),
    ("Miến dong son duong", "mixed", "mien dong son duong"),
    # A product and where it comes from: the truth is the product phrase in the name and the
    # place (or seller) anywhere in the product's description, seller, commune or district.
    ("mien dong na hang", "with place", "mien dong", "na hang"),
    ("Miến dong Na Hang", "with place", "mien dong", "na hang"),
    ("mat ong ha giang", "with place", "mat ong", "ha giang"),
    ("che shan tuyet na hang", "with place", "che shan tuyet", "na hang"),
    ("cam sanh ham yen", "with place", "cam sanh", "ham yen"),
    ("thit trau gac bep lam binh", "with place", "thit trau gac bep", "lam binh"),
]
WINDOW = 10_000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engine", action="append", help="embedded, elasticsearch, database (repeatable)")
    parser.add_argument("--no-reindex", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="One line per query.")
    args = parser.parse_args()
    _setup(debug=False)

    from catalog.models import Product
    from search import services
    from search.backends import get_backend
    from search.query import SearchRequest
    from search.vietnamese import fold

    public = Product.objects.filter(is_public=True)
    names = {pk: fold(name) for pk, name in public.values_list("pk", "name")}
    places = {
        row[0]: fold(" ".join(part or "" for part in row[1:]))
        for row in public.values_list(
            "pk",
            "name",
            "description",
            "business__name",
            "origin_commune__name",
            "origin_commune__legacy_district__name",
            "business__commune__name",
            "business__commune__legacy_district__name",
        )
    }
    print(f"{len(names)} public products, {len(QUERIES)} queries\n")
    print("| engine | kind | queries | recall (mean / min) | set precision (mean / min) | results (mean) |")
    print("|---|---|---:|---:|---:|---:|")
    for engine in args.engine or ["embedded"]:
        backend = get_backend(engine)
        if not args.no_reindex:
            services.search_reindex(backend=backend)
        by_kind: dict[str, list[tuple[float, float, int]]] = {}
        for text, kind, phrase, *place in QUERIES:
            pattern = re.compile(rf"(^|\W){re.escape(phrase)}(\W|$)")
            truth = {pk for pk, name in names.items() if pattern.search(name)}
            if place:
                where = re.compile(rf"(^|\W){re.escape(place[0])}(\W|$)")
                truth = {pk for pk in truth if where.search(places[pk])}
            found = set(backend.search(SearchRequest(text=text, limit=WINDOW, facets=False)).ids)
            hits = len(found & truth)
            recall = hits / len(truth) if truth else 1.0
            precision = hits / len(found) if found else 0.0
            by_kind.setdefault(kind, []).append((recall, precision, len(found)))
            if args.verbose:
                print(
                    f"  {engine} {kind} {text!r}: truth {len(truth)} found {len(found)} R {recall:.2f} P {precision:.2f}"
                )
        for kind, rows in by_kind.items():
            recalls, precisions, sizes = zip(*rows, strict=True)
            print(
                f"| {engine} | {kind} | {len(rows)} | {statistics.mean(recalls):.3f} / {min(recalls):.2f} "
                f"| {statistics.mean(precisions):.3f} / {min(precisions):.2f} | {statistics.mean(sizes):.0f} |"
            )


if __name__ == "__main__":
    main()
