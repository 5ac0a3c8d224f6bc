from django.urls import include, path

app_name = "portal"

urlpatterns: list = [
    path("school/", include("sendcase.portal.urls_schools")),
    path("advice/", include("sendcase.portal.urls_advisers")),
]
