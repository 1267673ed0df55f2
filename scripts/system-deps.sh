#!/usr/bin/env bash
# Installs the few system libraries Qt needs to run offscreen (and under Xvfb) when they are missing,
# and PostgreSQL's server programs (the tests of centre mode start a server of their own).
# Runs only where apt-get exists and we are root; elsewhere it says what is missing and carries on.
set -u
need=()
for lib in libEGL.so.1 libGL.so.1 libxkbcommon.so.0 libfontconfig.so.1 libdbus-1.so.3 libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || need+=("$lib")
done
# The sqlite3 program: the audit-tampering test edits the database with it, as an attacker would.
command -v sqlite3 >/dev/null 2>&1 || need+=("sqlite3")
# PostgreSQL server programs (initdb, pg_ctl, pg_dump, pg_restore): the suite starts its own server for centre mode.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || need+=("postgresql")
[ ${#need[@]} -eq 0 ] && exit 0
pkgs="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 sqlite3 postgresql"
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Cài thư viện hệ thống: ${need[*]}"
  # shellcheck disable=SC2086
  (apt-get install -y -qq $pkgs >/dev/null 2>&1 ||
   (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $pkgs >/dev/null 2>&1)) ||
   echo "Không cài được thư viện hệ thống: ${need[*]} — giao diện có thể không chạy." >&2
else
  echo "Thiếu thư viện hệ thống cho Qt: ${need[*]} (hãy cài bằng trình quản lý gói của máy)." >&2
fi
exit 0
