"""The audit tests reuse the published report of the reports tests."""

from tests.reports.conftest import published_2025  # noqa: F401
