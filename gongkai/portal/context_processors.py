from django.urls import NoReverseMatch, reverse

LARGE_TYPE_COOKIE = "gk_large"


def reports_url(agency=None):
    """The annual-report listing of the reports app, once that app is installed; else None."""
    try:
        if agency is not None:
            try:
                return reverse("reports:public-list", kwargs={"agency_slug": agency.slug})
            except NoReverseMatch:
                return reverse("reports:public-list") + f"?agency={agency.slug}"
        return reverse("reports:public-list")
    except NoReverseMatch:
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
