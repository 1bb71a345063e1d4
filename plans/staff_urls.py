from django.urls import path

from plans import staff_views

app_name = "staff"
urlpatterns = [
    path("", staff_views.dashboard, name="dashboard"),
    path("plans/new/", staff_views.plan_create, name="plan_create"),
    path("plans/<slug:slug>/", staff_views.plan_edit, name="plan_edit"),
    path("plans/<slug:slug>/phases/", staff_views.plan_phases, name="plan_phases"),
    path("plans/<slug:slug>/events/", staff_views.plan_events, name="plan_events"),
]
