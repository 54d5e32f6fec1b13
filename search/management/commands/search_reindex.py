from django.conf import settings
from django.core.management.base import BaseCommand
from tqdm import tqdm

from search import documents, services
from search.backends import SearchUnavailable, get_backend


class Command(BaseCommand):
    help = (
        "Dựng lại toàn bộ chỉ mục tìm kiếm từ cơ sở dữ liệu rồi chuyển sang dùng nó cùng lúc "
        "(không gián đoạn tìm kiếm)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-stale",
            action="store_true",
            help="Chỉ dựng lại khi số sản phẩm trong chỉ mục khác cơ sở dữ liệu (chạy thử, khởi động).",
        )

    def handle(self, *args, **options):
        backend = get_backend()
        if backend.name == "database":
            self.stdout.write(
                "SEARCH_BACKEND=database: tìm thẳng trong cơ sở dữ liệu, không có chỉ mục để dựng."
            )
            return
        if options["if_stale"] and _fresh(backend):
            self.stdout.write("Chỉ mục tìm kiếm đã khớp với cơ sở dữ liệu: bỏ qua.")
            return
        bar = None

        def start_bar(total: int) -> None:
            nonlocal bar
            bar = tqdm(total=total, desc="Đánh chỉ mục", unit=" sản phẩm", disable=options["verbosity"] < 1)

        indexed = services.search_reindex(
            backend=backend, on_total=start_bar, progress=lambda n: bar.update(n)
        )
        bar.close()
        where = settings.ELASTICSEARCH_URL if backend.name == "elasticsearch" else settings.SEARCH_INDEX_DIR
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã đánh chỉ mục {indexed:,} sản phẩm ({backend.name}, {where}).".replace(",", ".")
            )
        )


def _fresh(backend) -> bool:
    """The index has the current layout and as many documents as the catalogue has public products."""
    try:
        return backend.schema_current() and backend.count() == documents.indexable_count()
    except SearchUnavailable:  # an index from an older version cannot even be opened
        return False
