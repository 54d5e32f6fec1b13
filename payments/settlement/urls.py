from django.urls import path, re_path

from payments.settlement import views

urlpatterns = [
    re_path(
        r"^statements/(?P<business_id>[0-9]{1,18})\.(?P<fmt>xlsx|csv)$",
        views.statement_file,
        name="business-statement-file",
    ),
    path("payout-batches/<int:batch_id>.csv", views.payout_batch_file, name="payout-batch-csv"),
]
