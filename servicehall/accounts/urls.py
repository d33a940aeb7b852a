"""URL map of logging in and out, and of changing one's password (登录与密码)."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.password_validation import password_validators_help_texts
from django.http import HttpResponseRedirect
from django.urls import path

from servicehall.accounts.services import sign_in


class LoginView(auth_views.LoginView):
    """Django's login form; a sign-in's writes in one transaction (``accounts.services.sign_in``)."""

    def form_valid(self, form):
        sign_in(self.request, form.get_user())
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's form, which applies every AUTH_PASSWORD_VALIDATORS rule; the rules listed."""

    def get_context_data(self, **kwargs):
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
