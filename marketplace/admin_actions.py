"""Admin bulk actions that go through the services, so the back office obeys the same rules
(permissions, allowed transitions, audit events) as the API."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _

from marketplace.errors import DomainError


def run_service_action(modeladmin, request, queryset, service, **kwargs) -> None:
    done = failed = 0
    for pk in queryset.values_list("pk", flat=True):
        try:
            service(officer=request.user, **{modeladmin.service_id_argument: pk}, **kwargs)
            done += 1
        except DomainError as exc:
            failed += 1
            modeladmin.message_user(request, f"#{pk}: {exc.message}", messages.WARNING)
    modeladmin.message_user(
        request, _("Đã xử lý %(done)d, bỏ qua %(failed)d.") % {"done": done, "failed": failed}, messages.INFO
    )


class ReadOnlyAdmin(admin.ModelAdmin):
    """A register to look things up in: the rows are written by migrations or services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
