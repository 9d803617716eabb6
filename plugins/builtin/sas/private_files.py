"""Files of pupils' records written on the node's disk (a backup, a family's export): readable by their owner only."""
import os

OWNER_ONLY = 0o600


def open_private(path: str):
    """``path`` opened for writing text, created or emptied with mode 0600 whatever the umask or its former mode."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_ONLY)
    os.fchmod(descriptor, OWNER_ONLY)
    return os.fdopen(descriptor, "w", encoding="utf-8")
