"""Path converters shared by every URL of the project (registered in ``portal.urls``)."""


class DatabaseId:
    """``<dbid:…>``: a primary key, at most 18 digits so it fits a 64-bit integer column.

    ``<int:…>`` takes any number of digits, and a longer one reached the database as an
    overflow (a 500); with this converter such a URL simply matches nothing (a 404).
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


class UrlToken:
    """A secret carried by an address (``secrets.token_urlsafe``: letters, digits, « - » and
    « _ »), at most 64 characters as its column.

    ``<str:…>`` takes anything but « / », and a NUL character (« %00 ») reached PostgreSQL, which refuses it in
    text (a 500); with this converter such an address simply matches nothing (a 404).
    """

    regex = "[A-Za-z0-9_-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)
