"""Settings for Chợ Số. Every value comes from the environment (see README, "Settings")."""

import secrets
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)


def _secret_key() -> str:
    """Production must provide SECRET_KEY; development gets one generated once under var/."""
    key = env.str("SECRET_KEY", default="")
    if key:
        return key
    if not DEBUG:
        raise environ.ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# /graphql/ answers a CSRF refusal in JSON like its other errors; other pages keep Django's.
CSRF_FAILURE_VIEW = "marketplace.graphql.http_errors.csrf_failure"

INSTALLED_APPS = [
    "marketplace.admin_site.MarketplaceAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "graphene_django",
    "graphene_django_graphiql_static",
    "marketplace.accounts",
    "marketplace.regions",
    "marketplace.businesses",
    "catalog",
    "orders",
    "payments",
    "search",
    "frontend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "marketplace.admin_site.VietnameseAdminMiddleware",
    "django.middleware.common.CommonMiddleware",
    "marketplace.accounts.middleware.BearerCsrfMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "marketplace.middleware.NfcFormInputMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "marketplace.accounts.middleware.BearerAuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while the seeder writes; the timeout rides out short locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    VAR_DIR.mkdir(parents=True, exist_ok=True)
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["marketplace.accounts.backends.PhoneOrEmailBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# Fills the Django admin strings that Django's own Vietnamese catalogue leaves in English.
LOCALE_PATHS = [BASE_DIR / "marketplace" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))

# Uploaded product photos: limits from the foundation issue (decompression-bomb guard).
IMAGE_MAX_BYTES = env.int("IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
# JPEG is decoded at a reduced size, so its cap can be high; PNG and WebP are decoded whole
# (4 bytes a pixel and copies), so theirs is lower. Photos are stored fitting IMAGE_MAX_SIDE.
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
IMAGE_MAX_PIXELS_FULL_DECODE = env.int("IMAGE_MAX_PIXELS_FULL_DECODE", default=12_500_000)
IMAGE_MAX_SIDE = env.int("IMAGE_MAX_SIDE", default=1600)
# Photos one account may upload per hour (each one costs a decode); counted in the database.
IMAGE_UPLOADS_PER_HOUR = env.int("IMAGE_UPLOADS_PER_HOUR", default=60)
IMAGE_THUMBNAIL_SIZES = (200, 600)
DATA_UPLOAD_MAX_MEMORY_SIZE = IMAGE_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Sign-in throttling (README "Sign-in limits"): failures per account from one client address,
# failures from one address over all accounts, and the account-wide count past which only
# addresses that have not failed (or have signed in before) may still try.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=50)
LOGIN_ACCOUNT_FAILURE_LIMIT = env.int("LOGIN_ACCOUNT_FAILURE_LIMIT", default=20)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=15 * 60)
# Where the counts live; they must be shared by every process. "database" works with no setup;
# "cache" uses CACHES (chosen by default when CACHE_URL names Redis or Memcached).
LOGIN_THROTTLE_STORE = env.str(
    "LOGIN_THROTTLE_STORE",
    default="cache"
    if env.str("CACHE_URL", default="").startswith(("redis", "rediss", "pymemcache"))
    else "database",
)
if LOGIN_THROTTLE_STORE not in ("database", "cache"):
    raise environ.ImproperlyConfigured("LOGIN_THROTTLE_STORE must be 'database' or 'cache'.")
# Reverse proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)

# Bearer tokens: short-lived access token, longer refresh token (both signed with SECRET_KEY).
ACCESS_TOKEN_TTL_SECONDS = env.int("ACCESS_TOKEN_TTL_SECONDS", default=15 * 60)
REFRESH_TOKEN_TTL_SECONDS = env.int("REFRESH_TOKEN_TTL_SECONDS", default=30 * 24 * 3600)

GRAPHIQL_ENABLED = env.bool("GRAPHIQL", default=DEBUG)
GRAPHQL_PAGE_SIZE_MAX = 100
GRAPHQL_MAX_DEPTH = env.int("GRAPHQL_MAX_DEPTH", default=10)
GRAPHQL_MAX_COST = env.int("GRAPHQL_MAX_COST", default=20_000)
GRAPHQL_MAX_ROOT_FIELDS = env.int("GRAPHQL_MAX_ROOT_FIELDS", default=20)
GRAPHQL_MAX_ALIASES = env.int("GRAPHQL_MAX_ALIASES", default=30)
GRAPHQL_MAX_FIELDS = env.int("GRAPHQL_MAX_FIELDS", default=500)
GRAPHQL_MAX_TOKENS = env.int("GRAPHQL_MAX_TOKENS", default=5_000)
GRAPHQL_MAX_INPUT_DEPTH = env.int("GRAPHQL_MAX_INPUT_DEPTH", default=32)
GRAPHQL_REQUEST_TIMEOUT_SECONDS = env.float("GRAPHQL_REQUEST_TIMEOUT_SECONDS", default=5.0)
GRAPHENE = {
    "SCHEMA": "marketplace.graphql.schema.schema",
    "ATOMIC_MUTATIONS": False,
    # graphene-django adds its SQL-recording debug middleware whenever DEBUG is on; it slows
    # every development request and wraps cursors in ways that break executemany.
    "MIDDLEWARE": [],
}

# Product search (search/): "embedded" is tantivy in SEARCH_INDEX_DIR, no server; "elasticsearch"
# is for scale; "database" runs the same matching in the database, and both fall back to it.
SEARCH_BACKEND = env.str("SEARCH_BACKEND", default="embedded")
SEARCH_INDEX_DIR = env.path("SEARCH_INDEX_DIR", default=str(VAR_DIR / "search"))
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="http://127.0.0.1:9200")
ELASTICSEARCH_INDEX = env.str("ELASTICSEARCH_INDEX", default="choso-products")
ELASTICSEARCH_TIMEOUT_SECONDS = env.float("ELASTICSEARCH_TIMEOUT_SECONDS", default=2.0)
# Apply index changes right after each commit in the web process (single-host default). Set to
# 0 when `manage.py search_worker` runs beside the web processes.
SEARCH_OUTBOX_INLINE = env.bool("SEARCH_OUTBOX_INLINE", default=True)
SEARCH_OUTBOX_BATCH_SIZE = env.int("SEARCH_OUTBOX_BATCH_SIZE", default=500)

# The province the marketplace serves (statistics-office code; 08 is Tuyên Quang) and the
# first two digits of the tax codes its tax offices issue (50 Tuyên Quang, 51 former Hà Giang).
# A seller outside it (commune or tax office) is refused or flagged for the officer.
MARKETPLACE_PROVINCE_CODE = env.str("MARKETPLACE_PROVINCE_CODE", default="08")
MARKETPLACE_TAX_OFFICE_PREFIXES = env.list("MARKETPLACE_TAX_OFFICE_PREFIXES", default=["50", "51"])
BUSINESS_OUT_OF_PROVINCE = env.str("BUSINESS_OUT_OF_PROVINCE", default="flag")
if BUSINESS_OUT_OF_PROVINCE not in ("refuse", "flag"):
    raise environ.ImproperlyConfigured("BUSINESS_OUT_OF_PROVINCE must be 'refuse' or 'flag'")

# Cart and orders (orders/). Money is integer VND; rates are basis points (300 = 3 %).
CHECKOUT_MAX_QUANTITY = env.int("CHECKOUT_MAX_QUANTITY", default=1_000)
CHECKOUT_MAX_LINES = env.int("CHECKOUT_MAX_LINES", default=100)
DELIVERY_FEE_SELLER = env.int("DELIVERY_FEE_SELLER", default=15_000)
DELIVERY_FEE_POST = env.int("DELIVERY_FEE_POST", default=30_000)
ORDER_COMMISSION_RATE_BPS = env.int("ORDER_COMMISSION_RATE_BPS", default=300)
ORDER_PAYMENT_TIMEOUT_MINUTES = env.int("ORDER_PAYMENT_TIMEOUT_MINUTES", default=30)
# Apply the order outbox (payment starts, refunds, notifications) right after each commit in
# the web process; `manage.py orders_worker` applies retries, and everything when this is off.
ORDER_OUTBOX_INLINE = env.bool("ORDER_OUTBOX_INLINE", default=True)
# A delivered order the buyer neither completes nor disputes completes itself (orders_complete_delivered).
ORDER_AUTO_COMPLETE_DAYS = env.int("ORDER_AUTO_COMPLETE_DAYS", default=7)
ORDER_NOTIFICATION_BACKENDS = env.list(
    "ORDER_NOTIFICATION_BACKENDS", default=["orders.notifications.ConsoleBackend"]
)
# Payment method → provider class (payments/providers.py, implementing orders/providers.py). A
# method left out is refused at checkout; the payments issue adds VNPay, the wallet and bank transfer.
PAYMENT_PROVIDERS = {"cod": "payments.providers.CashOnDelivery"}
# --- payments: vnpay ---
# VNPay API 2.1.0 (payments/vnpay/). Development defaults point at the local sandbox gateway
# (`manage.py vnpay_sandbox`, started by serve_demo), so paying works offline; production sets
# the terminal code and secret VNPay issues and its URLs (sandbox: https://sandbox.vnpayment.vn).
VNPAY_SANDBOX_PORT = env.int("VNPAY_SANDBOX_PORT", default=8001)
# The address the local sandbox listens on (0.0.0.0 inside a container whose port is published).
VNPAY_SANDBOX_HOST = env.str("VNPAY_SANDBOX_HOST", default="127.0.0.1")
VNPAY_TMN_CODE = env.str("VNPAY_TMN_CODE", default="CHOSO001" if DEBUG else "")
VNPAY_HASH_SECRET = env.str("VNPAY_HASH_SECRET", default="SANDBOX-SECRET-NOT-FOR-PRODUCTION" if DEBUG else "")
VNPAY_PAY_URL = env.str(
    "VNPAY_PAY_URL", default=f"http://127.0.0.1:{VNPAY_SANDBOX_PORT}/paymentv2/vpcpay.html"
)
VNPAY_API_URL = env.str(
    "VNPAY_API_URL", default=f"http://127.0.0.1:{VNPAY_SANDBOX_PORT}/merchant_webapi/api/transaction"
)
# Where buyers come back (our return view) and where the gateway sends the IPN (registered in
# VNPay's merchant portal; the sandbox reads it from here).
VNPAY_RETURN_URL = env.str("VNPAY_RETURN_URL", default="http://127.0.0.1:8000/payments/vnpay/return/")
VNPAY_IPN_URL = env.str("VNPAY_IPN_URL", default="http://127.0.0.1:8000/payments/vnpay/ipn/")
VNPAY_EXPIRE_MINUTES = env.int("VNPAY_EXPIRE_MINUTES", default=15)
VNPAY_RECONCILE_AFTER_MINUTES = env.int("VNPAY_RECONCILE_AFTER_MINUTES", default=20)
VNPAY_TIMEOUT_SECONDS = env.float("VNPAY_TIMEOUT_SECONDS", default=10.0)
if VNPAY_TMN_CODE and VNPAY_HASH_SECRET:
    PAYMENT_PROVIDERS["vnpay"] = "payments.vnpay.provider.VNPayProvider"
# --- end payments: vnpay ---
# --- payments: settle ---
# Tax withholding (Decree 117/2025/NĐ-CP): seller kinds withheld (Business.Kind values; enterprises
# and cooperatives declare their own taxes) and the rates in basis points (100 = 1 %): goods on
# the goods part of a sale, transport on the delivery fee.
TAX_WITHHOLDING_KINDS = env.list("TAX_WITHHOLDING_KINDS", default=["household", "cooperative_group"])
TAX_WITHHOLDING_GOODS_VAT_BPS = env.int("TAX_WITHHOLDING_GOODS_VAT_BPS", default=100)
TAX_WITHHOLDING_GOODS_PIT_BPS = env.int("TAX_WITHHOLDING_GOODS_PIT_BPS", default=50)
TAX_WITHHOLDING_TRANSPORT_VAT_BPS = env.int("TAX_WITHHOLDING_TRANSPORT_VAT_BPS", default=300)
TAX_WITHHOLDING_TRANSPORT_PIT_BPS = env.int("TAX_WITHHOLDING_TRANSPORT_PIT_BPS", default=150)
# A payout run pays a business only when its payable reaches this many VND (bank fees).
PAYOUT_MINIMUM_AMOUNT = env.int("PAYOUT_MINIMUM_AMOUNT", default=10_000)
# A gateway refund sent but unanswered may be recorded by hand (refundMark) only this long after
# it was sent: an answer or a reconciliation may still come, and would contradict the mark.
REFUND_MANUAL_MARK_AFTER_MINUTES = env.int("REFUND_MANUAL_MARK_AFTER_MINUTES", default=30)
# --- end payments: settle ---
# --- payments: wallets ---
# Mobile-Money-style wallets (payments/wallets/). Decree 368/2025/NĐ-CP (from 2026-01-01): a
# personal wallet's withdrawals + transfers + payments in a calendar month (Asia/Ho_Chi_Minh) may
# not pass this many VND (10,000,000 under the 2021 pilot); merchant wallets are not capped.
WALLET_MONTHLY_CAP = env.int("WALLET_MONTHLY_CAP", default=100_000_000)
# The largest single operation accepted (VND), whatever the balance.
WALLET_MAX_AMOUNT = env.int("WALLET_MAX_AMOUNT", default=100_000_000)
# Wrong PINs in a row before the wallet locks, and for how long (minutes).
WALLET_PIN_MAX_FAILURES = env.int("WALLET_PIN_MAX_FAILURES", default=5)
WALLET_PIN_LOCK_MINUTES = env.int("WALLET_PIN_LOCK_MINUTES", default=30)
# Fraud safety: a first transfer to a new recipient above this many VND, or a transfer when this
# many were sent in the last WALLET_VELOCITY_MINUTES, is held for WALLET_HOLD_MINUTES (the sender
# may cancel it meanwhile; it is sent by itself at the end).
WALLET_HOLD_NEW_RECIPIENT_ABOVE = env.int("WALLET_HOLD_NEW_RECIPIENT_ABOVE", default=2_000_000)
WALLET_VELOCITY_COUNT = env.int("WALLET_VELOCITY_COUNT", default=3)
WALLET_VELOCITY_MINUTES = env.int("WALLET_VELOCITY_MINUTES", default=10)
WALLET_HOLD_MINUTES = env.int("WALLET_HOLD_MINUTES", default=30)
# --- end payments: wallets ---
# --- payments: wallet money ---
# The wallet as a payment method (payments/wallets/provider.py): always offered, it needs no
# gateway; buyers pay with walletPay and their PIN, top up through VNPay (walletTopUp).
PAYMENT_PROVIDERS["wallet"] = "payments.wallets.provider.WalletProvider"
# --- end payments: wallet money ---
# --- payments: wallets transfers ---
# Recipient look-ups (transfer previews, and transfers to a number without a wallet) one user may
# make per hour: which numbers have a wallet is what a scammer wants to learn.
WALLET_RECIPIENT_LOOKUPS_PER_HOUR = env.int("WALLET_RECIPIENT_LOOKUPS_PER_HOUR", default=30)
# --- end payments: wallets transfers ---
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Chợ Số <no-reply@localhost>")

if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- payments: bank ---
# The platform's own account buyers transfer to (VietQR, NAPAS 247). Development (DEBUG) defaults
# are a fake account (all zeros, "do not transfer" as holder) so the demo shows a QR and pays by
# a statement import or the webhook, and a scanned demo QR sends no one's money to a real
# account; production must set all three: while any is empty the method is not offered
# (checkout answers PAYMENT_METHOD_UNAVAILABLE).
BANK_COLLECTION_BIN = env.str("BANK_COLLECTION_BIN", default="970415" if DEBUG else "")
BANK_COLLECTION_ACCOUNT = env.str("BANK_COLLECTION_ACCOUNT", default="000000000000" if DEBUG else "")
BANK_COLLECTION_NAME = env.str(
    "BANK_COLLECTION_NAME", default="CHO SO DEMO KHONG CHUYEN TIEN" if DEBUG else ""
)
# HMAC-SHA256 key shared with the bank-notification service; empty refuses every webhook call.
BANK_WEBHOOK_SECRET = env.str("BANK_WEBHOOK_SECRET", default="")
BANK_WEBHOOK_MAX_BYTES = env.int("BANK_WEBHOOK_MAX_BYTES", default=16 * 1024)
BANK_STATEMENT_MAX_BYTES = env.int("BANK_STATEMENT_MAX_BYTES", default=2 * 1024 * 1024)
BANK_STATEMENT_MAX_ROWS = env.int("BANK_STATEMENT_MAX_ROWS", default=5_000)
if BANK_COLLECTION_BIN and BANK_COLLECTION_ACCOUNT and BANK_COLLECTION_NAME:
    PAYMENT_PROVIDERS["bank_transfer"] = "payments.banktransfer.provider.BankTransferProvider"

# --- payments: momo ---
# MoMo e-wallet gateway, API v2 captureWallet (payments/momo/). Development (DEBUG) defaults point
# at the local sandbox gateway (`manage.py momo_sandbox`, started by serve_demo) with demo keys,
# so paying by MoMo works offline; production sets the partner code and keys MoMo issues and its
# endpoint (test: https://test-payment.momo.vn, live: https://payment.momo.vn). While any key is
# empty the method is not offered (checkout answers PAYMENT_METHOD_UNAVAILABLE).
MOMO_SANDBOX_PORT = env.int("MOMO_SANDBOX_PORT", default=8002)
# The address the local sandbox listens on (0.0.0.0 inside a container whose port is published).
MOMO_SANDBOX_HOST = env.str("MOMO_SANDBOX_HOST", default="127.0.0.1")
MOMO_PARTNER_CODE = env.str("MOMO_PARTNER_CODE", default="CHOSOMOMO01" if DEBUG else "")
MOMO_ACCESS_KEY = env.str("MOMO_ACCESS_KEY", default="SANDBOXACCESSKEY" if DEBUG else "")
MOMO_SECRET_KEY = env.str(
    "MOMO_SECRET_KEY", default="SANDBOX-MOMO-SECRET-NOT-FOR-PRODUCTION" if DEBUG else ""
)
# The API's base URL: create, query and refund are under /v2/gateway/api/.
MOMO_ENDPOINT = env.str("MOMO_ENDPOINT", default=f"http://127.0.0.1:{MOMO_SANDBOX_PORT}")
# Where MoMo sends the buyer back (our return page) and the server-to-server IPN (sent with each
# create request, so no portal registration is needed).
MOMO_REDIRECT_URL = env.str("MOMO_REDIRECT_URL", default="http://127.0.0.1:8000/payments/momo/return/")
MOMO_IPN_URL = env.str("MOMO_IPN_URL", default="http://127.0.0.1:8000/payments/momo/ipn/")
# How long a MoMo pay link is offered again to the same buyer before a new one is opened
# (minutes; never past the payment group's own deadline), and when an attempt nobody told us
# about is asked with the query API (payments.momo.reconcile, run by `payments_reconcile`).
MOMO_EXPIRE_MINUTES = env.int("MOMO_EXPIRE_MINUTES", default=15)
MOMO_RECONCILE_AFTER_MINUTES = env.int("MOMO_RECONCILE_AFTER_MINUTES", default=20)
MOMO_TIMEOUT_SECONDS = env.float("MOMO_TIMEOUT_SECONDS", default=10.0)
if MOMO_PARTNER_CODE and MOMO_ACCESS_KEY and MOMO_SECRET_KEY:
    PAYMENT_PROVIDERS["momo"] = "payments.momo.provider.MomoProvider"
# --- end payments: momo ---

# --- payments: wallets (identity) ---
# Where text messages (one-time codes) go: the console in development (prints the code, the
# phone masked); a provider's subclass of marketplace.accounts.sms.SmsBackend in production.
SMS_BACKEND = env.str("SMS_BACKEND", default="marketplace.accounts.sms.ConsoleSms")
# One-time codes: valid this many minutes, this many wrong tries, at most one per
# WALLET_OTP_RESEND_SECONDS and WALLET_OTP_MAX_PER_HOUR per person and purpose.
WALLET_OTP_MINUTES = env.int("WALLET_OTP_MINUTES", default=5)
WALLET_OTP_MAX_TRIES = env.int("WALLET_OTP_MAX_TRIES", default=5)
WALLET_OTP_RESEND_SECONDS = env.int("WALLET_OTP_RESEND_SECONDS", default=60)
WALLET_OTP_MAX_PER_HOUR = env.int("WALLET_OTP_MAX_PER_HOUR", default=5)
# Who confirms that a name and citizen ID number are those the phone number is registered to
# (a carrier's subscriber lookup in production). The development default accepts any
# well-formed 12-digit CCCD consistent with the birth date, and any name.
WALLET_SUBSCRIBER_REGISTRY = env.str(
    "WALLET_SUBSCRIBER_REGISTRY", default="payments.wallets.subscriber.DevelopmentRegistry"
)
# --- end payments: wallets (identity) ---
