"""我的待办: each app contributes its sections through `todo_sections(user)` on its AppConfig."""

from dataclasses import dataclass, field

from django.apps import apps


@dataclass
class TodoEntry:
    title: str
    url: str = ""
    due: object = None
    provisional: bool = False
    flag: str = ""  # "overdue", "soon" or ""
    note: str = ""


@dataclass
class TodoSection:
    title: str
    entries: list = field(default_factory=list)
    order: int = 100


def todo_for(user):
    sections = []
    for config in apps.get_app_configs():
        contribute = getattr(config, "todo_sections", None)
        if contribute:
            sections.extend(contribute(user))
    return sorted(sections, key=lambda s: s.order)
