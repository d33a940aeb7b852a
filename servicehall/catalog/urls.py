from django.urls import path

from servicehall.catalog import views

app_name = "catalog"

urlpatterns = [
    path("items/", views.ServiceItemListView.as_view(), name="serviceitem_list"),
    path("items/add/", views.ServiceItemCreateView.as_view(), name="serviceitem_add"),
    path("items/<int:pk>/", views.ServiceItemUpdateView.as_view(), name="serviceitem_edit"),
    path("handling-items/", views.HandlingItemListView.as_view(), name="handlingitem_list"),
    path("handling-items/add/", views.HandlingItemCreateView.as_view(), name="handlingitem_add"),
    path(
        "handling-items/<int:pk>/",
        views.HandlingItemUpdateView.as_view(),
        name="handlingitem_edit",
    ),
    path("specs/", views.SpecListView.as_view(), name="spec_list"),
    path("specs/<int:pk>/", views.spec_item, name="spec_item"),
    path("specs/files/<int:pk>/", views.spec_download, name="spec_download"),
]
