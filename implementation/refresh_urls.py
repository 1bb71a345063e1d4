"""Pages of the mid-term refresh (herijking) of a plan."""

from django.urls import path

from implementation import refresh_views as views

app_name = "implementation_refresh"
urlpatterns = [
    path("plans/<slug:slug>/refresh/", views.refresh_detail, name="detail"),
    path("plans/<slug:slug>/refresh/start/", views.refresh_start, name="start"),
    path("plans/<slug:slug>/refresh/publish/", views.refresh_publish, name="publish"),
    path("refresh/amend/<str:identifier>/", views.amend, name="amend"),
    path("refresh/amendments/<int:pk>/", views.amendment_detail, name="amendment"),
    path("refresh/amendments/<int:pk>/submit/", views.amendment_submit, name="amendment_submit"),
    path("refresh/amendments/<int:pk>/return/", views.amendment_return, name="amendment_return"),
    path("refresh/amendments/<int:pk>/publish/", views.amendment_publish, name="amendment_publish"),
    path("refresh/amendments/<int:pk>/comment/", views.amendment_comment, name="amendment_comment"),
]
