from django.urls import path

from commitments import views

app_name = "commitments"
urlpatterns = [
    path("", views.commitment_list, name="list"),
    path("new/", views.commitment_new, name="new"),
    path("mine/", views.workspace, name="workspace"),
    path("staff/", views.staff_overview, name="staff_overview"),
    path("<str:identifier>/", views.commitment_detail, name="detail"),
    path("<str:identifier>/edit/", views.commitment_edit, name="edit"),
    path("<str:identifier>/history/", views.commitment_history, name="history"),
    path("<str:identifier>/history/<int:number>/restore/", views.commitment_restore_view, name="restore"),
    path("<str:identifier>/step/<slug:name>/", views.commitment_transition_view, name="transition"),
]
