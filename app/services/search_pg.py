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
words apart), so when a walk looks long the phrase's suffixes are counted, up to PROBE, instead.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, column, func, literal_column, or_, select, table, text
from sqlalchemy.orm import Session

from app.models import Dossier

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
_SUFFIXES = table("name_suffixes", column("suffix"), column("dossier_id"))
_COLUMNS = {"name": ("tsv_name", Dossier.search_name), "address": ("tsv_address", Dossier.search_address)}


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


def _literal(value: str) -> ColumnElement[Any]:
    # Folded text is [0-9a-z ] only: a literal cannot carry SQL, and the planner sees the real words.
    return literal_column(f"'{value}'")


def _like(column: Any, words: str) -> ColumnElement[bool]:
    spaced: ColumnElement[str] = literal_column("' '") + column
    return spaced.like(_literal(f"% {words}%"))


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


def _indexed(stats: WordStats | None, tsv: str, words: list[str]) -> ColumnElement[bool]:
    query = " & ".join(words[:-1] + ([words[-1] + ":*"] if _plan(stats, tsv, words)[0] else []))
    tsquery = func.to_tsquery(literal_column("'simple'::regconfig"), _literal(query))
    matched: ColumnElement[bool] = literal_column(f"dossiers.{tsv}").op("@@")(tsquery)
    return matched


def _suffixes(key: str, high: Any, need: int | None) -> ColumnElement[bool]:
    """The dossiers below `high` whose folded name holds the phrase `key`: the B-tree range of the name's
    word suffixes that start with it (app.models.pg_ddl), read from the index alone; only the newest
    `need` of them when no filter can drop any (then only those rows are read from the table)."""
    ids = select(_SUFFIXES.c.dossier_id).where(_range(key))
    if high is not None:
        ids = ids.where(_SUFFIXES.c.dossier_id < high)
    if need is not None:
        ids = ids.distinct().order_by(_SUFFIXES.c.dossier_id.desc()).limit(need)
    return Dossier.id.in_(ids)


def _range(key: str) -> ColumnElement[bool]:
    # Folded text is [0-9a-z ], all below "~" in the suffixes' "C" collation.
    return and_(_SUFFIXES.c.suffix >= _literal(key), _SUFFIXES.c.suffix < _literal(key + "~"))


def _suffix_count(s: Session, key: str) -> int:
    """The name suffixes in the phrase's range, counted up to PROBE (read from the index alone)."""
    ranged = select(_SUFFIXES.c.dossier_id).where(_range(key)).limit(PROBE).subquery()
    return s.scalar(select(func.count()).select_from(ranged)) or 0


def _index_first(walk: float, index_cost: float) -> bool:
    """Whether the index alone finds the page: a walk would read more than the index costs, and the
    index is not dear."""
    return walk > index_cost and index_cost < FIRST_WALK


def _name_cost(s: Session, stats: WordStats, key: str, share: float, walk: float, need: int,
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
    return cost(_suffix_count(s, key))


def search_page(s: Session, stmt: Select[Any], key: str, text_field: str, before: int | None,
                need: int) -> list[Any]:
    """Up to `need` rows of `stmt` (already filtered) matching the folded words `key`, newest id first,
    ids below `before` (the keyset cursor). A search by name alone asks the name suffixes instead of the
    GIN index. Only the conditions of the way chosen are built."""
    words = key.split()
    by_name, unfiltered = text_field == "name", stmt.whereclause is None
    columns = [_COLUMNS[text_field]] if text_field in _COLUMNS else list(_COLUMNS.values())
    stats = word_stats(s)

    def index(high: Any, want: int) -> ColumnElement[bool]:
        if by_name:
            return _suffixes(key, high, want if unfiltered else None)
        return or_(*(and_(_indexed(stats, tsv, words), _like(col, key)) for tsv, col in columns))

    if stats is None:  # never analysed: a small table, the index alone
        return _run(s, stmt.where(index(before, need)), Dossier.id + 0, None, before, need)
    share = sum(stats.phrase(tsv, words) for tsv, _ in columns)
    walk = need / share if share > 0 else math.inf  # rows from the newest down that hold a page
    if by_name:  # counted when it matters: the estimate takes the words apart, not as a phrase
        index_cost = _name_cost(s, stats, key, share, walk, need, unfiltered)
    else:
        index_cost = sum(_plan(stats, tsv, words)[1] for tsv, _ in columns)
    if _index_first(walk, index_cost):
        return _run(s, stmt.where(index(before, need)), Dossier.id + 0, None, before, need)
    # A walk reads at most what the index would cost, then the index takes the rest below it: at worst
    # twice the index's cost, never a scan of the whole table. Words are not independent ("ap 3" in
    # addresses, "nguyen" among the words starting with "ng"), so when the index looks dear a short walk
    # comes first all the same.
    span = int(min(index_cost if walk <= index_cost else FIRST_WALK, stats.rows)) + need
    # The newest `span` ids below the cursor or the newest id, which the same statement reads (and returns
    # beside each row), so that the rest of the table, below them, is exactly what it did not see.
    top: Any = before if before is not None else select(func.max(Dossier.id) + 1).scalar_subquery()
    like = or_(*(_like(col, key) for _, col in columns))
    found = _run(s, stmt.add_columns((literal_column("0") + top).label("top")).where(like), Dossier.id,
                 top - span, top, need)
    rows = [r[:-1] for r in found]
    if len(rows) < need:
        upper = before if before is not None else found[0][-1] if found else s.scalar(
            select(func.max(Dossier.id) + 1))
        if upper is not None and upper - span > 0:
            rest = need - len(rows)
            rows += _run(s, stmt.where(index(upper - span, rest)), Dossier.id + 0, None, upper - span, rest)
    return rows


def _run(s: Session, stmt: Select[Any], order: Any, low: Any, high: Any, need: int) -> list[Any]:
    """`order` is the id itself (walk the primary key) or `id + 0` (rows from the index, then sorted)."""
    if low is not None:
        stmt = stmt.where(Dossier.id >= low)
    if high is not None:
        stmt = stmt.where(Dossier.id < high)
    return list(s.execute(stmt.order_by(order.desc()).limit(need)))
