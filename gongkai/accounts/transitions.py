"""A state machine declared once, next to the services that walk it.

Each transition names who may take it (an action of the permission module, per source state when
it differs), the states it starts from, the state it leads to and what it writes. A service calls
`check()` before it writes; a view or template asks `offered()` which transitions to show. So a
rule such as "only a submitted report can be approved, by the head" is written in one place.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from . import permissions


@dataclass(frozen=True)
class Party:
    """Someone outside the role system who takes their own steps on a record after proving who
    they are, e.g. the applicant with the query code. A transition whose permission is a Party
    is taken by that party only (never by staff, whatever their roles), and the party takes no
    other transition."""

    name: str


def _allows(user, action, agency, unit) -> bool:
    if isinstance(action, Party):
        return user is action
    return not isinstance(user, Party) and permissions.can(user, action, agency, unit)


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple
    # The permission action; a dict {source state: action} when it depends on the state; a
    # Party for a step the record's own party takes.
    permission: str | dict | Party
    target: str = ""  # "" when the state does not change (an edit, a note)
    writes: tuple = ()  # what it writes besides the state, for the reader of the declaration
    # Why it is refused from another state: one message, or {state: message}.
    refused: str | dict = ""
    unit_bound: bool = False  # a review that belongs to the people of the record's unit
    guard: object = None  # obj -> message when refused for another reason (e.g. an imported report)
    verb: str = ""  # how a refusal names the step ("不能登记送达"), when it differs from the label
    offer: object = None  # obj -> bool: offered only when it holds (allowed whenever open)

    def permissions_in(self, state):
        """The actions that allow it from `state`; from a state it cannot start from, any of its
        actions (so a reviewer is told why not now, and a stranger is refused as one)."""
        if not isinstance(self.permission, dict):
            return (self.permission,)
        return (self.permission[state],) if state in self.permission else tuple(set(self.permission.values()))

    def refusal(self, state):
        if isinstance(self.refused, dict):
            return self.refused.get(state, "")
        return self.refused


@dataclass
class Machine:
    transitions: dict = field(default_factory=dict)
    state: str = "status"
    agency: str = "agency"
    unit: str = ""
    refused: object = None  # (obj, transition) -> message, when the transition has none
    error: type = ValidationError  # what a refusal for the state raises

    @classmethod
    def of(cls, *transitions, state="status", agency="agency", unit="", refused=None, error=ValidationError):
        return cls({t.name: t for t in transitions}, state, agency, unit, refused, error)

    def __getitem__(self, name):
        return self.transitions[name]

    def __contains__(self, name):
        return name in self.transitions

    def _state(self, obj):
        return getattr(obj, self.state)

    def permitted(self, user, obj, name):
        """May `user` take `name` on `obj` as far as roles go (whatever its state)?"""
        t = self.transitions[name]
        agency, unit = getattr(obj, self.agency), getattr(obj, self.unit) if t.unit_bound and self.unit else None
        return any(_allows(user, action, agency, unit) for action in t.permissions_in(self._state(obj)))

    def open(self, obj, name):
        """Is `name` open from `obj`'s state (and its guard)?"""
        t = self.transitions[name]
        return self._state(obj) in t.sources and not (t.guard and t.guard(obj))

    def may(self, user, obj, name):
        return self.open(obj, name) and self.permitted(user, obj, name)

    def _refusal(self, obj, t):
        return (
            t.refusal(self._state(obj))
            or (self.refused and self.refused(obj, t))
            or _("当前状态下不能%(label)s。") % {"label": t.verb or t.label}
        )

    def offered(self, user, obj):
        """The names of the transitions `user` may take on `obj` now, in declaration order."""
        return [
            name
            for name, t in self.transitions.items()
            if self.may(user, obj, name) and (t.offer is None or t.offer(obj))
        ]

    def check(self, user, obj, name):
        """Refuse `name` on `obj`: PermissionDenied for the wrong person, ValidationError (with
        the reason in Chinese) for the wrong state."""
        t = self.transitions[name]
        if not self.permitted(user, obj, name):
            raise PermissionDenied(_("您没有权限执行此操作"))
        if self._state(obj) not in t.sources:
            raise self.error(self._refusal(obj, t))
        reason = t.guard(obj) if t.guard else None
        if reason:
            raise self.error(reason)
