#!/usr/bin/env bash
# Builds the Debian package qingdan_VERSION_ARCH.deb with dpkg-deb, from a release build:
# the layout of Scripts/install.sh with PREFIX=/usr, a control file whose Depends come
# from dpkg-shlibdeps (the Swift runtime is linked in with --static-swift-stdlib, so what
# is left is libc6, libncursesw6/libtinfo6, libsqlite3-0 and the C++ runtime), md5sums and
# a changelog.
# Usage: bash Scripts/package-deb.sh [OUTPUT_DIR]      (default: the checkout's root)
# QINGDAN_MAINTAINER="Name <mail>" sets the Maintainer field; QINGDAN_DEB_COMPRESSION=gzip
# packs faster and larger (default xz: about 15 MB instead of 23 MB, ~35 s of CPU instead of 7).
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mkdir -p "${1:-.}" && cd "${1:-.}" && pwd)"
# dpkg-shlibdeps (dpkg-dev), strip (binutils), and ncursesw's and SQLite's headers for the build.
bash Scripts/apt-install.sh dpkg-dev binutils python3 libncursesw5-dev libsqlite3-dev

build=(swift build -c release --static-swift-stdlib --product qingdan)
nice -n 10 "${build[@]}"
binary="$("${build[@]}" --show-bin-path)/qingdan"
version="$("$binary" --version | head -1 | awk '$1 == "qingdan" { print $2 }')"
[[ "$version" =~ ^[0-9][0-9A-Za-z.+~-]*$ ]] || {
  echo "package-deb.sh: cannot read the version from '$binary --version'" >&2
  exit 1
}
arch="$(dpkg --print-architecture)"
# Timestamps from the last commit, so the same commit gives the same package.
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
export SOURCE_DATE_EPOCH

stage=$(mktemp -d "${TMPDIR:-/tmp}/qingdan-deb.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
QINGDAN_BINARY="$binary" DESTDIR="$root" bash Scripts/install.sh /usr

# Debian's documentation conventions: a compressed changelog beside the copyright file.
doc="$root/usr/share/doc/qingdan"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
maintainer="${QINGDAN_MAINTAINER:-qingdan maintainers <qingdan@example.org>}"
{
  echo "qingdan ($version) unstable; urgency=medium"
  echo
  echo "  * Built from commit $commit of the qingdan repository."
  echo
  echo " -- $maintainer  $(date -R -u -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n >"$doc/changelog.gz"
gzip -9n "$doc/README.md"
chmod 644 "$doc/changelog.gz" "$doc/README.md.gz"

# Depends from what the binary really links (dpkg-shlibdeps wants a debian/control).
mkdir -p "$stage/debian"
printf 'Source: qingdan\n\nPackage: qingdan\nArchitecture: any\n' >"$stage/debian/control"
depends="$(cd "$stage" && dpkg-shlibdeps -O root/usr/bin/qingdan 2>/dev/null |
  sed -n 's/^shlibs:Depends=//p')"
[ -n "$depends" ] || { echo "package-deb.sh: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

mkdir -p "$root/DEBIAN"
(cd "$root" && find usr -type f -print0 | sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
installed_size="$(du -sk --apparent-size "$root/usr" | cut -f1)"
cat >"$root/DEBIAN/control" <<CONTROL
Package: qingdan
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: $depends
Section: utils
Priority: optional
Description: township duty catalogues at the terminal: who handles a matter
 qingdan (清单) reads township duty catalogues (乡镇履职事项清单: 基本, 配合 and
 收回 lists) and answers the question a 12345 hotline operator or a township
 clerk is asked on the phone: which department or township handles a matter.
 .
 A three-pane terminal browser (ncursesw, works over SSH at 80x24) and
 commands for scripts (search, who, list, show, stats, check, export; --json),
 and an enquiry log kept readable by the user only (log: entries, hot topics,
 missed searches).
 Search understands colloquial words, full pinyin, initials, polyphonic
 characters, homophone slips and traditional characters.
 .
 Two township catalogues (昌吉州木垒县大石头乡, 昌吉州昌吉市大西渠镇, July
 2025) are bundled; load others with --data.
CONTROL
chmod 644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
find "$root" -type d -exec chmod 755 {} +

deb="$out/qingdan_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Z"${QINGDAN_DEB_COMPRESSION:-xz}" --build "$root" "$deb" >/dev/null
echo "$deb ($(du -k "$deb" | cut -f1) KiB; installed $installed_size KiB; Depends: $depends)"
