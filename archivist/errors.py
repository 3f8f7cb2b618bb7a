"""Typed errors; messages name the record and say what to do next.

The tree::

    ArchiveError
    ├── ConfigError            a config value or option is wrong
    ├── SourceError            a legacy export cannot be read
    │   ├── FormatNotDetected  --format auto found no reader for a path
    │   └── RecordError        one record is unusable (quarantined, the run goes on)
    │       ├── EmptyRecord
    │       ├── UnreadableText binary garbage or an undecodable encoding
    │       ├── UnsafeXML      entities / DTD / external references refused
    │       └── RecordTooLarge
    ├── StructureNotFound      recovery found no title or body
    ├── RepairConflict         a step does not apply to the text it was planned on
    ├── StoreError             the database is unreachable or not migrated
    ├── ExportFormatError      an export format name is unknown
    ├── NotFoundError          an article, run or record id does not exist
    ├── EditError              an editor's operation does not apply to the article
    └── AuthError              a login, session or user account is refused

Library code raises these; ``archivist.cli`` and ``archivist.site`` translate them once.
"""

from __future__ import annotations


class ArchiveError(Exception):
    """Base of every error archivist raises on purpose."""


class ConfigError(ArchiveError):
    pass


class SourceError(ArchiveError):
    pass


class FormatNotDetected(SourceError):
    pass


class RecordError(SourceError):
    """One record cannot be recovered; it goes to quarantine with this message."""


class EmptyRecord(RecordError):
    pass


class UnreadableText(RecordError):
    pass


class UnsafeXML(RecordError):
    pass


class RecordTooLarge(RecordError):
    pass


class StructureNotFound(ArchiveError):
    pass


class RepairConflict(ArchiveError):
    pass


class StoreError(ArchiveError):
    pass


class ExportFormatError(ArchiveError):
    pass


class NotFoundError(ArchiveError):
    pass


class EditError(ArchiveError):
    """An editor's operation (split, merge, role change…) does not apply to the article."""


class AuthError(ArchiveError):
    """A login, a session or a user account is refused (wrong password, unknown user…)."""
