"""Sync with the provincial one-stop system: wire protocol, payload mapping, HTTP client, runner, receiver.

No Qt here. The runner pushes the outbox in idempotent batches and applies status updates decided
upstream as workflow events; `receiver` is the reference provincial endpoint used by tests and IT staff.
"""
