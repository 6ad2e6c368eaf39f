from django.urls import path

from . import views

app_name = "disclosure"

# Who may open each page (checked by tests/accounts/test_access_matrix.py): an action of
# accounts.permissions on the agency the URL is about, "somewhere:<action>" for a page not about one
# agency, "login" for any signed-in person, "transition" where each action of the URL is a
# transition declared in services.TRANSITIONS; a function of the URL's arguments when the rule
# depends on them.
ACCESS = {
    "items": "item.read",
    "item-new": "item.draft",
    "item": "item.read",
    "item-edit": "item.draft",
    "item-action": "transition",
    "attachment": "item.read",
    "catalog": "item.read",
    "tally-import": "register.edit",
    "register": "agency.read",
    "boards": "item.read",
}

urlpatterns = [
    path("", views.item_list, name="items"),
    path("items/new/", views.item_new, name="item-new"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("items/<int:pk>/<slug:action>/", views.item_action, name="item-action"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("catalog/", views.catalog, name="catalog"),
    path("registers/tallies/import/", views.tally_import, name="tally-import"),
    path("registers/<slug:kind>/", views.register_list, name="register"),
    path("boards/", views.board_list, name="boards"),
]
