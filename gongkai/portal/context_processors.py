from django.urls import NoReverseMatch, reverse

LARGE_TYPE_COOKIE = "gk_large"


def reports_url(agency=None):
    """The annual-report listing of the reports app (URL name reports:public-list, per agency),
    once that app is installed; else None and the menu entry is left out."""
    if agency is None:
        return None
    for kwargs in ({"slug": agency.slug}, {"agency_slug": agency.slug}):
        try:
            return reverse("reports:public-list", kwargs=kwargs)
        except NoReverseMatch:
            continue
    return None


def portal(request):
    return {"large_type": request.COOKIES.get(LARGE_TYPE_COOKIE) == "1", "portal_staff": lambda: staff_links(request.user)}


def staff_links(user):
    """The portal's staff pages this person may open (evaluated only when a template asks)."""
    from gongkai.accounts import permissions

    if not user.is_authenticated:
        return {}
    return {
        "feedback": permissions.agencies_where(user, "feedback.moderate").exists(),
        "openday": permissions.agencies_where(user, "openday.edit").exists(),
    }
