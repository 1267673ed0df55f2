"""What a user can do, as named typed functions: the one layer every front end calls.

An operation takes an `OpContext` (the open desk and the acting desk account) and plain arguments,
checks permission, opens and closes its own session (through the services), and returns a dataclass.
Operations that change something also say what changed as `Changes` (kind and ids), so the UI's one
app-level signal and the command line's output come from the same record.

The UI's background jobs, every `motcua` sub-command, `selftest`, `bench` and the hub call operations;
none of them opens a session or imports `app.models`. No Qt here: operations run on any thread.
One module per area (intake, dossiers, printing, reports, exports, admin, sync control, calendar, files,
importing…). Where a new feature goes: a rule → app/services; something a user does → an operation
here; how it looks → app/ui or app/cli, calling the operation.
"""

from app.operations.base import Changes, OpContext

__all__ = ["Changes", "OpContext"]
