"""The JSON Schema of the wire record (resources/schemas/dongbohoso-2.schema.json, Draft 2020-12) and the
one check both ends run with it: the desk before sending (a failing record is parked locally), the
reference receiver on arrival (a failing item is rejected alone, naming the field).

`check_item` turns the validator's errors into `Problem`s with a rejection code (`missing_field`,
`bad_field`, `unknown_code`, `bad_item`), the field's path (`HoSo.TaiLieuNop[0].DuocSoHoa`) and a
Vietnamese message saying what is wrong with it. Every record of every push goes through it, so the
happy path runs jsonschema-rs (the same schema file, Draft 2020-12, in Rust: about 7 µs a record where
fastjsonschema's generated Python took 40 and jsonschema's 200); only a record it refuses is walked
again by jsonschema's Draft 2020-12 validator, the reference, to list every problem. Where the two
disagree the stricter wins: a record jsonschema-rs refuses is never sent, even if the reference (whose
Python regular expressions let `$` match before a final newline) finds nothing to name.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from app.paths import resources_dir
from app.sync.protocol import FIELD_LABELS

VERSION = 2
NAME = f"dongbohoso-{VERSION}.schema.json"


def schema_file() -> Path:
    return resources_dir() / "schemas" / NAME

_TYPES = {"string": "chuỗi ký tự", "integer": "số nguyên", "array": "danh sách", "object": "đối tượng",
          "boolean": "đúng/sai", "number": "số"}


@dataclass(frozen=True)
class Problem:
    code: str
    field: str
    message: str


@functools.cache
def validator() -> Draft202012Validator:
    schema = json.loads(schema_file().read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@functools.cache
def _fast() -> jsonschema_rs.Draft202012Validator:
    return jsonschema_rs.Draft202012Validator(json.loads(schema_file().read_text(encoding="utf-8")))


def _path(parts: Any) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(bản ghi)"


def _problem(e: SchemaError) -> Problem:
    where = _path(e.absolute_path)
    shown = json.dumps(e.instance, ensure_ascii=False)[:60]
    kind = e.validator
    if kind == "required":
        missing = str(e.message).split("'")[1] if "'" in str(e.message) else "?"
        field = f"{where}.{missing}" if e.absolute_path else missing
        return Problem("missing_field", field, f"Thiếu trường {field}.")
    if kind == "additionalProperties":
        return Problem("bad_field", where, f"{where} có trường không thuộc bản ghi quốc gia: {e.message}.")
    if kind == "type":
        want = e.validator_value if isinstance(e.validator_value, str) else "/".join(cast(list[str], e.validator_value))
        return Problem("bad_field", where, f"Trường {where} phải là {_TYPES.get(want, want)}, không phải {shown}.")
    if kind in ("enum", "const"):
        allowed = cast(list[Any], e.validator_value) if kind == "enum" else [e.validator_value]
        return Problem("unknown_code", where, f"Trường {where} có mã {shown} không thuộc danh mục "
                                              f"(được phép: {', '.join(map(str, allowed))}).")
    if kind == "minLength" and e.validator_value == 1:
        return Problem("missing_field", where, f"Trường {where} đang để trống.")
    if kind in ("minItems",):
        return Problem("bad_item", where, f"{where} không có mục nào.")
    return Problem("bad_field", where, f"Trường {where} không hợp lệ ({shown}): {kind} {e.validator_value}.")


def check_item(item: Any) -> list[Problem]:
    """Every problem of one wire item against the schema, the shallowest first; [] when it validates."""
    if _fast().is_valid(item):
        return []
    errors = sorted(validator().iter_errors(item), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        return [_problem(e) for e in errors]
    strict = next(iter(_fast().iter_errors(item)))
    where = _path(strict.instance_path)
    return [Problem("bad_field", where, f"Trường {where} không hợp lệ: {strict.message}.")]


def local_reason(p: Problem) -> str:
    """What the clerk reads for a record parked on this desk (never sent)."""
    key = p.field.removeprefix("HoSo.")
    if p.code == "missing_field" and key in FIELD_LABELS:
        return f"Thiếu {FIELD_LABELS[key]} ({key}); hãy bổ sung vào hồ sơ rồi gửi lại."
    return (f"Hồ sơ chưa gửi lên tỉnh vì bản ghi chưa đúng chuẩn quốc gia: {p.message} "
            "Hãy sửa thông tin hồ sơ rồi bấm «Gửi lại hồ sơ này».")
