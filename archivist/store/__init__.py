"""The archive store: tables, connection, and the reads and writes on them."""
