"""What the HTML page and the PDF share to show a synthesis content."""
from __future__ import annotations

from .charts import charts
from .figures import total_sentence


def document_context(content: dict, site_root: str = "") -> dict:
    """Charts and the sentences that explain the national totals."""
    return {
        "content": content,
        "charts": charts(content),
        "total_sentences": {name: total_sentence(total) for name, total in content["national"]["totals"].items()},
        "site_root": site_root,
    }
