#!/bin/sh
# Packs the one-folder bundle (dist/motcua, from `make bundle`) with the desktop entry, the icon and
# install.sh into dist/motcua-<version>-linux-<arch>.tar.gz, and prints the tarball's path.
#
#   installer/linux/make-tarball.sh [BUNDLE_DIR [OUT_DIR]]
#
# GZIP_LEVEL (default 6) trades size for time; the packaging test uses 1.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUNDLE=${1:-$ROOT/dist/motcua}
OUT=${2:-$ROOT/dist}
LEVEL=${GZIP_LEVEL:-6}

if [ ! -x "$BUNDLE/motcua" ]; then
  echo "Không thấy bản đóng gói $BUNDLE/motcua. Hãy chạy «make bundle» trước." >&2
  exit 1
fi
VERSION=$("$BUNDLE/motcua" --version | cut -d' ' -f2)
NAME=motcua-$VERSION-linux-$(uname -m)
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT

mkdir -p "$STAGE/$NAME" "$OUT"
cp -a "$BUNDLE" "$STAGE/$NAME/motcua"
cp "$HERE/install.sh" "$HERE/motcua.desktop" "$HERE/motcua.png" "$ROOT/resources/icons/motcua.svg" "$STAGE/$NAME/"
cat > "$STAGE/$NAME/README.txt" <<TXT
Một Cửa $VERSION cho Linux ($(uname -m))

Cài cho người dùng hiện tại:   ./install.sh
Cài cho mọi người dùng:        sudo ./install.sh --system
Chạy thử không cần cài:        ./motcua/motcua

Lần mở đầu tiên trên một máy mới, chương trình hỏi thông tin đơn vị (xã/phường) và tạo tài khoản
quản trị. Dữ liệu nằm ở ~/.local/share/MotCuaDesk; nâng cấp bằng cách giải nén bản mới và chạy lại
install.sh: dữ liệu được giữ nguyên và được sao lưu trước khi nâng cấp cấu trúc.
Hướng dẫn đầy đủ: docs/install.md trong mã nguồn.
TXT
TARBALL=$OUT/$NAME.tar.gz
tar -C "$STAGE" -cf - "$NAME" | gzip -"$LEVEL" > "$TARBALL.part"
mv "$TARBALL.part" "$TARBALL"
echo "$TARBALL"
