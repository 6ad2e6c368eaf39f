"""Chinese full-text search of published items: one interface, SQLite FTS5 or PostgreSQL.

index_item(item)        bring the index in step with one item (insert, update or remove)
reindex(agency=None)    rebuild the index (the `gongkai search_reindex` command)
search(query=..., ...)  -> Results (docs with highlighted snippets, facets, messages)
"""

from .engine import Query, Results, index_item, parse_query, reindex, search  # noqa: F401
from .highlight import highlight  # noqa: F401
