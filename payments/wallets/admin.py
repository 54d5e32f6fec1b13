"""Wallets in the back office: for finance operators only (a person's wallet is personal
data), to look up, and to freeze or unfreeze through the services with a written reason.
The PIN's hash and the ID number's digest are never shown."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.admin_actions import ReadOnlyAdmin
from marketplace.errors import DomainError
from payments.permissions import is_finance_operator
from payments.wallets.core import mask_phone, vnd
from payments.wallets.freeze import REASON_MAX, wallet_freeze, wallet_unfreeze
from payments.wallets.models import Wallet, WalletAudit, WalletOperation
from payments.wallets.withdrawals import withdrawal_mark


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))

    def __init__(self, *args, label: str, max_length: int = REASON_MAX, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].max_length = max_length


REASON_LABEL = gettext_lazy("Lý do (bắt buộc, lưu vào nhật ký ví và báo cho chủ ví)")


def ask_then_run(modeladmin, request, queryset, *, action: str, title: str, label: str, run):
    """First a page asking one text (a reason, a bank reference); then `run(pk, text)` row by
    row through the services, each refusal reported."""
    form = ReasonForm(request.POST if "apply" in request.POST else None, label=label)
    if not form.is_bound or not form.is_valid():
        return TemplateResponse(
            request,
            "admin/wallets/wallet_reason.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": title,
                "form": form,
                "wallets": queryset,
                "action": action,
                "opts": modeladmin.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
    done = failed = 0
    for pk in queryset.values_list("pk", flat=True):
        try:
            run(pk, form.cleaned_data["reason"])
            done += 1
        except DomainError as exc:
            failed += 1
            modeladmin.message_user(request, f"#{pk}: {exc.message}", messages.WARNING)
    modeladmin.message_user(
        request, _("Đã xử lý %(done)d, bỏ qua %(failed)d.") % {"done": done, "failed": failed}, messages.INFO
    )
    return None


class FinanceOnly:
    def has_view_permission(self, request, obj=None):
        return is_finance_operator(request.user)

    def has_module_permission(self, request):
        return is_finance_operator(request.user)


class WalletAuditInline(FinanceOnly, admin.TabularInline):
    model = WalletAudit
    extra = 0
    can_delete = False
    readonly_fields = ("created_at", "action", "reason", "actor")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Wallet)
class WalletAdmin(FinanceOnly, ReadOnlyAdmin):
    list_display = ("__str__", "kind", "status", "phone_masked", "balance_vnd", "frozen_state", "created_at")
    list_filter = ("kind", "status", "frozen_by_operator")
    search_fields = ("holder_name", "phone", "business__name", "account__code")
    list_select_related = ("account", "business")
    date_hierarchy = "created_at"
    readonly_fields = (
        "kind",
        "status",
        "user",
        "business",
        "account",
        "phone",
        "holder_name",
        "id_number_last4",
        "birth_date",
        "phone_verified_at",
        "balance_vnd",
        "available_vnd",
        "pin_failures",
        "pin_locked_until",
        "frozen_at",
        "frozen_by_operator",
        "frozen_reason",
        "bank_bin",
        "bank_account_number",
        "bank_holder_name",
        "created_at",
    )
    fields = readonly_fields
    inlines = (WalletAuditInline,)
    actions = ("freeze", "unfreeze")

    @admin.display(description=gettext_lazy("số điện thoại"))
    def phone_masked(self, wallet):
        return mask_phone(wallet.phone)

    @admin.display(description=gettext_lazy("số dư"))
    def balance_vnd(self, wallet):
        return vnd(wallet.account.balance)

    @admin.display(description=gettext_lazy("dùng được"))
    def available_vnd(self, wallet):
        return vnd(wallet.account.available)

    @admin.display(description=gettext_lazy("đóng băng"))
    def frozen_state(self, wallet):
        if not wallet.is_frozen:
            return "—"
        return _("bởi nhân viên") if wallet.frozen_by_operator else _("bởi chủ ví")

    def has_freeze_permission(self, request):
        return is_finance_operator(request.user)

    @admin.action(description=gettext_lazy("Đóng băng các ví đã chọn (ghi lý do)"), permissions=("freeze",))
    def freeze(self, request, queryset):
        return ask_then_run(
            self,
            request,
            queryset,
            action="freeze",
            title=_("Đóng băng ví"),
            label=REASON_LABEL,
            run=lambda pk, reason: wallet_freeze(user=request.user, wallet_id=pk, reason=reason),
        )

    @admin.action(
        description=gettext_lazy("Mở đóng băng các ví đã chọn (ghi lý do)"), permissions=("freeze",)
    )
    def unfreeze(self, request, queryset):
        return ask_then_run(
            self,
            request,
            queryset,
            action="unfreeze",
            title=_("Mở đóng băng ví"),
            label=REASON_LABEL,
            run=lambda pk, reason: wallet_unfreeze(user=request.user, wallet_id=pk, reason=reason),
        )


@admin.register(WalletOperation)
class WalletOperationAdmin(FinanceOnly, ReadOnlyAdmin):
    list_display = ("reference", "wallet", "kind", "status", "amount_vnd", "created_at", "settled_at")
    list_filter = ("kind", "status")
    search_fields = ("reference", "wallet__account__code")
    list_select_related = ("wallet",)
    date_hierarchy = "created_at"
    readonly_fields = (
        "reference",
        "wallet",
        "kind",
        "status",
        "amount_vnd",
        "counterparty",
        "group_paid",
        "attempt_used",
        "hold_transfer",
        "hold_until",
        "hold_reason",
        "cap_month",
        "bank_account",
        "note",
        "requested_by",
        "created_at",
        "settled_at",
    )
    fields = readonly_fields
    actions = ("withdrawal_paid", "withdrawal_rejected")

    def has_mark_permission(self, request):
        return is_finance_operator(request.user)

    @admin.action(
        description=gettext_lazy("Lệnh rút đã chuyển khoản (ghi mã giao dịch ngân hàng)"),
        permissions=("mark",),
    )
    def withdrawal_paid(self, request, queryset):
        if queryset.count() != 1:
            # One bank transfer, one reference: a batch under one reference would hide mistakes.
            self.message_user(
                request, _("Chọn đúng một lệnh rút cho mỗi mã giao dịch ngân hàng."), messages.WARNING
            )
            return None
        return ask_then_run(
            self,
            request,
            queryset,
            action="withdrawal_paid",
            title=_("Xác nhận đã chuyển khoản lệnh rút"),
            label=_("Mã giao dịch ngân hàng (bắt buộc)"),
            run=lambda pk, text: withdrawal_mark(
                user=request.user, operation_id=pk, paid=True, reference=text
            ),
        )

    @admin.action(
        description=gettext_lazy("Từ chối các lệnh rút đã chọn, hoàn tiền vào ví (ghi lý do)"),
        permissions=("mark",),
    )
    def withdrawal_rejected(self, request, queryset):
        return ask_then_run(
            self,
            request,
            queryset,
            action="withdrawal_rejected",
            title=_("Từ chối lệnh rút"),
            label=_("Lý do từ chối (chủ ví sẽ đọc được, ví dụ: sai số tài khoản)"),
            run=lambda pk, text: withdrawal_mark(user=request.user, operation_id=pk, paid=False, note=text),
        )

    # The operation table's links carry no Vietnamese names of their own (the model is shared).
    @admin.display(description=gettext_lazy("nhóm thanh toán"))
    def group_paid(self, operation):
        return operation.payment_group or "—"

    @admin.display(description=gettext_lazy("lần thanh toán"))
    def attempt_used(self, operation):
        return operation.attempt or "—"

    @admin.display(description=gettext_lazy("bút toán tạm giữ"))
    def hold_transfer(self, operation):
        return operation.hold or "—"

    @admin.display(description=gettext_lazy("người yêu cầu"))
    def requested_by(self, operation):
        return operation.created_by or "—"

    @admin.display(description=gettext_lazy("số tiền"), ordering="amount")
    def amount_vnd(self, operation):
        return vnd(operation.amount)


@admin.register(WalletAudit)
class WalletAuditAdmin(FinanceOnly, ReadOnlyAdmin):
    list_display = ("created_at", "wallet", "action", "reason", "actor")
    list_filter = ("action",)
    search_fields = ("wallet__account__code", "reason")
    list_select_related = ("wallet", "actor")
    date_hierarchy = "created_at"
    readonly_fields = ("wallet", "action", "reason", "actor", "created_at")
    fields = readonly_fields
