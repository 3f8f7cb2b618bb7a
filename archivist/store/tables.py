"""The store's tables (SQLAlchemy 2 Core), one schema for SQLite and PostgreSQL.

The legacy original is kept verbatim in ``sources``; every state of an article is
a row of ``revisions`` (the first one written by the migration, with its repair
steps); ``id_map`` maps each legacy id to its article with the hash of the source
it was built from, so a re-run of the same export changes nothing.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(20), nullable=False),  # running | finished | interrupted | failed
    Column("command", String(40), nullable=False),
    Column("options", JSON, nullable=False, default=dict),
    Column("engine", String(20), nullable=False, default="local"),
    Column("read", Integer, nullable=False, default=0),
    Column("migrated", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("quarantined", Integer, nullable=False, default=0),
    Column("skipped", Integer, nullable=False, default=0),
    Column("conflicts", Integer, nullable=False, default=0),
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("legacy_id", String(255), nullable=False),
    Column("format", String(20), nullable=False),
    Column("origin", Text, nullable=False, default=""),
    Column("position", String(100), nullable=False, default=""),
    Column("url", Text, nullable=False, default=""),
    Column("sha256", String(64), nullable=False),
    Column("raw", LargeBinary, nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("legacy_id", "sha256", name="uq_sources_legacy_id_sha256"),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("legacy_id", String(255), nullable=False, unique=True),
    Column("slug", String(255), nullable=False),
    Column("path", String(400), nullable=False, unique=True),  # the new URL path
    Column("status", String(20), nullable=False, default="published"),  # published | removed
    Column("current_revision_id", Integer),
    Column("language", String(12), nullable=False, default="und"),
    Column("section", String(120), nullable=False, default=""),
    Column("kicker", Text, nullable=False, default=""),
    Column("title", Text, nullable=False),
    Column("lead", Text, nullable=False, default=""),
    Column("byline", Text, nullable=False, default=""),
    Column("published_at", DateTime(timezone=True)),
    Column("imported", Boolean, nullable=False, default=False),
    Column("confidence", Float, nullable=False, default=1.0),
    Column("content_hash", String(64), nullable=False),
    Column("edited", Boolean, nullable=False, default=False),  # an editor has touched it
    Column("views", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("created_run_id", Integer, ForeignKey("runs.id")),
    Index("ix_articles_published_at", "published_at"),
    Index("ix_articles_section", "section"),
    Index("ix_articles_confidence", "confidence"),
)

revisions = Table(
    "revisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("parent_id", Integer),
    Column("kind", String(20), nullable=False),  # migration | editor | propagation | revert
    Column("author", String(120), nullable=False),  # "archivist" or an editor, or "rule:NAME"
    Column("message", Text, nullable=False, default=""),
    Column("document", JSON, nullable=False),  # model.article_to_dict
    Column("steps", JSON, nullable=False, default=list),
    Column("findings", JSON, nullable=False, default=list),
    Column("confidence", Float, nullable=False, default=1.0),
    Column("content_hash", String(64), nullable=False),
    Column("source_id", Integer, ForeignKey("sources.id")),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("batch_id", String(40)),  # a propagated fix: all revisions of one batch (and its revert)
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("article_id", "number", name="uq_revisions_article_id_number"),
)

id_map = Table(
    "id_map",
    metadata,
    Column("legacy_id", String(255), primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id")),
    Column("status", String(20), nullable=False),  # migrated | quarantined
    Column("source_hash", String(64), nullable=False),
    Column("source_id", Integer, ForeignKey("sources.id")),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

legacy_urls = Table(
    "legacy_urls",
    metadata,
    Column("path", String(1000), primary_key=True),  # old URL path (and query), normalised
    Column("url", Text, nullable=False),  # the old URL as the export gave it
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("legacy_id", String(255), nullable=False),
    Column("format", String(20), nullable=False, default=""),
    Column("origin", Text, nullable=False, default=""),
    Column("position", String(100), nullable=False, default=""),
    Column("url", Text, nullable=False, default=""),  # kept so `quarantine retry` rebuilds the record
    Column("hints", JSON, nullable=False, default=list),  # LegacyRecord.hints as [[key, value], ...]
    Column("reason", Text, nullable=False),
    Column("error", String(60), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("raw", LargeBinary, nullable=False),
    Column("status", String(20), nullable=False, default="open"),  # open | retried | resolved
    Column("created_at", DateTime(timezone=True), nullable=False),
    # "record": a LegacyRecord processing refused; "read": a ReadFailure (a file or a part of
    # one no reader could split into records), retried by reading ``raw`` again
    Column("kind", String(10), nullable=False, default="record", server_default="record"),
    Index("ix_quarantine_legacy_id", "legacy_id"),
)

# reader error reports (issue 5): one row per report, pointing at the revision and the
# block the reader saw; the editors' triage queue (issue 6) works on ``status``
reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("revision_id", Integer, ForeignKey("revisions.id")),
    Column("block", Integer),  # index in Article.blocks; NULL = the article as a whole
    Column("legacy_id", String(255), nullable=False),
    Column("category", String(40), nullable=False),
    Column("selected_text", Text, nullable=False, default=""),
    Column("comment", Text, nullable=False, default=""),
    Column("email", String(254), nullable=False, default=""),
    Column("ip_hash", String(64), nullable=False, default=""),
    Column("status", String(20), nullable=False, default="open"),  # open | fixed | not_error | duplicate
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("resolved_by", String(120)),
    Column("resolved_at", DateTime(timezone=True)),
    Index("ix_reports_article_id", "article_id"),
    Index("ix_reports_status", "status"),
)

# --- the editors' loop (issue 6) ------------------------------------------------------
# editor and admin accounts; the password is an argon2 hash (archivist user add)
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False, unique=True),
    Column("role", String(20), nullable=False),  # editor | admin
    Column("password_hash", Text, nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# login sessions: the cookie carries a signed random token, the table only its sha256
sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

# failed logins per key (user name + IP hash), counted in a window to throttle guessing
login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_login_failures_key", "key"),
)

# a propagated fix: the rule, the pattern it matched and who approved it; its revisions
# carry the same ``revisions.batch_id`` so the whole batch can be reverted in one step
batches = Table(
    "batches",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("rule", String(40), nullable=False),
    Column("pattern", JSON, nullable=False),
    Column("editor", String(120), nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id")),  # the article the editor fixed by hand
    Column("count", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("reverted_at", DateTime(timezone=True)),
    Column("reverted_by", String(120)),
)

# dated correction notes shown on an article when a fix changed its meaning
corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("revision_id", Integer, ForeignKey("revisions.id")),
    Column("text", Text, nullable=False),
    Column("author", String(120), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_corrections_article_id", "article_id"),
)

# labelled examples (issue 6, point 5): what an editor's published operation teaches
# (a role change, a kicker/title boundary, a glued word split or joined, a boilerplate
# line removed), as the propagation pattern it generalises to; ``archivist retrain``
# fits the learned model on the rows not withdrawn (a revert withdraws them)
examples = Table(
    "examples",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("revision_id", Integer, ForeignKey("revisions.id"), nullable=False),
    Column("author", String(120), nullable=False),
    Column("rule", String(40), nullable=False),  # a key of archivist.editor.patterns.RULES
    Column("pattern", JSON, nullable=False),  # Pattern.to_dict()
    Column("text", Text, nullable=False, default=""),  # the block or heading the editor changed
    Column("context", JSON, nullable=False, default=dict),  # role examples: position and neighbours
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("withdrawn_at", DateTime(timezone=True)),
    Column("withdrawn_by", String(120)),
    Index("ix_examples_article_id", "article_id"),
)

# re-runs that met an editor (issue 6, point 6): the source changed after an editor
# revised the article; the new source's recovery waits here until an editor keeps the
# revision, takes the new source or merges by hand (at most one open row per article)
conflicts = Table(
    "conflicts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("legacy_id", String(255), nullable=False),
    Column("base_source_id", Integer, ForeignKey("sources.id")),  # what the article was built from
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),  # the new export
    Column("source_hash", String(64), nullable=False),
    Column("revision_id", Integer, ForeignKey("revisions.id")),  # current when the run met it
    Column("document", JSON, nullable=False),  # the new source as the migration recovered it
    Column("steps", JSON, nullable=False, default=list),
    Column("findings", JSON, nullable=False, default=list),
    Column("confidence", Float, nullable=False, default=1.0),
    Column("run_id", Integer, ForeignKey("runs.id")),  # the last run that reported it
    Column("status", String(20), nullable=False, default="open"),  # open | kept | taken | merged
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    Column("settled_by", String(120)),
    Column("settled_at", DateTime(timezone=True)),
    Column("settled_revision_id", Integer, ForeignKey("revisions.id")),
    Index("ix_conflicts_article_id", "article_id"),
    Index("ix_conflicts_status", "status"),
)
