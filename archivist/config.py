"""One immutable configuration object with documented defaults.

Load it from TOML with :func:`load_config`; change it with ``dataclasses.replace``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from archivist.errors import ConfigError

DEFAULT_DB = "sqlite:///archive.db"
MODEL_ENV = "ARCHIVIST_MODEL"  # the learned model when the config names none (archivist retrain)


def default_db_url() -> str:
    """``$ARCHIVIST_DB``, else ``sqlite:///archive.db`` (DESIGN.md section 3)."""
    return os.environ.get("ARCHIVIST_DB") or DEFAULT_DB


def default_workers() -> int:
    """One worker process per CPU core this process may run on: recovery is CPU-bound, and
    the main process's share (reading, writing) is small beside it."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # no affinity on this platform (macOS, Windows)
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class MigrationConfig:
    """Every knob of a migration, with its default.

    db_url: SQLAlchemy URL of the store.
    format: legacy export format, or "auto" to detect it per path.
    language: "auto" to detect per article, or a fixed BCP 47 code (fr, de, en).
    workers: processes for the local engine (1 = in-process); :func:`load_config` (the
        CLI) makes it one per CPU core unless the file or ``--workers`` says otherwise.
    engine: "local" or "dask".
    scheduler: Dask scheduler address; empty = a LocalCluster.
    batch_size: articles written per transaction.
    max_record_bytes: records larger than this are quarantined, not parsed.
    review_threshold: articles under this confidence go to the review queue.
    dry_run: classify every record, write nothing.
    template: path of a learned site template (TOML) for legacy HTML.
    learned_model: the model ``archivist retrain`` fits on editors' corrections (JSON):
        recovery applies what editors taught after its own rules; empty = none (the
        rules alone decide, output unchanged). ``load_config`` takes $ARCHIVIST_MODEL
        when neither the file nor an option sets it.
    vocabulary: the archive's vocabulary (JSON, built by ``archivist vocabulary``): the
        glued-word repair weighs what the archive's other records write (``Thursday``
        alone, ``of a`` apart) as extra evidence; empty = the article's own words alone.
    site_name: shown in the site header and feeds.
    base_url: absolute URL of the new site (canonical links, sitemaps, feeds).
    report_email: where the import notice tells readers to write.
    site_language: language of the site's own labels (fr, de, en).
    notice_fr, notice_de, notice_en: the import notice shown on imported articles,
        per article language; empty = the built-in wording (archivist.site.i18n).
        ``{email}`` in the text is replaced by ``report_email``.
    """

    db_url: str = DEFAULT_DB
    format: str = "auto"
    language: str = "auto"
    workers: int = 1
    engine: str = "local"
    scheduler: str = ""
    batch_size: int = 500
    max_record_bytes: int = 5_000_000
    review_threshold: float = 0.7
    dry_run: bool = False
    template: str = ""
    learned_model: str = ""
    vocabulary: str = ""
    site_name: str = "The Archive"
    base_url: str = "http://127.0.0.1:8000"
    report_email: str = "corrections@example.org"
    site_language: str = "en"
    notice_fr: str = ""
    notice_de: str = ""
    notice_en: str = ""

    def __post_init__(self) -> None:
        if self.engine not in {"local", "dask"}:
            msg = f"Config 'engine' has value {self.engine!r}. Use 'local' or 'dask'."
            raise ConfigError(msg)
        if self.workers < 1:
            msg = f"Config 'workers' has value {self.workers!r}. Use a whole number of at least 1."
            raise ConfigError(msg)
        if self.batch_size < 1:
            msg = f"Config 'batch_size' has value {self.batch_size!r}. Use a whole number of at least 1."
            raise ConfigError(msg)
        if not 0.0 <= self.review_threshold <= 1.0:
            msg = f"Config 'review_threshold' has value {self.review_threshold!r}. Use a number from 0 to 1."
            raise ConfigError(msg)

    def updated(self, **changes: Any) -> MigrationConfig:
        """A copy with ``changes`` applied (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def load_config(path: str | Path | None = None, **overrides: Any) -> MigrationConfig:
    """Read ``[archivist]`` from a TOML file (optional), then apply ``overrides``."""
    values: dict[str, Any] = {
        "db_url": default_db_url(),
        "learned_model": os.environ.get(MODEL_ENV, ""),
        "workers": default_workers(),
    }
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            msg = f"Config file '{path}' cannot be read: {exc}. Fix the file or leave --config out."
            raise ConfigError(msg) from exc
        section = data.get("archivist", data)
        known = {f.name: f for f in fields(MigrationConfig)}
        for key, value in section.items():
            if key not in known:
                msg = f"Config '{key}' in '{path}' is not a known setting. Known: {', '.join(sorted(known))}."
                raise ConfigError(msg)
            expected = type(getattr(MigrationConfig(), key))
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                msg = f"Config '{key}' has value '{value}'. Not a valid {expected.__name__}."
                raise ConfigError(msg)
            values[key] = value
    return MigrationConfig(**values).updated(**overrides)


def file_mtime(path: str, what: str, remedy: str) -> float:
    """When the file a setting names (``what``: "Learned model", "Vocabulary") last
    changed: the key of a cache that loads it again when it does. A file that cannot be
    read is a :class:`ConfigError` naming it and saying what to do (``remedy``)."""
    try:
        return os.stat(path).st_mtime
    except OSError as exc:
        msg = f"{what} {path!r} cannot be read ({exc.strerror}). {remedy}"
        raise ConfigError(msg) from exc
