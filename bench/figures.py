"""One convention for every benchmark figure, so `bench/run.py` can end with a summary.

A figure line reads `FIGURE P1 report_queries 12 <=20 ok`: the goal, the name, the measured
value, the comparison with its floor, and `ok` or `short`.
"""

import operator

PREFIX = "FIGURE "
_OPS = {"<=": operator.le, ">=": operator.ge, "=": operator.eq, "<": operator.lt, ">": operator.gt}


def _show(value):
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def figure(goal, name, value, op, floor):
    """Print one measured figure beside its floor; return whether the goal is met."""
    met = _OPS[op](value, floor)
    print(f"{PREFIX}{goal} {name} {_show(value)} {op}{_show(floor)} {'ok' if met else 'short'}", flush=True)
    return met


def record(goal, name, value):
    """Print a figure that has no floor (recorded for the results, e.g. seconds per scanned page)."""
    print(f"{PREFIX}{goal} {name} {_show(value)} recorded", flush=True)
