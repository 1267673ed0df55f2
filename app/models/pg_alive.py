"""Whether a pooled connection to a centre's server is still there, without a round trip for each use.

SQLAlchemy's `pool_pre_ping` sends `SELECT 1` every time a connection leaves the pool: on a LAN a round
trip before every Save and every search, for both the counter and the server. But a server that ends a
session says so on its socket: a restart, a stop, a crash or `pg_terminate_backend` sends the session's
goodbye or closes the connection, and an idle connection's socket then has something to read. So before
a connection is handed out, a zero-wait look at its socket decides: nothing to read, and used less than
PING_AFTER_IDLE seconds ago, means alive; otherwise it is pinged, and a connection that fails the ping
is replaced by a new one (DisconnectionError makes the pool connect anew). A connection idle for longer
is pinged anyway, since a pulled cable or a firewall that dropped it says nothing to the socket.
"""

from __future__ import annotations

import selectors
import time
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy import exc as sa_exc

#: Seconds a pooled connection may have been idle and still be trusted without a ping.
PING_AFTER_IDLE = 30.0
_IDLE_SINCE = "motcua_idle_since"


def watch(engine: Engine) -> None:
    """Check the engine's connections at checkout as this module says (instead of pool_pre_ping)."""
    event.listen(engine, "connect", _rested)
    event.listen(engine, "checkin", _rested)
    event.listen(engine, "checkout", lambda conn, record, _proxy: _check(engine, conn, record))


def _rested(_dbapi_conn: Any, record: Any) -> None:
    record.info[_IDLE_SINCE] = time.monotonic()


def _check(engine: Engine, dbapi_conn: Any, record: Any) -> None:
    idle = time.monotonic() - record.info.get(_IDLE_SINCE, 0.0)
    if idle < PING_AFTER_IDLE and not dbapi_conn.closed and not _has_something_to_read(dbapi_conn):
        return
    try:
        engine.dialect.do_ping(dbapi_conn)
    except Exception as exc:  # whatever the driver says, this connection is of no more use
        raise sa_exc.DisconnectionError("the server ended this connection") from exc


def _has_something_to_read(dbapi_conn: Any) -> bool:
    try:
        fd = dbapi_conn.fileno()
    except Exception:  # a connection the driver knows is broken
        return True
    with selectors.DefaultSelector() as sel:
        sel.register(fd, selectors.EVENT_READ)
        return bool(sel.select(timeout=0))
