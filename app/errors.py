"""Errors every layer may raise; each carries a Vietnamese message that tells the user what to do next."""

from __future__ import annotations


class MotCuaError(Exception):
    """Base of all expected errors. `str(err)` is the Vietnamese message shown to the user."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationError(MotCuaError):
    """Bad input. `fields` maps each bad field to its message; nothing was written."""

    exit_code = 3

    def __init__(self, fields: dict[str, str]):
        self.fields = dict(fields)
        lines = [f"- {msg}" for msg in self.fields.values()]
        super().__init__("Thông tin chưa hợp lệ, vui lòng sửa:\n" + "\n".join(lines))


class NotFoundError(MotCuaError):
    exit_code = 4


class TransitionError(MotCuaError):
    exit_code = 5


class PermissionDenied(MotCuaError):
    exit_code = 6


class DatabaseError(MotCuaError):
    """The database cannot be opened or used as it is (newer schema, not initialised, damaged)."""

    exit_code = 7


class CodeBlockExhausted(MotCuaError):
    exit_code = 8


class ConcurrentChange(MotCuaError):
    """Someone else changed the dossier between reading and writing it; nothing of this action was written."""

    exit_code = 9
