from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from marketplace.graphql.views import MarketplaceGraphQLView

urlpatterns = [
    path("graphql/", MarketplaceGraphQLView.as_view(), name="graphql"),
    path("admin/", admin.site.urls),
    path("payments/", include("payments.urls")),
    # --- payments: settle --- statements and payout files
    path("payments/settlement/", include("payments.settlement.urls")),
    path("", include("frontend.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
