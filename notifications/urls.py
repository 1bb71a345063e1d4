from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("follow/<slug:slug>/", views.follow, name="follow"),
    path("unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
]
