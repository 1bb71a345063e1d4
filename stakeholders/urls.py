from django.urls import path

from stakeholders import staff_views, views

app_name = "stakeholders"

urlpatterns = [
    path("", views.forum_index, name="index"),
    # Staff pages first: "staff" is not a plan's web address.
    path("staff/plans/<slug:slug>/", staff_views.plan_forum, name="staff_plan"),
    path("staff/plans/<slug:slug>/seats/new/", staff_views.seat_new, name="staff_seat_new"),
    path("staff/seats/<int:pk>/", staff_views.seat_edit, name="staff_seat"),
    path("staff/plans/<slug:slug>/terms/", staff_views.terms_edit, name="staff_terms"),
    path("staff/plans/<slug:slug>/meetings/new/", staff_views.meeting_new, name="staff_meeting_new"),
    path("staff/meetings/<int:pk>/", staff_views.meeting_edit, name="staff_meeting"),
    path("staff/meetings/<int:pk>/invite/", staff_views.meeting_invite, name="staff_meeting_invite"),
    path("staff/meetings/<int:pk>/attendance/", staff_views.meeting_attendance, name="staff_meeting_attendance"),
    path("<slug:slug>/", views.forum_plan, name="plan"),
    path("<slug:slug>/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("<slug:slug>/meetings/<int:pk>/documents/<int:doc>/", views.meeting_document, name="meeting_document"),
]
