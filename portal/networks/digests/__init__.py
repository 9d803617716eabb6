"""E-mail digests of what people follow: collect what is new, write one e-mail per person, send once."""
from .run import DigestRun, send_digests

__all__ = ["DigestRun", "send_digests"]
