"""Sync with the provincial one-stop system: the national dossier record (record, payload) and its JSON
Schema (schema), connectors to upstream systems (connectors: our batch protocol first), the HTTP client
(client, transport), the runner and the reference receiver.

No Qt here. The runner pushes the outbox in idempotent batches and applies status updates decided
upstream as workflow events; `receiver` is the reference provincial endpoint used by tests and IT staff.
"""
