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
    return {"large_type": request.COOKIES.get(LARGE_TYPE_COOKIE) == "1"}
