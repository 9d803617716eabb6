"""Values a user, a script or an attacker may type: each once in the sweeps, mixed by hypothesis."""
from hypothesis import strategies as st

HOSTILE = (
    "", " ", "²", "١٢", "５", "-1", "0", "9" * 25, "-" + "9" * 25, "9999999999", "1e309", "nan", "-inf",
    "\x00", "a\x00b", "\u202e\u0000", "🙂", "É" * 3, "%", "_", "%_%", "'", "\"", "\\", "<script>alert(1)</script>",
    "../../etc/passwd", "01/01/0001", "31/12/9999", "2023-02-30", "0000-00-00", "25:61", "1,2,3", "1.5", "1,5",
    "true", "[]", "{}", "null", "a" * 5000, "é" * 2000,
)
#: Tried one field at a time in an otherwise valid form: one value of each kind that reached a model or
#: the database and broke a view before (NUL, a digit int() refuses, beyond 64 bits, far too long).
ONE_FIELD = ("a\x00b", "²", "9" * 25, "a" * 5000)
#: Bodies for file fields.
HOSTILE_FILES = (b"", b"\x00\xff\xfe", "élève;classe\n²;\x00\n".encode("utf-8"), b"a" * 100_000)
#: Request bodies for the API's POST endpoints (sent as application/json, valid or not).
HOSTILE_BODIES = ("", "{", "[]", "null", '{"a": "\u0000"}', '{"schema": 1e999}', "[" * 5000, "é" * 10_000)
#: Path segments for the routes no link reaches.
HOSTILE_PATH_VALUES = ("0", "9" * 25, "²", "-1", "abc", "", "é" * 300)

scalar = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers().map(str),
    st.from_regex(r"[0-9²³¹٣５-]{1,30}", fullmatch=True),
    st.dates().map(lambda day: day.strftime("%d/%m/%Y")),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
#: A parameter's values: one, none, or repeated (``?niveau=a&niveau=b``).
repeated = st.lists(scalar, min_size=0, max_size=3)
