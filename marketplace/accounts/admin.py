"""Back office for accounts: Django's UserAdmin adapted to a phone-number login."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from marketplace.accounts import selectors, services
from marketplace.accounts.errors import EmailTaken, PhoneTaken
from marketplace.accounts.models import User
from marketplace.accounts.officers import staff_access_sync
from marketplace.accounts.phone import InvalidPhone, display_phone, normalize_phone
from marketplace.errors import DomainError


class _PhoneAndEmailCleaning:
    """The same normalisation as sign-up, so a number typed as `0912 345 678` in the back
    office is stored as `+84912345678` and found again at login."""

    instance: User
    cleaned_data: dict

    def clean_phone(self) -> str:
        try:
            phone = normalize_phone(self.cleaned_data.get("phone") or "")
        except InvalidPhone as exc:
            raise ValidationError(str(exc.message), code=exc.code) from exc
        if selectors.phone_is_registered(phone=phone, exclude_user_id=self.instance.pk):
            raise ValidationError(str(PhoneTaken.message), code=PhoneTaken.code)
        return phone

    def clean_email(self) -> str | None:
        try:
            email = services.email_clean(self.cleaned_data.get("email"))
        except DomainError as exc:
            raise ValidationError(str(exc.message), code=exc.code) from exc
        if email and selectors.email_is_registered(email=email, exclude_user_id=self.instance.pk):
            raise ValidationError(str(EmailTaken.message), code=EmailTaken.code)
        return email


class UserCreationForm(_PhoneAndEmailCleaning, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("phone", "full_name", "email", "role")
        widgets = {"phone": forms.TextInput(attrs={"placeholder": "0912 345 678"})}


class UserChangeForm(_PhoneAndEmailCleaning, DjangoUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("phone", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "email")}),
        (
            _("Phân quyền"),
            {"fields": ("role", "is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Mốc thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "phone",
                    "full_name",
                    "email",
                    "role",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = (
        "phone_display",
        "full_name",
        "email",
        "role",
        "is_active",
        "is_staff",
        "date_joined",
    )
    list_filter = ("role", "is_active", "is_staff", "is_superuser", "groups")
    search_fields = ("phone", "email", "full_name")
    ordering = ("-date_joined", "-id")

    def save_related(self, request, form, formsets, change):
        # After the form's groups are saved, or they would overwrite the role's group.
        super().save_related(request, form, formsets, change)
        staff_access_sync(user=form.instance)

    @admin.display(description=_("số điện thoại"), ordering="phone")
    def phone_display(self, user: User) -> str:
        return display_phone(user.phone)

    def get_search_results(self, request, queryset, search_term):
        # Staff type numbers the way people say them (`0912 345 678`); rows hold E.164.
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        try:
            phone = normalize_phone(search_term)
        except InvalidPhone:
            return results, may_have_duplicates
        # `queryset` already carries the sidebar filters; stay inside them.
        return results | queryset.filter(phone=phone), may_have_duplicates
