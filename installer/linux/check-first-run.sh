#!/bin/sh
# Checks a built bundle the way a new desk meets it: first start on an empty data folder under a virtual
# screen (Xvfb), the first-run dialog filled in from the keyboard (commune, then the first administrator),
# and the start page ("Hôm nay") shown afterwards; then a second start asks to sign in and, signed in,
# shows the start page again. Screenshots of every step go to OUT_DIR for a person to look at.
#
#   installer/linux/check-first-run.sh [BUNDLE_DIR [OUT_DIR]]      (defaults: dist/motcua, dist/first-run)
#
# Needs: Xvfb, xdotool, ImageMagick's import  (apt-get install -y xvfb xdotool imagemagick).
# Field order follows app/ui/first_run_dialog.py (focus starts on the unit code; Tab walks the form).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUNDLE=${1:-$ROOT/dist/motcua}
OUT=${2:-$ROOT/dist/first-run}
PASSWORD=matkhau2026
for tool in Xvfb xdotool import; do
  command -v "$tool" >/dev/null 2>&1 || { echo "Thiếu $tool: apt-get install -y xvfb xdotool imagemagick" >&2; exit 2; }
done
[ -x "$BUNDLE/motcua" ] || { echo "Không thấy $BUNDLE/motcua: hãy chạy «make bundle» trước." >&2; exit 2; }
BUNDLE=$(cd "$BUNDLE" && pwd)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

WORK=$(mktemp -d)
mkdir -p "$OUT"
Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp 3>"$WORK/display" 2>"$WORK/xvfb.log" &
XVFB=$!
APP=""
cleanup() {
  set +e  # the app may already be gone; the screen and the folder must go regardless
  [ -n "$APP" ] && kill "$APP" 2>/dev/null
  kill "$XVFB" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
while [ ! -s "$WORK/display" ]; do sleep 0.1; done
export DISPLAY=":$(cat "$WORK/display")"

start_app() {
  (cd "$WORK" && exec env -u PYTHONPATH -u MOTCUA_HOME -u MOTCUA_RESOURCES HOME="$WORK/home" \
    XDG_DATA_HOME="$WORK/home/.local/share" QT_QPA_PLATFORM=xcb "$BUNDLE/motcua" >>"$WORK/app.log" 2>&1) &
  APP=$!
}

# Waits for a window whose title contains $1 and gives it the keyboard (there is no window manager).
wait_window() {
  i=0
  while :; do
    id=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -n 1 || true)
    [ -n "$id" ] && break
    i=$((i + 1))
    if [ "$i" -gt 300 ] || ! kill -0 "$APP" 2>/dev/null; then
      import -window root "$OUT/failed.png"
      echo "KHÔNG ĐẠT: chưa thấy cửa sổ «$1» (chương trình đã thoát hoặc quá 30 giây; ảnh: $OUT/failed.png)." >&2
      cat "$WORK/app.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  sleep 0.5
  xdotool windowfocus --sync "$id"
}

type_field() {
  xdotool type --delay 15 "$1"
  xdotool key Tab
}

mkdir -p "$WORK/home"
start_app
wait_window "Thiết lập lần đầu"
import -window root "$OUT/1-first-run-empty.png"
type_field "000.17.22.H56"
type_field "Trung tâm Phục vụ hành chính công xã Tân Lập"
type_field "Ủy ban nhân dân xã Tân Lập"
type_field "Tân Lập"
xdotool key Tab  # device slot stays 0
type_field "quantri"
type_field "Nguyễn Thị Hồng"
type_field "Công chức Văn phòng - Thống kê"
type_field "$PASSWORD"
xdotool type --delay 15 "$PASSWORD"
import -window root "$OUT/2-first-run-filled.png"
xdotool key Return
wait_window "Một Cửa — Trung tâm Phục vụ hành chính công xã Tân Lập"
sleep 1
import -window root "$OUT/3-start-page.png"
kill "$APP"
wait "$APP" 2>/dev/null || true

start_app
wait_window "Đăng nhập"
import -window root "$OUT/4-sign-in.png"
type_field "quantri"
xdotool type --delay 15 "$PASSWORD"
xdotool key Return
wait_window "Một Cửa — Trung tâm Phục vụ hành chính công xã Tân Lập"
sleep 1
import -window root "$OUT/5-start-page-after-sign-in.png"
DATA="$WORK/home/.local/share/MotCuaDesk/motcua.sqlite3"
[ -f "$DATA" ] || { echo "KHÔNG ĐẠT: không thấy cơ sở dữ liệu ở $DATA." >&2; exit 1; }
echo "ĐẠT: lần đầu thiết lập đơn vị và quản trị rồi vào trang Hôm nay; lần sau đăng nhập rồi vào trang Hôm nay."
echo "Ảnh chụp: $OUT"
