from django.urls import path

from stakeholders import review_views as views

app_name = "stakeholders_review"

urlpatterns = [
    path("<slug:slug>/rounds/new/", views.round_new, name="round_new"),
    path("<slug:slug>/rounds/<int:pk>/", views.round_detail, name="round"),
    path("<slug:slug>/rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("<slug:slug>/rounds/<int:pk>/decisions/", views.decision_log, name="decision_log"),
    path("<slug:slug>/rounds/<int:pk>/moderation/", views.moderation, name="moderation"),
    path("<slug:slug>/rounds/<int:pk>/remarks/<int:remark_pk>/answer/", views.remark_answer, name="answer"),
    path("<slug:slug>/rounds/<int:pk>/<str:identifier>/", views.item_detail, name="item"),
    path("<slug:slug>/rounds/<int:pk>/<str:identifier>/review/", views.review_form, name="review"),
    path("<slug:slug>/rounds/<int:pk>/<str:identifier>/consultation/", views.consultation, name="consultation"),
    path(
        "<slug:slug>/rounds/<int:pk>/<str:identifier>/consultation/<int:remark_pk>/report/",
        views.consultation_report,
        name="consultation_report",
    ),
]
