"""What a user can do, as named typed functions: the one layer every front end calls.

An operation takes an `OpContext` (the open desk and the acting account) and plain arguments, checks
permission, calls services (which open and close their own sessions; reads open a short read session
here), and returns a dataclass. Operations that change something also say what changed as `Changes`
(kind and ids), so the UI's one app-level signal and the command line's output come from the same record.

The UI's background jobs, every `motcua` sub-command, `selftest` and `bench` call operations; none of
them opens a session or imports `app.models`. No Qt here: operations run on any thread.
Modules: intake, dossiers (detail, search, today), moves, printing, reports, exports, admin (set-up,
accounts, settings, catalogue), store (backup, restore, checks, audit, encryption), sync (control), plus
the areas other features add (calendar, files, importing…). Where a new feature goes: a
rule → app/services; something a user does → an operation here; how it looks → app/ui or app/cli.
See docs/architecture.md.
"""

from app.operations.base import Changes, OpContext

__all__ = ["Changes", "OpContext"]
