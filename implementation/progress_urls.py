"""Pages of implementation (progress): the public progress of a plan and its open data, the
action holder's reports, the process owners' checks."""

from django.urls import path

from implementation import progress_views as views

app_name = "implementation_progress"
urlpatterns = [
    path("plans/<slug:slug>/progress/", views.plan_progress_page, name="progress_plan"),
    path("progress/mine/", views.my_progress, name="progress_mine"),
    path("progress/milestones/<int:pk>/report/", views.report_form, name="progress_report"),
    path("progress/evidence/<int:pk>/", views.evidence_file, name="progress_evidence"),
    path("staff/progress/", views.checks, name="progress_checks"),
    path("staff/progress/<int:pk>/", views.check, name="progress_check"),
    path("open-data/progress.csv", views.progress_csv, name="progress_csv"),
    path("open-data/progress.json", views.progress_json, name="progress_json"),
]
