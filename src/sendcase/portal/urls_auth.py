from django.urls import path

from .auth import one_login, views

urlpatterns = [
    path("sign-in/", views.sign_in, name="account_sign_in"),
    path("two-factor/", views.two_factor_check, name="account_two_factor"),
    path("two-factor/set-up/", views.two_factor_set_up, name="account_set_up"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="account_recovery_codes"),
    path("invitation/<str:token>/", views.accept_invitation, name="account_accept_invitation"),
    path("one-login/", one_login.start, name="account_one_login"),
    path("one-login/callback/", one_login.callback, name="account_one_login_callback"),
]
