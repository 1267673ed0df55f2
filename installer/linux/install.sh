#!/bin/sh
# Cài (hoặc nâng cấp) Một Cửa từ gói tar đã giải nén. Dữ liệu KHÔNG nằm trong thư mục chương trình
# (mà ở ~/.local/share/MotCuaDesk của từng người dùng), nên nâng cấp hay gỡ đều không đụng tới dữ liệu.
#
#   ./install.sh                 cài cho người dùng hiện tại (~/.local/opt/motcua, lối tắt trong menu)
#   sudo ./install.sh --system   cài cho mọi người dùng (/opt/motcua, /usr/local/bin/motcua)
#   ./install.sh --uninstall     gỡ chương trình (thêm --system nếu đã cài cho mọi người dùng)
#
# PREFIX=/thu/muc ./install.sh   chọn thư mục chương trình khác.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
SYSTEM=0
UNINSTALL=0
for arg in "$@"; do
  case "$arg" in
    --system) SYSTEM=1 ;;
    --uninstall) UNINSTALL=1 ;;
    *) echo "Không hiểu tham số «$arg». Dùng: ./install.sh [--system] [--uninstall]" >&2; exit 2 ;;
  esac
done

if [ "$SYSTEM" = 1 ]; then
  PREFIX=${PREFIX:-/opt/motcua}
  SHARE=/usr/share
  BIN=/usr/local/bin
else
  PREFIX=${PREFIX:-$HOME/.local/opt/motcua}
  SHARE=${XDG_DATA_HOME:-$HOME/.local/share}
  BIN=$HOME/.local/bin
fi
APPS=$SHARE/applications
ICONS=$SHARE/icons/hicolor

# Only a folder that holds a previous bundle is ever emptied, so a mistyped PREFIX cannot wipe a home folder.
remove_program() {
  if [ -e "$PREFIX" ]; then
    if [ -x "$PREFIX/motcua" ] && [ -d "$PREFIX/_internal" ]; then
      rm -rf "$PREFIX"
    else
      echo "Thư mục $PREFIX không phải bản cài Một Cửa; không xóa. Hãy chọn PREFIX khác." >&2
      exit 1
    fi
  fi
}

refresh_menus() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$APPS" 2>/dev/null || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$ICONS" 2>/dev/null || true
}

if [ "$UNINSTALL" = 1 ]; then
  remove_program
  rm -f "$APPS/motcua.desktop" "$ICONS/256x256/apps/motcua.png" "$ICONS/scalable/apps/motcua.svg"
  [ -L "$BIN/motcua" ] && rm -f "$BIN/motcua"
  refresh_menus
  echo "Đã gỡ Một Cửa khỏi $PREFIX. Dữ liệu của từng người dùng (~/.local/share/MotCuaDesk) vẫn giữ nguyên."
  exit 0
fi

if [ ! -x "$HERE/motcua/motcua" ]; then
  echo "Không thấy $HERE/motcua/motcua: hãy chạy install.sh từ thư mục giải nén của gói tar." >&2
  exit 1
fi

remove_program
mkdir -p "$(dirname "$PREFIX")" "$APPS" "$ICONS/256x256/apps" "$ICONS/scalable/apps" "$BIN"
cp -a "$HERE/motcua" "$PREFIX"
ln -sf "$PREFIX/motcua" "$BIN/motcua"
cp "$HERE/motcua.png" "$ICONS/256x256/apps/motcua.png"
cp "$HERE/motcua.svg" "$ICONS/scalable/apps/motcua.svg"
sed -e "s|^Exec=.*|Exec=\"$PREFIX/motcua\"|" -e "s|^TryExec=.*|TryExec=$PREFIX/motcua|" \
  "$HERE/motcua.desktop" > "$APPS/motcua.desktop"
chmod 644 "$APPS/motcua.desktop"
refresh_menus
echo "Đã cài Một Cửa $("$PREFIX/motcua" --version | cut -d' ' -f2) vào $PREFIX."
echo "Mở từ menu ứng dụng (mục Văn phòng) hoặc gõ: $PREFIX/motcua"
