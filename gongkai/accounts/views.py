from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from gongkai.workdays.selectors import work_calendar

from . import demo, permissions
from .forms import DeadlineForm
from .todo import todo_for


@login_required
def staff_home(request):
    context = {
        "memberships": permissions.memberships(request.user),
        "sections": todo_for(request.user),
        "is_staff_member": permissions.is_staff_member(request.user),
    }
    return render(request, "accounts/staff_home.html", context)


@login_required
def deadline_calculator(request):
    form = DeadlineForm(request.GET or None, initial={"start": timezone.localdate(), "days": 20})
    due = None
    if form.is_valid():
        due = work_calendar().due(form.cleaned_data["start"], form.cleaned_data["days"])
    return render(request, "accounts/deadline.html", {"form": form, "due": due})


class LoginView(auth_views.LoginView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.DEBUG and demo.is_loaded():
            context["demo_people"] = [
                {"username": u, "password": pw, "title": title} for u, pw, _, title in demo.DEMO_PEOPLE
            ]
        return context
