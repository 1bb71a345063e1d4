from django.urls import path

from ideas import staff_views, views

app_name = "ideas"
urlpatterns = [
    path("", views.idea_list, name="list"),
    path("new/", views.idea_create, name="create"),
    path("mine/", views.my_ideas, name="mine"),
    path("mine/<int:pk>/", views.my_idea_detail, name="mine_detail"),
    path("what-happened/", views.what_happened, name="what_happened"),
    path("building-blocks/", views.building_block_list, name="building_blocks"),
    path("building-blocks/<int:pk>/", views.building_block_detail, name="building_block"),
    path("<int:pk>/", views.idea_detail, name="detail"),
    path("<int:pk>/edit/", views.idea_edit, name="edit"),
    path("<int:pk>/withdraw/", views.idea_withdraw, name="withdraw"),
    path("<int:pk>/support/", views.support, name="support"),
    path("<int:pk>/report/", views.report, name="report"),
    path("staff/queue/", staff_views.moderation_queue, name="queue"),
    path("staff/enter/", staff_views.staff_enter, name="enter"),
    path("staff/answers/", staff_views.staff_answers, name="answers"),
    path("staff/building-blocks/new/", staff_views.staff_building_block, name="building_block_create"),
    path("staff/building-blocks/<int:pk>/", staff_views.staff_building_block, name="building_block_edit"),
    path("staff/<int:pk>/", staff_views.staff_idea, name="staff_idea"),
]
