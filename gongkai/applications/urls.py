from django.urls import path

from . import account, applicant, views

app_name = "applications"

# Who may open each page: see gongkai/disclosure/urls.py ACCESS (transitions in transitions.py).
ACCESS = {
    "list": "somewhere:application.view",
    "new": "somewhere:application.register",
    "case": "application.view",
    "act": "transition",
    "reveal": "application.personal_data",
    "letter": "application.view",
    "attachment": "application.personal_data",
    "released": "application.view",
    "extension-decide": "application.extend",
    "notice-retry": "application.handle",
    "message-handled": "application.handle",
    "receipt": "application.view",
    # Read by those who may read the case (or sign it, where the agency requires a sign-off).
    "sign-off": "application.view",
}

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.new_paper, name="new"),
    path("<int:pk>/", views.case_page, name="case"),
    path("<int:pk>/act/<slug:action>/", views.case_act, name="act"),
    path("<int:pk>/reveal/", views.case_reveal, name="reveal"),
    path("<int:pk>/letters/<int:letter_id>.<str:fmt>", views.letter_download, name="letter"),
    path("<int:pk>/receipt.<str:fmt>", views.receipt_download, name="receipt"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("<int:pk>/released/<int:file_id>/", views.released_download, name="released"),
    path("<int:pk>/extension-requests/<int:request_id>/", views.extension_decide, name="extension-decide"),
    path("<int:pk>/notices/<int:notice_id>/retry/", views.notice_retry, name="notice-retry"),
    path("<int:pk>/messages/<int:message_id>/handled/", views.message_handle, name="message-handled"),
    path("letters/<int:letter_id>/sign-off/", views.letter_sign_off, name="sign-off"),
]

public_urlpatterns = [
    path("apply/status/", applicant.status, name="apply-status"),
    path("apply/status/forget/", applicant.forget, name="apply-forget"),
    path("apply/my/<int:pk>/", applicant.case_page, name="apply-case"),
    path("apply/my/<int:pk>/correct/", applicant.correct, name="apply-correct"),
    path("apply/my/<int:pk>/message/", applicant.message, name="apply-message"),
    path("apply/my/<int:pk>/withdraw/", applicant.withdraw, name="apply-withdraw"),
    path("apply/my/<int:pk>/letters/<int:letter_id>.pdf", applicant.letter_pdf, name="apply-letter"),
    path("apply/my/<int:pk>/released/<int:file_id>/", applicant.released, name="apply-released"),
    path("apply/receipt/<int:pk>/", views.receipt, name="apply-receipt"),
    path("apply/receipt/<int:pk>/receipt.<str:fmt>", views.receipt_file, name="apply-receipt-file"),
    # Citizen accounts (before the agency's form, whose slug would match "account").
    path("apply/account/", account.home, name="account"),
    path("apply/account/register/", account.register, name="account-register"),
    path("apply/account/verify/", account.verify, name="account-verify"),
    path("apply/account/verify/resend/", account.resend, name="account-resend"),
    path("apply/account/login/", account.login, name="account-login"),
    path("apply/account/logout/", account.logout, name="account-logout"),
    path("apply/account/claim/", account.claim, name="account-claim"),
    path("apply/account/reset/", account.reset, name="account-reset"),
    path("apply/account/reset/confirm/", account.reset_confirm, name="account-reset-confirm"),
    path("apply/<slug:agency_slug>/", views.apply, name="apply"),
]
