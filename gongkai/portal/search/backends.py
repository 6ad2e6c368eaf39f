"""The two full-text backends behind one interface.

Both receive the same tokens (see tokenize.py) and answer the same question: which SearchDoc rows
contain every token, and how relevant is each. SQLite answers from an FTS5 table kept in step with
portal_searchdoc by triggers (portal migration 0001_initial); PostgreSQL from a stored tsvector
column, `tsv`, generated from `tokens` by the database and GIN-indexed (portal migration 0005):
matching and ranking read the stored vector instead of segmenting every ranked row's tokens again.
"""

import datetime
from contextlib import contextmanager

from django.db import connection

FTS_TABLE = "portal_searchdoc_fts"

# Ranking: relevance (the title's words count twice in `tokens`) divided by 1 + age in years / 2,
# so among equally relevant items the recent ones come first (this month's 低保 list before
# last month's) and a year-old exact match still beats a fresh passing mention.
HALF_WEIGHT_YEARS = 2.0


def _groups(tokens_or_groups):
    """Accept plain tokens (["低保", "名单"]) or groups of alternatives
    ([[["低保"], ["最低", "生活", "保障"]], [["名单"]]]): every group must match; within a group,
    one alternative, whose tokens must all occur."""
    return [[[t]] if isinstance(t, str) else t for t in tokens_or_groups]


class SqliteBackend:
    vendor = "sqlite"
    newest_first = f"{FTS_TABLE}.rowid DESC"  # FTS5 walks its matches backwards and stops at the LIMIT

    @staticmethod
    def match_expression(tokens):
        # Each token is quoted as an FTS5 string ("" escapes a quote); groups are ANDed, their
        # alternatives ORed, each in parentheses so FTS5's precedence never decides.
        def quoted(t):
            return '"' + t.replace('"', '""') + '"'

        def alternative(tokens):
            return "(" + " AND ".join(quoted(t) for t in tokens) + ")"

        return " AND ".join("(" + " OR ".join(alternative(a) for a in group) + ")" for group in _groups(tokens))

    def source(self, tokens, now):
        """(FROM clause, its WHERE condition, params, rank expression) of the matching documents.
        CROSS JOIN fixes SQLite's join order: the FTS match drives, each match then looks up its
        document by primary key (left to itself, SQLite walked every published item and probed the
        index for each, which is what made a common word take 49 s at 50,000 items)."""
        from_sql = f"{FTS_TABLE} CROSS JOIN portal_searchdoc d ON d.id = {FTS_TABLE}.rowid"
        # bm25() is lower for better matches; negate it so that higher is better on both backends.
        rank = f"-bm25({FTS_TABLE}) / (1 + (julianday(%s) - julianday(d.published_at)) / {365.25 * HALF_WEIGHT_YEARS})"
        return from_sql, f"{FTS_TABLE} MATCH %s", [self.match_expression(tokens)], rank, [_sqlite_time(now)]

    @staticmethod
    def plain_source():
        return "portal_searchdoc d"

    @staticmethod
    def contains(column):
        return f"{column} LIKE %s ESCAPE '\\'"

    @staticmethod
    def time(value):
        return _sqlite_time(value)


def _sqlite_time(value):
    # Django keeps datetimes in SQLite as naive UTC text; compare and subtract in that form.
    return value.astimezone(datetime.timezone.utc).replace(tzinfo=None).isoformat(" ")


class PostgresBackend:
    vendor = "postgresql"
    newest_first = "d.id DESC"
    VECTOR = "d.tsv"  # see STORED_VECTOR

    @staticmethod
    def tsquery(tokens):
        """to_tsquery text: groups ANDed, alternatives ORed. Tokens are runs of letters and digits
        (tokenize._clean), quoted as lexemes all the same."""

        def lexeme(t):
            return "'" + t.replace("\\", "\\\\").replace("'", "''") + "'"

        def alternative(tokens):
            return "(" + " & ".join(lexeme(t) for t in tokens) + ")"

        return " & ".join("(" + " | ".join(alternative(a) for a in group) + ")" for group in _groups(tokens))

    def source(self, tokens, now):
        """As SqliteBackend.source: the GIN index on the stored vector finds the matches, and
        ts_rank reads the same stored vector (no to_tsvector per ranked row)."""
        from_sql = "portal_searchdoc d"
        tsquery = self.tsquery(tokens)
        rank = (
            f"ts_rank({self.VECTOR}, to_tsquery('simple'::regconfig, %s)) / (1 + extract(epoch from (%s - "
            f"d.published_at)) / {31557600 * HALF_WEIGHT_YEARS})"
        )
        return from_sql, f"{self.VECTOR} @@ to_tsquery('simple'::regconfig, %s)", [tsquery], rank, [tsquery, now]

    @staticmethod
    def plain_source():
        return "portal_searchdoc d"

    @staticmethod
    def contains(column):
        return f"{column} ILIKE %s"

    @staticmethod
    def time(value):
        return value


@contextmanager
def writing_in_bulk():
    """Around a first build of many documents: on SQLite the FTS table is not kept in step row by
    row (each insert merged into an index of hundreds of thousands of documents is what made the
    first build at M take hours); it is made once from the documents at the end, and the triggers
    come back, whatever happened meanwhile (the rebuild also takes in any document another
    process wrote in between). PostgreSQL computes its stored vector per row either way; its GIN
    index, when there are no documents yet, is built once at the end (sorted in bulk) instead of
    taking in every document's lexemes one by one."""
    if connection.vendor == "postgresql":
        with _gin_built_after():
            yield
        return
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        for sql in SQLITE_TRIGGERS_OFF:
            cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for sql in SQLITE_REBUILD + SQLITE_TRIGGERS:
                cursor.execute(sql)


@contextmanager
def _gin_built_after():
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM portal_searchdoc)")
        if cursor.fetchone()[0]:
            yield
            return
        drop, _column, create = STORED_VECTOR
        cursor.execute(drop)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.in_atomic_block:  # (a test's transaction: its deferred key checks first)
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET maintenance_work_mem = '512MB'")
            cursor.execute(create)
            cursor.execute("RESET maintenance_work_mem")


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()


SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS portal_searchdoc_ai AFTER INSERT ON portal_searchdoc BEGIN
        INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (new.id, new.tokens); END""",
    f"""CREATE TRIGGER IF NOT EXISTS portal_searchdoc_ad AFTER DELETE ON portal_searchdoc BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens) VALUES ('delete', old.id, old.tokens); END""",
    f"""CREATE TRIGGER IF NOT EXISTS portal_searchdoc_au AFTER UPDATE ON portal_searchdoc BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens) VALUES ('delete', old.id, old.tokens);
        INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (new.id, new.tokens); END""",
]
SQLITE_SETUP = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(tokens, content='portal_searchdoc', content_rowid='id', tokenize='unicode61')",
    *SQLITE_TRIGGERS,
]
SQLITE_TRIGGERS_OFF = [
    "DROP TRIGGER IF EXISTS portal_searchdoc_au",
    "DROP TRIGGER IF EXISTS portal_searchdoc_ad",
    "DROP TRIGGER IF EXISTS portal_searchdoc_ai",
]
SQLITE_TEARDOWN = [*SQLITE_TRIGGERS_OFF, f"DROP TABLE IF EXISTS {FTS_TABLE}"]
# Made again from portal_searchdoc in one pass, then merged into one b-tree: what a first build
# does once at the end instead of merging each batch of documents into a growing index.
SQLITE_REBUILD = [
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')",
]
# The index of migration 0001 (on the expression); migration 0005 replaces it by STORED_VECTOR.
POSTGRES_SETUP = [
    "CREATE INDEX IF NOT EXISTS portal_searchdoc_tsv ON portal_searchdoc USING gin (to_tsvector('simple'::regconfig, tokens))",
]
POSTGRES_TEARDOWN = ["DROP INDEX IF EXISTS portal_searchdoc_tsv"]
# A generated column: PostgreSQL computes it whenever `tokens` is written (index_item on publish,
# correction and withdrawal, reindex, a bulk COPY), so no path that writes a document can leave
# it stale, and adding it fills it for every existing row. Django does not know the column (it is
# never read or written through the ORM); the backends' SQL alone uses it. The GIN index has no
# pending list (fastupdate off): each write goes into the index itself, so a search never scans a
# list of not-yet-merged entries (up to 4 MB until autovacuum runs, which also made the planner
# prefer a sequential scan after a batch of publications).
STORED_VECTOR = [
    "DROP INDEX IF EXISTS portal_searchdoc_tsv",
    "ALTER TABLE portal_searchdoc ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, tokens)) STORED",
    "CREATE INDEX portal_searchdoc_tsv ON portal_searchdoc USING gin (tsv) WITH (fastupdate = off)",
]
STORED_VECTOR_UNDO = [
    "DROP INDEX IF EXISTS portal_searchdoc_tsv",
    "ALTER TABLE portal_searchdoc DROP COLUMN IF EXISTS tsv",
    *POSTGRES_SETUP,
]


def create_index(schema_editor):
    statements = {"sqlite": SQLITE_SETUP, "postgresql": POSTGRES_SETUP}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def store_vector(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in STORED_VECTOR:
            schema_editor.execute(sql)


def unstore_vector(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in STORED_VECTOR_UNDO:
            schema_editor.execute(sql)


def drop_index(schema_editor):
    statements = {"sqlite": SQLITE_TEARDOWN, "postgresql": POSTGRES_TEARDOWN}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)
