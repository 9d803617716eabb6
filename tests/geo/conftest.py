"""geo tests are plain pytest functions: no Django, no database.

Makes the repository root importable when the project is not installed
(``pip install -e .`` or pytest's ``pythonpath = ["."]`` make this a no-op).
"""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
