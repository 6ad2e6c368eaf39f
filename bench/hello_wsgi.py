"""The floor of the intake benchmark: a hello-world form on the same stack (gunicorn, Django, the
CSRF middleware, a cookie) — GET shows a form with its CSRF token, POST checks it and redirects
to a receipt, as the real public form does, with nothing else behind it.

    gunicorn bench.hello_wsgi --workers 2
"""

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-hello-only",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}],
)

import django  # noqa: E402

django.setup()

from django.http import HttpResponse, HttpResponseRedirect  # noqa: E402
from django.middleware.csrf import get_token  # noqa: E402
from django.urls import path  # noqa: E402


def form(request):
    if request.method == "POST":
        return HttpResponseRedirect(f"/apply/receipt/{len(request.POST)}/")
    token = get_token(request)
    return HttpResponse(
        f'<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        '<input name="name"><button>提交</button></form>'
    )


urlpatterns = [path("", form), path("apply/gaoshawo/", form)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
