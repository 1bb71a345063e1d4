from django.urls import path

from sessions import staff_views, views

app_name = "sessions"
urlpatterns = [
    path("", views.session_list, name="list"),
    # Staff pages first: "staff" is a reserved web address for sessions (see sessions.forms).
    path("staff/", staff_views.dashboard, name="staff_dashboard"),
    path("staff/new/", staff_views.session_create, name="staff_create"),
    path("staff/invite/", staff_views.invite, name="staff_invite"),
    path("staff/<slug:slug>/", staff_views.session_edit, name="staff_edit"),
    path("staff/<slug:slug>/cancel/", staff_views.session_cancel, name="staff_cancel"),
    path("staff/<slug:slug>/attendance/", staff_views.attendance, name="staff_attendance"),
    path("staff/<slug:slug>/participants/", staff_views.participants, name="staff_participants"),
    path("staff/<slug:slug>/participants/change/", staff_views.registration_change, name="staff_registration"),
    path("staff/<slug:slug>/participants.csv", staff_views.participants_csv, name="staff_participants_csv"),
    path("staff/<slug:slug>/report/", staff_views.report_edit, name="staff_report"),
    path("staff/<slug:slug>/outcomes/", staff_views.outcomes, name="staff_outcomes"),
    path("cancel/<str:token>/", views.cancel_link, name="cancel_link"),
    path("plans/<slug:slug>/calendar.ics", views.plan_ics, name="plan_ics"),
    path("<slug:slug>/", views.session_detail, name="detail"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/cancel/", views.cancel, name="cancel"),
    path("<slug:slug>/calendar.ics", views.session_ics, name="ics"),
    path("<slug:slug>/attachments/<int:pk>/", views.attachment, name="attachment"),
]
