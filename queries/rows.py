"""Query results: a list of dicts that knows its columns, and can become a DataFrame.

Every saved query returns `Rows`. It is a plain `list` of plain `dict`s, so it prints,
compares and serialises like one; `columns` keeps the documented column order, which
a dict alone would lose when a result is empty.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from detnet.graph.errors import DetnetError


class Rows(list):
    """Result rows of a query, with the query's columns in their documented order.

    Examples
    --------
    >>> rows = Rows([{"person_id": "P1", "days_free": 3}], ["person_id", "days_free"])
    >>> rows == [{"person_id": "P1", "days_free": 3}]
    True
    >>> rows.columns
    ('person_id', 'days_free')
    >>> rows.to_dataframe().shape
    (1, 2)
    """

    def __init__(self, rows: Iterable[dict] = (), columns: Sequence[str] = ()):
        super().__init__(rows)
        self.columns = tuple(columns)

    def to_dataframe(self):
        """The rows as a pandas DataFrame, columns in order (needs the `pandas` extra)."""
        try:
            import pandas as pd
        except ImportError:
            raise DetnetError("to_dataframe needs pandas: pip install 'detnet[pandas]'") from None
        return pd.DataFrame(list(self), columns=list(self.columns))
