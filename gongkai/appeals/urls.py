from django.urls import path

from . import views

app_name = "appeals"

# Who may open each page: see gongkai/disclosure/urls.py ACCESS.
ACCESS = {
    "index": "login",
    "list": "report.read",
    "new": "appeal.edit",
    "detail": "report.read",
    "edit": "appeal.edit",
}

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.appeal_list, name="list"),
    path("<slug:slug>/new/", views.appeal_new, name="new"),
    path("<slug:slug>/<int:pk>/", views.appeal_detail, name="detail"),
    path("<slug:slug>/<int:pk>/edit/", views.appeal_edit, name="edit"),
]
