"""The settings the page benchmark serves with: the app's own, plus a hello-world view on the same
stack (every middleware), the floor each page's throughput is compared with."""

from gongkai.settings import *  # noqa: F403

ROOT_URLCONF = "bench.pages_urls"
