from django.urls import path

from . import views

app_name = "reports"

REPORT = "staff/reports/<slug:slug>/<int:year>/"
CELL = "<str:table>/<str:row>/<str:column>/"

# Who may open each staff page: see gongkai/disclosure/urls.py ACCESS (transitions in services.py).
ACCESS = {
    "staff-index": "login",
    "staff-list": "report.read",
    "start": "report.draft",
    "import": "report.draft",
    "staff-detail": "report.read",
    "texts": "report.draft",
    "submit": "transition",
    "approve": "transition",
    "send-back": "transition",
    "correction": "transition",
    "compare": "report.read",
    "cell": views.cell_rule,
    "override": "report.draft",
    "override-remove": "report.draft",
    "supervise": "somewhere:supervise",
    "supervise-xlsx": "somewhere:supervise",
    "bulk-check": "somewhere:report.read",
    # A bulk check's files and findings belong to the person who started it.
    "bulk-check-detail": "owner:report.read",
    "bulk-check-xlsx": "owner:report.read",
}

urlpatterns = [
    path("staff/reports/", views.staff_index, name="staff-index"),
    path("staff/reports/<slug:slug>/", views.staff_list, name="staff-list"),
    path("staff/reports/<slug:slug>/start/", views.start, name="start"),
    path("staff/reports/<slug:slug>/import/", views.import_report, name="import"),
    path(REPORT, views.staff_detail, name="staff-detail"),
    path(REPORT + "texts/", views.save_texts, name="texts"),
    path(REPORT + "submit/", views.submit, name="submit"),
    path(REPORT + "approve/", views.approve, name="approve"),
    path(REPORT + "send-back/", views.send_back, name="send-back"),
    path(REPORT + "correction/", views.correction, name="correction"),
    path(REPORT + "compare/", views.compare, name="compare"),
    path(REPORT + "cell/" + CELL, views.cell, name="cell"),
    path(REPORT + "override/" + CELL, views.override, name="override"),
    path(REPORT + "override/" + CELL + "remove/", views.remove_override, name="override-remove"),
    path("staff/supervise/", views.supervise, name="supervise"),
    path("staff/supervise/rollup.xlsx", views.supervise_xlsx, name="supervise-xlsx"),
    path("staff/supervise/check/", views.bulk_check, name="bulk-check"),
    path("staff/supervise/check/<int:pk>/", views.bulk_check_detail, name="bulk-check-detail"),
    path("staff/supervise/check/<int:pk>.xlsx", views.bulk_check_xlsx, name="bulk-check-xlsx"),
    path("reports/<slug:slug>/", views.public_list, name="public-list"),
    path("reports/<slug:slug>/<int:year>/", views.public_detail, name="public-detail"),
    path("reports/<slug:slug>/<int:year>.docx", views.public_docx, name="public-docx"),
    path("reports/<slug:slug>/<int:year>.pdf", views.public_pdf, name="public-pdf"),
    path("reports/<slug:slug>/<int:year>.json", views.public_json, name="public-json"),
]
