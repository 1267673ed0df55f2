"""PostgreSQL's twin of the FTS5 phrase search (centre mode): which rows match, and the plan that finds the
newest page quickly at a million dossiers.

A match is what SQLite's FTS5 `"w1 w2 p"*` finds in a folded column: the words consecutive, the last one
a prefix. Folded text is words of [0-9a-z] separated by one space (app.services.text.fold), so that is
exactly `' ' || search_name LIKE '% w1 w2 p%'` (folded text holds no LIKE wildcard). Three ways find the
newest page of those rows:

- walk: the primary key from the newest id down, each row checked with the LIKE (about a microsecond a
  row): fast when the phrase is common, as "nguyen van" is in real names;
- index: the GIN index of the stored tsvector (app.models.pg_ddl) gives the rows holding every word
  (`w1 & w2 & p:*`, which the index answers without rechecking word positions), the LIKE then checks the
  phrase on those candidates only. The prefix last word is asked for only when it narrows the
  candidates more than its index entries cost ("uy" does, "h" does not);
- suffixes, for a search by name: the B-tree of the folded names' word suffixes (table name_suffixes,
  app.models.pg_ddl) holds the phrase's matches as one range, read from the index alone; the table is
  read only for the page returned (for every candidate when a filter might drop some). Addresses and
  "any field" searches use the GIN index.

The choice comes from the words' frequencies that ANALYZE keeps for the tsvector columns (pg_stats
`most_common_elems`, refreshed by autovacuum), read again every ten minutes: the rows a walk is expected
to read for a page against what the index costs, both counted in walked rows. A walk never reads more
than the index would cost (then the index takes the rest below it: at worst twice the index's cost,
never a scan of the whole table), and when the index looks dear a short walk comes first anyway, since
words are not independent. The newest id a walk counts from is read by the walk's own statement, so the
index's part below it never overlaps it. For a name the frequencies overestimate a phrase (they take its
words apart), so when a walk looks long the phrase's suffixes are counted, up to PROBE, instead, if the
count can change the plan.

The statements are SQL text built here (the filters rendered by SQLAlchemy): a search by name is about a
millisecond of the server's work, and building and compiling SQLAlchemy statements for it cost the
client more than that.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, text
from sqlalchemy.orm import Session

from app.services.queries import ROW_COLUMNS

#: Costs in rows a walk reads (about a microsecond each here): a candidate row the index hands over, read
#: from the table at a scattered place, and an entry of the index for a word.
HEAP_COST = 2.0
ENTRY_COST = 0.08
#: An entry of the name suffixes' B-tree read in a range.
SUFFIX_COST = 0.5
#: The most suffixes counted to choose a plan for a name (a walk expected to read fewer rows needs no count).
PROBE = 5_000
#: Rows walked first when the estimates prefer an index that would cost more than this.
FIRST_WALK = 10_000
STATS_SECONDS = 600.0
UNLISTED = 0.005
_SHORT_PREFIX = 2
TOGETHER = {"tsv_address"}
_FOLDED = re.compile(r"[0-9a-z]+( [0-9a-z]+)*")  # app.services.text.fold
_COLUMNS = {"name": ("tsv_name", "search_name"), "address": ("tsv_address", "search_address")}
#: A page's columns, in the order of app.services.queries.ROW_COLUMNS (the rows become DossierRows).
_ROW_SQL = ", ".join(f"dossiers.{c.key}" for c in ROW_COLUMNS)


@dataclass(frozen=True)
class WordStats:
    """Share of rows holding each common word, per tsvector column; `floor` for a word not listed."""

    freqs: dict[str, dict[str, float]]
    floor: dict[str, float]
    rows: float  # the table's rows when ANALYZE counted them

    def phrase(self, column: str, words: list[str]) -> float:
        """Estimated share of rows matching the phrase in `column` (words taken as independent)."""
        return self.indexed(column, words[:-1]) * self.prefix(column, words[-1])

    def indexed(self, column: str, terms: list[str]) -> float:
        """Estimated share of rows holding every one of `terms` (each taken as a whole word). The parts of
        a person's name are taken as independent; the words of an address come together ("xom cho",
        "ban na hang" are place names), so there the rarest word alone is counted."""
        freqs, floor = self.freqs.get(column, {}), self.floor.get(column, 1.0)
        shares = [min(1.0, freqs.get(w, floor)) for w in terms]
        return min(shares, default=1.0) if column in TOGETHER else math.prod(shares)

    def prefix(self, column: str, start: str) -> float:
        freqs, floor = self.freqs.get(column, {}), self.floor.get(column, 1.0)
        return min(1.0, floor + sum(f for lexeme, f in freqs.items() if lexeme.startswith(start)))


_stats: dict[str, tuple[float, WordStats | None]] = {}


def word_stats(s: Session) -> WordStats | None:
    """The frequencies ANALYZE measured (None before the first ANALYZE), cached per server database."""
    key = str(s.get_bind().engine.url)
    cached = _stats.get(key)
    if cached and time.monotonic() - cached[0] < STATS_SECONDS:
        return cached[1]
    rows = s.execute(text(
        "SELECT attname, most_common_elems::text::text[], most_common_elem_freqs, "
        "(SELECT reltuples FROM pg_class WHERE oid = 'dossiers'::regclass) FROM pg_stats "
        "WHERE schemaname = current_schema() AND tablename = 'dossiers' "
        "AND attname IN ('tsv_name', 'tsv_address') AND most_common_elems IS NOT NULL")).all()
    stats = None
    if rows:
        # most_common_elem_freqs: one per word, then the least and the greatest of them and the null share.
        # A word not listed is rarer than the least listed one; PostgreSQL's planner takes half of that,
        # at most 0.5 % (DEFAULT_TS_MATCH_SEL), and so does this estimate.
        stats = WordStats({r[0]: dict(zip(r[1], r[2], strict=False)) for r in rows},
                          {r[0]: min(UNLISTED, float(r[2][len(r[1])]) / 2) for r in rows}, float(rows[0][3]))
    _stats[key] = (time.monotonic(), stats)
    return stats


def _like(column: str, words: str) -> str:
    # Folded text is [0-9a-z ] only: it cannot carry SQL, and the planner sees the real words. Every
    # statement goes with parameters (see _Sql), so the driver reads "%%" as "%".
    return f"' ' || dossiers.{column} LIKE '%% {words}%%'"


def _plan(stats: WordStats | None, tsv: str, words: list[str]) -> tuple[bool, float]:
    """For one column: whether the index is also asked for the last word (as a prefix), and what the
    index then costs in walked rows: each candidate row read from the table, and the entries GIN reads
    (it steps through the rarest word's and skips in the others', but reads every word a prefix opens).
    A prefix as common as "h" narrows the candidates less than its entries cost; "uy" narrows them a lot."""
    if stats is None:
        return len(words) == 1 or len(words[-1]) > _SHORT_PREFIX, 0.0
    prefix = stats.prefix(tsv, words[-1])
    if len(words) == 1:
        return True, stats.rows * prefix * (HEAP_COST + ENTRY_COST)
    whole = stats.indexed(tsv, words[:-1])
    rarest = min(stats.indexed(tsv, [w]) for w in words[:-1])
    without = stats.rows * (HEAP_COST * whole + ENTRY_COST * rarest)
    with_prefix = stats.rows * (HEAP_COST * whole * prefix + ENTRY_COST * (rarest + prefix))
    return with_prefix < without, min(with_prefix, without)


def _indexed(stats: WordStats | None, tsv: str, words: list[str]) -> str:
    query = " & ".join(words[:-1] + ([words[-1] + ":*"] if _plan(stats, tsv, words)[0] else []))
    return f"dossiers.{tsv} @@ to_tsquery('simple'::regconfig, '{query}')"


def _suffixes(key: str, high: int | None, need: int | None) -> str:
    """The dossiers below `high` whose folded name holds the phrase `key`: the B-tree range of the name's
    word suffixes that start with it (app.models.pg_ddl), read from the index alone; only the newest
    `need` of them when no filter can drop any (then only those rows are read from the table)."""
    below = "" if high is None else f" AND dossier_id < {int(high)}"
    if need is None:
        return f"dossiers.id IN (SELECT dossier_id FROM name_suffixes WHERE {_range(key)}{below})"
    return (f"dossiers.id IN (SELECT DISTINCT dossier_id FROM name_suffixes WHERE {_range(key)}{below} "
            f"ORDER BY dossier_id DESC LIMIT {int(need)})")


def _range(key: str) -> str:
    # Folded text is [0-9a-z ], all below "~" in the suffixes' "C" collation.
    return f"suffix >= '{key}' AND suffix < '{key}~'"


@dataclass
class _Sql:
    """The statements of one page, on the session's connection: the filter's conditions rendered once by
    SQLAlchemy, their values as parameters (so the driver reads every "%%" as "%"), and the page's own
    conditions as literal text, folded words and integers."""

    conn: Connection
    where: str
    params: dict[str, Any]

    @classmethod
    def of(cls, s: Session, filters: ColumnElement[bool] | None) -> _Sql:
        conn = s.connection()
        if filters is None:
            return cls(conn, "", {})
        compiled = filters.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
        return cls(conn, f"({compiled}) AND ", dict(compiled.params))

    def rows(self, condition: str, need: int, *, walk: bool, low: Any = None, high: Any = None,
             top: str = "") -> list[Any]:
        """Up to `need` rows meeting `condition`, ids in [low, high), newest first: walked down the primary
        key, or (`walk` false) taken from an index and then sorted (`id + 0` keeps the planner off the
        primary key). `top`, an SQL expression, comes back beside each row."""
        bounds = "".join(f" AND dossiers.id {op} {value}" for op, value in ((">=", low), ("<", high))
                         if value is not None)
        order = "dossiers.id" if walk else "dossiers.id + 0"
        sql = (f"SELECT {_ROW_SQL}{f', {top} AS top' if top else ''} FROM dossiers WHERE {self.where}"
               f"({condition}){bounds} ORDER BY {order} DESC LIMIT {int(need)}")
        return list(self.conn.exec_driver_sql(sql, self.params).all())

    def scalar(self, sql: str) -> Any:
        return self.conn.exec_driver_sql(sql, {}).scalar()


def _suffix_count(sql: _Sql, key: str) -> int:
    """The name suffixes in the phrase's range, counted up to PROBE (read from the index alone)."""
    return int(sql.scalar(f"SELECT count(*) FROM (SELECT 1 FROM name_suffixes WHERE {_range(key)} "
                          f"LIMIT {PROBE}) AS ranged"))


def _index_first(walk: float, index_cost: float) -> bool:
    """Whether the index alone finds the page: a walk would read more than the index costs, and the
    index is not dear."""
    return walk > index_cost and index_cost < FIRST_WALK


def _name_cost(sql: _Sql, stats: WordStats, key: str, share: float, walk: float, need: int,
               unfiltered: bool) -> float:
    """What the name suffixes cost for a page, in walked rows: their entries in the phrase's range (each
    SUFFIX_COST) and the candidates read from the table (all of them when a filter might drop some).
    The range is counted (up to PROBE) only when the count can change the plan: the cost grows with the
    count, so when the index wins even at PROBE entries or more, it wins at any count, and a walk expected
    to read fewer than PROBE rows needs no count either."""
    def cost(counted: float) -> float:
        entries = max(counted, stats.rows * share if counted >= PROBE else 0)
        return entries * SUFFIX_COST + (min(entries, need) if unfiltered else entries) * HEAP_COST

    most = cost(PROBE)
    if walk <= PROBE or _index_first(walk, most):
        return most
    return cost(_suffix_count(sql, key))


def search_page(s: Session, filters: ColumnElement[bool] | None, key: str, text_field: str,
                before: int | None, need: int) -> list[Any]:
    """Up to `need` dossiers meeting `filters` (None: all) and matching the folded words `key`, newest id
    first, ids below `before` (the keyset cursor), as tuples of ROW_COLUMNS. A search by name alone asks
    the name suffixes instead of the GIN index. Only the conditions of the way chosen are built."""
    if not _FOLDED.fullmatch(key):
        raise ValueError(f"not folded text: {key!r}")  # the words go into the statements as literals
    words = key.split()
    by_name, unfiltered = text_field == "name", filters is None
    columns = [_COLUMNS[text_field]] if text_field in _COLUMNS else list(_COLUMNS.values())
    stats = word_stats(s)
    sql = _Sql.of(s, filters)

    def index(high: int | None, want: int) -> list[Any]:
        if by_name:
            found = _suffixes(key, high, want if unfiltered else None)
        else:
            found = " OR ".join(f"({_indexed(stats, tsv, words)} AND {_like(col, key)})" for tsv, col in columns)
        return sql.rows(found, want, walk=False, high=high)

    if stats is None:  # never analysed: a small table, the index alone
        return index(before, need)
    share = sum(stats.phrase(tsv, words) for tsv, _ in columns)
    walk = need / share if share > 0 else math.inf  # rows from the newest down that hold a page
    if by_name:  # counted when it matters: the estimate takes the words apart, not as a phrase
        index_cost = _name_cost(sql, stats, key, share, walk, need, unfiltered)
    else:
        index_cost = sum(_plan(stats, tsv, words)[1] for tsv, _ in columns)
    if _index_first(walk, index_cost):
        return index(before, need)
    # A walk reads at most what the index would cost, then the index takes the rest below it: at worst
    # twice the index's cost, never a scan of the whole table. Words are not independent ("ap 3" in
    # addresses, "nguyen" among the words starting with "ng"), so when the index looks dear a short walk
    # comes first all the same.
    span = int(min(index_cost if walk <= index_cost else FIRST_WALK, stats.rows)) + need
    # The newest `span` ids below the cursor or the newest id, which the same statement reads (and returns
    # beside each row), so that the rest of the table, below them, is exactly what it did not see.
    top = str(before) if before is not None else "(SELECT max(id) + 1 FROM dossiers)"
    like = " OR ".join(_like(col, key) for _, col in columns)
    found = sql.rows(like, need, walk=True, low=f"{top} - {span}", high=top, top=top)
    rows = [r[:-1] for r in found]
    if len(rows) < need:
        upper = before if before is not None else found[0][-1] if found else sql.scalar(
            "SELECT max(id) + 1 FROM dossiers")
        if upper is not None and upper - span > 0:
            rows += index(upper - span, need - len(rows))
    return rows
