"""archivist: move a newsroom's archive to a new site without layout damage."""

__version__ = "0.1.0"
