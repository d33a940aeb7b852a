from django.urls import path

from servicehall.org import views

app_name = "org"

urlpatterns = [
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
    path("departments/add/", views.DepartmentCreateView.as_view(), name="department_add"),
    path("departments/<int:pk>/", views.DepartmentUpdateView.as_view(), name="department_edit"),
    path("windows/", views.WindowListView.as_view(), name="window_list"),
    path("windows/add/", views.WindowCreateView.as_view(), name="window_add"),
    path("windows/<int:pk>/", views.WindowUpdateView.as_view(), name="window_edit"),
    path("staff/", views.StaffListView.as_view(), name="staff_list"),
    path("staff/add/", views.StaffCreateView.as_view(), name="staff_add"),
    path("staff/<int:pk>/", views.StaffUpdateView.as_view(), name="staff_edit"),
    path("trainings/", views.TrainingSessionListView.as_view(), name="training_list"),
    path("trainings/add/", views.TrainingSessionCreateView.as_view(), name="training_add"),
    path("trainings/<int:pk>/", views.TrainingSessionUpdateView.as_view(), name="training_edit"),
]
