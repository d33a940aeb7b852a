from django.urls import path

from servicehall.archive import upload, views

app_name = "archive"
urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("upload/", upload.archive_upload, name="upload"),
    path("issues/<int:pk>/facts/", views.facts_page, name="facts"),
    path("facts/", views.fact_chart, name="fact_chart"),
    path("facts/confirm/", views.confirm_number, name="confirm_number"),
    path("documents/", views.document_list, name="documents"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/<int:pk>/<str:action>/", views.resolve_document, name="resolve_document"),
]
