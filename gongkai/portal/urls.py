from django.urls import path

from . import feeds, kiosk, staff_views, views

app_name = "portal"

# Who may open each staff page: see gongkai/disclosure/urls.py ACCESS (the rest is public).
ACCESS = {
    "staff-feedback": "somewhere:feedback.moderate",
    "staff-feedback-moderate": "feedback.moderate",
    "staff-open-days": "somewhere:openday.edit",
    "staff-openday-new": "somewhere:openday.edit",
    "staff-openday": "openday.edit",
    "staff-opinion-answer": "openday.edit",
}

urlpatterns = [
    path("search/", views.search, name="search"),
    path("large-type/", views.large_type, name="large-type"),
    path("gk/<slug:agency_slug>/", views.column, name="column"),
    path("gk/<slug:agency_slug>/guide/", views.guide, name="guide"),
    path("gk/<slug:agency_slug>/rules/", views.rules, name="rules"),
    path("gk/<slug:agency_slug>/catalog/", views.catalog, name="catalog"),
    path("gk/<slug:agency_slug>/catalog/<slug:category_slug>/", views.catalog, name="catalog-category"),
    path("gk/<slug:agency_slug>/items/<int:pk>/", views.item_detail, name="item"),
    path("gk/<slug:agency_slug>/items/<int:pk>/feedback/", views.item_feedback, name="item-feedback"),
    path("gk/<slug:agency_slug>/attachments/<int:pk>/", views.attachment, name="attachment"),
    path("gk/<slug:agency_slug>/boards/", views.boards, name="boards"),
    path("gk/<slug:agency_slug>/boards/<int:village_id>/", views.board, name="board"),
    path("gk/<slug:agency_slug>/boards/<int:village_id>/sheet.pdf", views.board_sheet, name="board-sheet"),
    path("gk/<slug:agency_slug>/open-days/", views.open_days, name="open-days"),
    path("gk/<slug:agency_slug>/open-days/<int:pk>/", views.open_day_detail, name="open-day"),
    path("gk/<slug:agency_slug>/open-days/<int:pk>/register/", views.open_day_register, name="open-day-register"),
    path("gk/<slug:agency_slug>/open-days/<int:pk>/opinion/", views.open_day_opinion, name="open-day-opinion"),
    path("gk/<slug:agency_slug>/feed.rss", feeds.AgencyFeed(), name="feed-rss"),
    path("gk/<slug:agency_slug>/feed.atom", feeds.AgencyAtomFeed(), name="feed-atom"),
    path("gk/<slug:agency_slug>/catalog/<slug:category_slug>/feed.rss", feeds.AgencyFeed(), name="category-feed-rss"),
    path(
        "gk/<slug:agency_slug>/catalog/<slug:category_slug>/feed.atom",
        feeds.AgencyAtomFeed(),
        name="category-feed-atom",
    ),
    path("kiosk/", kiosk.home, name="kiosk"),
    path("kiosk/<slug:agency_slug>/", kiosk.agency, name="kiosk-agency"),
    path("kiosk/<slug:agency_slug>/village/<int:village_id>/", kiosk.village, name="kiosk-village"),
    path("kiosk/<slug:agency_slug>/items/<int:pk>/", kiosk.item, name="kiosk-item"),
    path("staff/portal/feedback/", staff_views.feedback_list, name="staff-feedback"),
    path("staff/portal/feedback/<int:pk>/", staff_views.feedback_moderate, name="staff-feedback-moderate"),
    path("staff/portal/open-days/", staff_views.open_day_list, name="staff-open-days"),
    path("staff/portal/open-days/new/", staff_views.open_day_new, name="staff-openday-new"),
    path("staff/portal/open-days/<int:pk>/", staff_views.open_day_edit, name="staff-openday"),
    path("staff/portal/opinions/<int:pk>/answer/", staff_views.opinion_answer, name="staff-opinion-answer"),
]
