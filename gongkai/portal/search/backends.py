"""The two full-text backends behind one interface.

Both receive the same tokens (see tokenize.py) and answer the same question: which SearchDoc rows
contain every token, and how relevant is each. SQLite answers from an FTS5 table kept in step with
portal_searchdoc by triggers; PostgreSQL from a GIN index on to_tsvector('simple', tokens).
Both are created by the portal migration 0001_initial (full_text_index), for the vendor in use.
"""

from django.db import connection
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL

FTS_TABLE = "portal_searchdoc_fts"


class SqliteBackend:
    vendor = "sqlite"

    @staticmethod
    def match_expression(tokens):
        # Each token is quoted as an FTS5 string ("" escapes a quote); juxtaposition means AND.
        return " ".join('"' + t.replace('"', '""') + '"' for t in tokens)

    def matching(self, queryset, tokens):
        expr = self.match_expression(tokens)
        return queryset.filter(id__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", (expr,)))

    def ranked(self, queryset, tokens):
        # bm25() is lower for better matches; negate it so that higher is better on both backends.
        rank = RawSQL(
            f"SELECT -bm25({FTS_TABLE}) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid = portal_searchdoc.id",
            (self.match_expression(tokens),), output_field=FloatField(),
        )
        return queryset.annotate(rank=rank)


class PostgresBackend:
    vendor = "postgresql"
    VECTOR = "to_tsvector('simple'::regconfig, portal_searchdoc.tokens)"

    def matching(self, queryset, tokens):
        query = " ".join(tokens)
        return queryset.filter(
            RawSQL(f"{self.VECTOR} @@ plainto_tsquery('simple'::regconfig, %s)", (query,), output_field=BooleanField())
        )

    def ranked(self, queryset, tokens):
        query = " ".join(tokens)
        rank = RawSQL(f"ts_rank({self.VECTOR}, plainto_tsquery('simple'::regconfig, %s))", (query,), output_field=FloatField())
        return queryset.annotate(rank=rank)


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()


SQLITE_SETUP = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(tokens, content='portal_searchdoc', content_rowid='id', tokenize='unicode61')",
    f"""CREATE TRIGGER IF NOT EXISTS portal_searchdoc_ai AFTER INSERT ON portal_searchdoc BEGIN
        INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (new.id, new.tokens); END""",
    f"""CREATE TRIGGER IF NOT EXISTS portal_searchdoc_ad AFTER DELETE ON portal_searchdoc BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens) VALUES ('delete', old.id, old.tokens); END""",
    f"""CREATE TRIGGER IF NOT EXISTS portal_searchdoc_au AFTER UPDATE ON portal_searchdoc BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens) VALUES ('delete', old.id, old.tokens);
        INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (new.id, new.tokens); END""",
]
SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS portal_searchdoc_au",
    "DROP TRIGGER IF EXISTS portal_searchdoc_ad",
    "DROP TRIGGER IF EXISTS portal_searchdoc_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
POSTGRES_SETUP = [
    "CREATE INDEX IF NOT EXISTS portal_searchdoc_tsv ON portal_searchdoc USING gin (to_tsvector('simple'::regconfig, tokens))",
]
POSTGRES_TEARDOWN = ["DROP INDEX IF EXISTS portal_searchdoc_tsv"]


def create_index(schema_editor):
    statements = {"sqlite": SQLITE_SETUP, "postgresql": POSTGRES_SETUP}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def drop_index(schema_editor):
    statements = {"sqlite": SQLITE_TEARDOWN, "postgresql": POSTGRES_TEARDOWN}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)
