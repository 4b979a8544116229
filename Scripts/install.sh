#!/usr/bin/env bash
# Builds a release binary and installs qingdan under PREFIX (default /usr/local), without
# packaging — the same layout as the Debian package (Scripts/install-layout.sh):
#   PREFIX/bin/qingdan                      the binary (Swift runtime linked in statically)
#   PREFIX/share/qingdan/                   catalogues, Han tables, synonyms (found via ../share)
#   PREFIX/share/man/man1/qingdan.1.gz      the man page
#   PREFIX/share/{bash-completion,zsh,fish} completions
#   PREFIX/share/doc/qingdan/               README.md, copyright
# Usage: bash Scripts/install.sh [PREFIX]        (as root for /usr/local; remove: uninstall.sh)
# DESTDIR=DIR stages the layout under DIR instead (package-deb.sh does);
# QINGDAN_BINARY=PATH installs that binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:-/usr/local}"
case "$prefix" in
  /*) ;;
  *) echo "install.sh: PREFIX must be an absolute path, e.g. /usr/local or \$HOME/.local (got '$prefix')" >&2
     exit 2 ;;
esac
destdir="${DESTDIR:-}"
# shellcheck source=install-layout.sh
source Scripts/install-layout.sh
qingdan_layout "$prefix"

# Under sudo, build as the user who asked, so .build/ stays theirs.
as_builder=()
if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then
  as_builder=(sudo -u "$SUDO_USER" env "PATH=$PATH")
fi
if [ -n "${QINGDAN_BINARY:-}" ]; then
  binary="$QINGDAN_BINARY"
else
  build=(swift build -c release --static-swift-stdlib --product qingdan)
  "${as_builder[@]}" nice -n 10 "${build[@]}"
  binary="$("${as_builder[@]}" "${build[@]}" --show-bin-path)/qingdan"
fi
[ -x "$binary" ] || { echo "install.sh: no binary at $binary" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/qingdan-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 Scripts/generate-man.py "$binary" "$work/qingdan.1" --prefix "$prefix"
for shell in bash zsh fish; do
  # Completion files are sourced, not run: no #! line (lintian: bash-completion-with-hashbang).
  "$binary" --generate-completion-script "$shell" | sed '1{/^#!/d}' >"$work/completion.$shell"
done

root="$destdir"
install -d -m 755 "$root$(dirname "$QINGDAN_BIN")"
install -m 755 "$binary" "$root$QINGDAN_BIN"
# Symbols are not needed to run; the binary shrinks by about a third.
strip --remove-section=.comment --remove-section=.note "$root$QINGDAN_BIN"

# Resources: everything in Resources/ (catalogues, han/, synonyms.tsv, and what is added
# there later), replacing an older install's copy so no stale file is left behind.
rm -rf "$root$QINGDAN_SHARE"
install -d -m 755 "$root$QINGDAN_SHARE"
cp -R Resources/. "$root$QINGDAN_SHARE/"
find "$root$QINGDAN_SHARE" -type d -exec chmod 755 {} + -o -type f -exec chmod 644 {} +

install -d -m 755 "$root$(dirname "$QINGDAN_MAN")"
gzip -9nc "$work/qingdan.1" >"$root$QINGDAN_MAN"
chmod 644 "$root$QINGDAN_MAN"
install -D -m 644 "$work/completion.bash" "$root$QINGDAN_BASH_COMPLETION"
install -D -m 644 "$work/completion.zsh" "$root$QINGDAN_ZSH_COMPLETION"
install -D -m 644 "$work/completion.fish" "$root$QINGDAN_FISH_COMPLETION"
install -D -m 644 README.md "$root$QINGDAN_DOC/README.md"
install -D -m 644 packaging/copyright "$root$QINGDAN_DOC/copyright"

if [ -z "$destdir" ]; then
  echo "installed $("$QINGDAN_BIN" --version | head -1) in $prefix"
  case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "note: $prefix/bin is not on PATH; add it, or run $QINGDAN_BIN" ;;
  esac
fi
