"""Pages of the reporting rounds (#15.3, #15.5): staff pages under /staff/plans/<slug>/rounds/,
the public page of a round (with the forum's comments) under /plans/<slug>/rounds/."""

from django.urls import path

from implementation import rounds_views as views

app_name = "implementation_rounds"

urlpatterns = [
    path("staff/plans/<slug:slug>/rounds/", views.staff_list, name="staff_list"),
    path("staff/plans/<slug:slug>/rounds/new/", views.round_new, name="staff_new"),
    path("staff/plans/<slug:slug>/rounds/<int:pk>/", views.staff_round, name="staff_round"),
    path("staff/plans/<slug:slug>/rounds/<int:pk>/agenda/", views.staff_agenda, name="staff_agenda"),
    path("plans/<slug:slug>/rounds/", views.round_list, name="list"),
    path("plans/<slug:slug>/rounds/<int:pk>/", views.round_detail, name="detail"),
    path("plans/<slug:slug>/rounds/<int:pk>/comment/", views.comment, name="comment"),
]
