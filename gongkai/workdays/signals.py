from django.dispatch import Signal

# Sent with `years` after the special days of those years changed, so stored due dates
# (caches of the deadline function) can be recomputed.
calendar_changed = Signal()
