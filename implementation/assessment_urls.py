"""Pages of the end-of-term self-assessment (issue 15, point 7)."""

from django.urls import path, re_path

from implementation import assessment_views as views

app_name = "implementation_assessment"
urlpatterns = [
    path("plans/<slug:slug>/self-assessment/<int:pk>/", views.detail, name="detail"),
    path("plans/<slug:slug>/self-assessment/<int:pk>/pdf/", views.pdf, name="pdf"),
    path("staff/plans/<slug:slug>/self-assessment/", views.staff, name="staff"),
    re_path(
        r"^staff/plans/(?P<slug>[-a-zA-Z0-9_]+)/self-assessment/preview/(?P<language>en|nl)/$",
        views.preview,
        name="preview",
    ),
]
