#!/usr/bin/env bash
# Removes what Scripts/install.sh installed under PREFIX (default /usr/local).
# Users' own files stay: ~/.config/qingdan/synonyms.tsv and the index cache ~/.cache/qingdan/.
# Usage: bash Scripts/uninstall.sh [PREFIX]
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:-/usr/local}"
case "$prefix" in
  /*) ;;
  *) echo "uninstall.sh: PREFIX must be an absolute path (got '$prefix')" >&2; exit 2 ;;
esac
# shellcheck source=install-layout.sh
source Scripts/install-layout.sh
qingdan_layout "$prefix"
if command -v dpkg-query >/dev/null && dpkg-query -S "$QINGDAN_BIN" >/dev/null 2>&1; then
  echo "uninstall.sh: $QINGDAN_BIN belongs to the Debian package; remove it with: apt remove qingdan" >&2
  exit 1
fi
removed=0
for file in "${QINGDAN_FILES[@]}"; do
  if [ -e "$file" ] || [ -L "$file" ]; then rm -f "$file" && removed=$((removed + 1)); fi
done
for directory in "${QINGDAN_DIRECTORIES[@]}"; do
  if [ -d "$directory" ]; then rm -rf "$directory" && removed=$((removed + 1)); fi
done
if [ "$removed" -eq 0 ]; then
  echo "nothing of qingdan found under $prefix"
else
  echo "removed qingdan from $prefix ($removed paths)"
fi
