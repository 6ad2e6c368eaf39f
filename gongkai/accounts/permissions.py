"""Every "may this person do X to this object" question is answered here.

A person acts through memberships (agency, unit, role). Staff act only inside their own agency;
a supervising office (上级政务公开办) reads down its tree of supervised agencies and writes
nowhere below it except to send a report back.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Agency, Membership, Role

R = Role
ALL_STAFF = frozenset(Role) - {R.SUPERVISOR}

# What each role may do inside its own agency.
AGENCY_ACTIONS = {
    "agency.read": ALL_STAFF,
    "item.read": ALL_STAFF,
    "item.draft": {R.CLERK, R.UNIT_HEAD, R.OGI, R.OGI_HEAD},
    "item.review_unit": {R.UNIT_HEAD},
    "item.review_leader": {R.LEADER},
    "item.publish": {R.OGI, R.OGI_HEAD},
    "item.confirm_personal_data": {R.OGI, R.OGI_HEAD},
    "catalog.edit": {R.OGI, R.OGI_HEAD},
    "register.edit": {R.CLERK, R.UNIT_HEAD, R.OGI, R.OGI_HEAD},
    "application.register": {R.CLERK, R.OGI, R.OGI_HEAD},
    "application.read": {R.OGI, R.OGI_HEAD, R.HEAD},
    "application.personal_data": {R.OGI, R.OGI_HEAD},
    "application.handle": {R.OGI, R.OGI_HEAD},
    "application.extend": {R.OGI_HEAD},
    # 审签 of letters to applicants, where the agency requires it (ApplicationSettings.sign_off).
    "letter.sign_off_leader": {R.LEADER, R.HEAD},
    "letter.sign_off_head": {R.HEAD},
    "appeal.edit": {R.OGI, R.OGI_HEAD},
    "report.read": ALL_STAFF,
    "report.draft": {R.OGI, R.OGI_HEAD},
    "report.approve": {R.HEAD},
    "feedback.moderate": {R.OGI, R.OGI_HEAD},
    "openday.edit": {R.OGI, R.OGI_HEAD},
    "calendar.use": ALL_STAFF,
}

# What a supervising office may do in the agencies below it.
# Reading covers every page of an agency's disclosure (items, registers), applications (without
# personal data) and reports; the only write is sending a report back.
SUPERVISOR_ACTIONS = {
    "agency.read",
    "item.read",
    "report.read",
    "report.send_back",
    "application.overview",
    "supervise",
}

# Configuration of the deployment, not records of an agency.
ADMIN_ACTIONS = {"calendar.edit", "config.edit"}

# Composite actions: granted when any one of their parts is. Views and selectors ask for the
# composite by name, so "read, or overview as the supervisor" is spelled out here only.
COMPOSITE_ACTIONS = {
    # may read the agency's applications: as its staff, or as its supervising office
    "application.view": ("application.read", "application.overview"),
    # may reopen a decided application: the office handling it, or whoever keeps the appeals
    "application.reopen": ("application.handle", "appeal.edit"),
    # may send back a submitted report: the head reviewing it, or the supervising office
    "report.review": ("report.approve", "report.send_back"),
}

# Reviews that belong to the person named on the unit, not to every holder of the role.
UNIT_BOUND = {"item.review_unit": "head_id", "item.review_leader": "leader_id"}


def memberships(user):
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_gongkai_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("agency", "unit"))
        user._gongkai_memberships = cached
    return cached


def roles_in(user, agency):
    return {m.role for m in memberships(user) if m.agency_id == agency.pk}


def is_admin(user):
    return user.is_authenticated and (user.is_superuser or any(m.role == R.ADMIN for m in memberships(user)))


def supervised_agency_ids(user):
    cached = getattr(user, "_gongkai_supervised", None)
    if cached is None:
        cached = set()
        for m in memberships(user):
            if m.role == R.SUPERVISOR:
                cached.add(m.agency_id)
                cached.update(a.pk for a in m.agency.supervised_tree())
        user._gongkai_supervised = cached
    return cached


def can(user, action, agency, unit=None):
    """May `user` do `action` in `agency` (and, for unit-bound reviews, for `unit`)?"""
    if not user.is_authenticated or agency is None:
        return False
    if user.is_superuser:
        return True
    if action in COMPOSITE_ACTIONS:
        return any(can(user, part, agency, unit) for part in COMPOSITE_ACTIONS[action])
    if action in ADMIN_ACTIONS:
        return is_admin(user)
    if action in SUPERVISOR_ACTIONS and agency.pk in supervised_agency_ids(user):
        return True
    allowed = AGENCY_ACTIONS.get(action)
    if allowed is None:
        return False
    roles = roles_in(user, agency) & set(allowed)
    if not roles:
        return False
    if action in UNIT_BOUND and unit is not None:
        return getattr(unit, UNIT_BOUND[action]) == user.pk or roles_in_unit(user, unit, roles)
    return True


def roles_in_unit(user, unit, roles):
    return any(m.unit_id == unit.pk and m.role in roles for m in memberships(user))


def require(user, action, agency, unit=None):
    if not can(user, action, agency, unit):
        raise PermissionDenied(_("您没有权限执行此操作"))


def agency_ids_where(user, action):
    """Ids of the agencies in which `user` holds a role for `action` (no query beyond memberships;
    a superuser's blanket power is not listed here)."""
    if action in COMPOSITE_ACTIONS:
        return set().union(*(agency_ids_where(user, part) for part in COMPOSITE_ACTIONS[action]))
    ids = {m.agency_id for m in memberships(user) if m.role in AGENCY_ACTIONS.get(action, ())}
    if action in SUPERVISOR_ACTIONS:
        ids |= supervised_agency_ids(user)
    return ids


def agencies_where(user, action):
    """The agencies in which `user` may do `action`, as a queryset."""
    if not user.is_authenticated:
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    return Agency.objects.filter(pk__in=agency_ids_where(user, action))


def units_bound_q(user, action, prefix="unit"):
    """A Q over records with a unit (or over units, with prefix ""), keeping the units where
    `user` may do a unit-bound review: named on the unit, or its member in a role that allows it."""
    allowed = AGENCY_ACTIONS[action]
    via_membership = [m.unit_id for m in memberships(user) if m.role in allowed and m.unit_id]
    named, member = (
        (f"{prefix}__{UNIT_BOUND[action]}", f"{prefix}_id__in") if prefix else (UNIT_BOUND[action], "pk__in")
    )
    return Q(**{named: user.pk}) | Q(**{member: via_membership})


def unit_has_reviewer(unit, action):
    """Is anybody able to do the unit-bound `action` for `unit`?"""
    if getattr(unit, UNIT_BOUND[action]) is not None:
        return True
    return Membership.objects.filter(unit=unit, role__in=AGENCY_ACTIONS[action]).exists()


def holders(agency, action):
    """The active people whose role in `agency` allows `action` (e.g. whom to remind)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(memberships__agency=agency, memberships__role__in=AGENCY_ACTIONS[action], is_active=True)
        .distinct()
    )


def may_somewhere(user, action):
    """May `user` do `action` in at least one agency? (Menus; no query beyond the memberships.)"""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if action in COMPOSITE_ACTIONS:
        return any(may_somewhere(user, part) for part in COMPOSITE_ACTIONS[action])
    if action in ADMIN_ACTIONS:
        return is_admin(user)
    if action in SUPERVISOR_ACTIONS and supervised_agency_ids(user):
        return True
    return any(m.role in AGENCY_ACTIONS.get(action, ()) for m in memberships(user))


def scope(queryset, user, action, field="agency"):
    """Filter a queryset of records to those whose agency permits `action` for `user`."""
    return queryset.filter(**{f"{field}__in": agencies_where(user, action)})


def needs_second_factor(user):
    """Who must sign in with two factors when the deployment requires it: those who hold
    applicants' personal data (the OGI office) and administrators."""
    return is_admin(user) or any(m.role in (R.OGI, R.OGI_HEAD) for m in memberships(user))


def is_staff_member(user):
    return user.is_authenticated and (user.is_superuser or bool(memberships(user)))
