"""Statement rows imported per second on PostgreSQL (`bankStatementImport`, full request stack).

Posts a CSV of N credits whose descriptions name no payment (each is looked up and queued: the
common case for a busy collection account), then the same file again (every row a duplicate).
Needs a migrated database it may write to; it leaves the credits behind.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/choso_bench .venv/bin/python bench/bank_statement_import.py --rows 2000
"""

import argparse
import json
import os
import secrets
import sys
import time
from pathlib import Path

IMPORT = """mutation($file: Upload) { bankStatementImport(file: $file) {
  recorded duplicates rejected errors { code message } } }"""


def _setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()


def _statement(rows: int) -> bytes:
    run = secrets.token_hex(4).upper()
    lines = ["transaction_id,credited_at,amount,description,payer_account,payer_bank_bin,payer_name"]
    for n in range(rows):
        lines.append(
            f"B{run}{n:06d},2026-12-01 09:{n % 60:02d},{10_000 + n},"
            f"NGUYEN VAN {n} chuyen tien TT26120{n:05d}XYZ,0011000{n:06d},970436,NGUYEN VAN {n}"
        )
    return ("\r\n".join(lines) + "\r\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()
    _setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from marketplace.accounts.models import User
    from marketplace.accounts.tokens import ACCESS, issue_token

    operator = User.objects.create_user(f"+8490{secrets.randbelow(10**7):07d}", role=User.Role.PLATFORM_ADMIN)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(operator, ACCESS)}"}
    data = _statement(args.rows)
    client = Client()
    for label in ("first import", "re-import"):
        upload = SimpleUploadedFile("saoke.csv", data, content_type="text/csv")
        body = {
            "operations": json.dumps({"query": IMPORT, "variables": {"file": None}}),
            "map": json.dumps({"0": ["variables.file"]}),
            "0": upload,
        }
        started = time.perf_counter()
        answer = client.post("/graphql/", data=body, **headers).json()
        seconds = time.perf_counter() - started
        result = (answer.get("data") or {}).get("bankStatementImport") or answer
        print(f"{label}: {args.rows} rows in {seconds:.2f} s = {args.rows / seconds:,.0f} rows/s  {result}")


if __name__ == "__main__":
    main()
