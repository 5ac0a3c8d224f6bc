from django.urls import include, path

app_name = "portal"

urlpatterns: list = [
    path("family/", include("sendcase.portal.urls_family")),
    path("account/", include("sendcase.portal.urls_auth")),
    path("school/", include("sendcase.portal.urls_schools")),
    path("advice/", include("sendcase.portal.urls_advisers")),
]
