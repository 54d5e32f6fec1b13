from pathlib import Path

from django.core.management.base import BaseCommand
from tqdm import tqdm

from marketplace.commands import repeat
from payments.settlement.exports import payout_batch_csv
from payments.settlement.payouts import payout_run


class Command(BaseCommand):
    help = (
        "Chạy đợt chi trả cho người bán: mỗi người bán có số dư từ PAYOUT_MINIMUM_AMOUNT và đã đăng ký "
        "tài khoản ngân hàng một khoản chi trả; ghi tệp chuyển khoản CSV cho ngân hàng. Chạy theo lịch "
        "(cron, systemd timer) hoặc liên tục với --interval."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=0, help="Giây nghỉ giữa hai lượt; 0 chạy một lượt rồi thoát."
        )
        parser.add_argument(
            "--csv-dir", default=".", help="Thư mục ghi tệp chuyển khoản chi-tra-CT<số>.csv (mặc định: .)."
        )

    def handle(self, *args, interval: float, csv_dir: str, **options):
        def step():
            with tqdm(desc="Chi trả", unit=" người bán", disable=not self.stdout.isatty()) as bar:

                def progress(done: int, total: int) -> None:
                    bar.total = total
                    bar.n = done
                    bar.refresh()

                run = payout_run(progress=progress)
            for business_id, reason in run.skipped:
                self.stdout.write(f"Bỏ qua người bán #{business_id}: {reason}.")
            if run.batch is None:
                self.stdout.write("Không có người bán nào đến hạn chi trả.")
                return
            path = Path(csv_dir) / f"chi-tra-CT{run.batch.pk}.csv"
            path.write_bytes(payout_batch_csv(run.batch))
            total = sum(payout.amount for payout in run.payouts)
            self.stdout.write(
                f"Đợt CT{run.batch.pk}: {len(run.payouts)} khoản, {total:,} đ; tệp chuyển khoản: {path}".replace(
                    ",", "."
                )
            )

        repeat(step, interval=interval)
