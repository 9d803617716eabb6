"""Logging filters named in the settings' LOGGING."""
import logging


class WithoutTraceback(logging.Filter):
    """Keeps a record's message, drops its traceback: a request for another host name (a bot probing the
    server's address) is logged by Django as an error with the whole traceback of DisallowedHost, a dozen lines
    for each probe; one line says as much."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True
