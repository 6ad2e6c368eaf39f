from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from gongkai.accounts import twofactor
from gongkai.accounts import views as accounts
from gongkai.applications.urls import public_urlpatterns as applications_public
from gongkai.portal import views as portal
from gongkai.portal.api import api

admin.site.site_header = _("政府信息公开平台 · 系统管理")
admin.site.site_title = _("系统管理")
admin.site.index_title = _("配置")

# Who may open each staff page of this module: see gongkai/disclosure/urls.py ACCESS.
ACCESS = {"staff-home": "login", "deadline-calculator": "login"}

urlpatterns = [
    # The portal home replaces the foundation's agency list (accounts.home).
    path("", portal.home, name="home"),
    path("favicon.ico", portal.favicon, name="favicon"),
    path("", include("gongkai.portal.urls")),
    path("api/", api.urls),
    path("staff/", accounts.staff_home, name="staff-home"),
    path("staff/deadline/", accounts.deadline_calculator, name="deadline-calculator"),
    path("staff/disclosure/", include("gongkai.disclosure.urls")),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/otp/verify/", twofactor.verify, name="otp-verify"),
    path("accounts/otp/setup/", twofactor.setup, name="otp-setup"),
    path("staff/applications/", include("gongkai.applications.urls")),
    *applications_public,
    path("admin/", admin.site.urls),
    path("staff/appeals/", include("gongkai.appeals.urls")),
    path("", include("gongkai.reports.urls")),
]

# Chinese error pages in the site's layout (JSON under /api/): gongkai/errors.py.
handler400 = "gongkai.errors.bad_request"
handler403 = "gongkai.errors.permission_denied"
handler404 = "gongkai.errors.page_not_found"
handler500 = "gongkai.errors.server_error"
