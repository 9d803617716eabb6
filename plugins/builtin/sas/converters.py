"""Path converters of the SAS URLs: a database id that fits PostgreSQL's bigint, so a longer one is a 404, not a 500."""


class DatabaseId:
    """A positive integer of at most 18 digits (below 2**63): ``<int:…>`` accepts any length."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))
