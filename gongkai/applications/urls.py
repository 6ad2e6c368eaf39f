from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.new_paper, name="new"),
    path("<int:pk>/", views.case_page, name="case"),
    path("<int:pk>/act/<slug:action>/", views.case_act, name="act"),
    path("<int:pk>/reveal/", views.case_reveal, name="reveal"),
    path("<int:pk>/letters/<int:letter_id>.<str:fmt>", views.letter_download, name="letter"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
]

public_urlpatterns = [
    path("apply/status/", views.status, name="apply-status"),
    path("apply/status/<str:code>/letters/<int:letter_id>.pdf", views.status_letter, name="apply-status-letter"),
    path("apply/receipt/<str:code>/", views.receipt, name="apply-receipt"),
    path("apply/<slug:agency_slug>/", views.apply, name="apply"),
]
