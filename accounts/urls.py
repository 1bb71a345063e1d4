from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("activity/", views.activity, name="activity"),
    path("my-data/", views.my_data, name="my_data"),
    path("delete/", views.delete_account, name="delete"),
]
