from django.urls import path

from servicehall.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.desk, name="desk"),
    path("today/", views.events_today, name="events_today"),
    path("items/", views.desk_items, name="desk_items"),
    path("items/<int:pk>/handbook/", views.desk_handbook, name="desk_handbook"),
    path("window-cases/", views.desk_open, name="desk_open"),
    path("<str:case_no>/slips/<str:kind>/", views.case_slip, name="case_slip"),
    path("import/", views.import_file, name="import"),
    path("batches/<int:pk>/rollback/", views.batch_rollback, name="batch_rollback"),
    path("events/", views.CaseEventListView.as_view(), name="event_list"),
    path("open/", views.OpenCaseListView.as_view(), name="open_list"),
    path("all/", views.CaseListView.as_view(), name="case_list"),
]
