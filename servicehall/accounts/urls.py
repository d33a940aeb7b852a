"""URL map of logging in and out, and of changing one's password (登录与密码)."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import path, reverse
from django.utils.translation import gettext as _

from servicehall.accounts.services import sign_in


class LoginView(auth_views.LoginView):
    """Django's login form; a sign-in's writes in one transaction (``accounts.services.sign_in``)."""

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        sign_in(self.request, form.get_user())
        return HttpResponseRedirect(self.get_success_url())


class AdminLoginView(LoginView):
    """Django admin's login page — its form (staff only), page and context as ``AdminSite.login``
    gives them — signing in through the same one transaction as ours; routed before
    ``admin.site.urls``, whose own view writes in five."""

    authentication_form = AdminAuthenticationForm
    template_name = "admin/login.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "GET" and admin.site.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=admin.site.name))
        request.current_app = admin.site.name
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        request = self.request
        context = {
            **super().get_context_data(**kwargs),
            **admin.site.each_context(request),
            "title": _("Log in"),
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
        }
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=admin.site.name)
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's form, which applies every AUTH_PASSWORD_VALIDATORS rule; the rules listed."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "password_help": password_validators_help_texts(),
        }


urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
