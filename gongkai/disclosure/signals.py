"""Signals of 主动公开 for the portal (search index, catalog pages, kiosk, feeds).

Both are sent with the keyword argument `item` (a disclosure.Item), always on commit of the
transaction that made the change, never for a change that was rolled back.

- `item_published`: the item has just become publicly visible, or a new version of a published
  item (更正) has just been published.
- `item_unpublished`: the item has just stopped being current: withdrawn (撤回), expired
  (到期下线), or invalidated (有效性 set to 失效 / 废止; an invalidated item stays readable at its
  address with its validity shown, but drops out of current listings — see `Item.objects.current()`).

Receivers should re-read what they need from `item`; they must not raise.
"""

from django.dispatch import Signal

item_published = Signal()
item_unpublished = Signal()
