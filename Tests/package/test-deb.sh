#!/usr/bin/env bash
# Tests the Debian package as a user gets it, with no Swift toolchain on PATH:
#   - builds it (Scripts/package-deb.sh: a release build) unless --deb FILE is given;
#   - lintian, if installed, reports no errors;
#   - the binary links no Swift runtime library, and Depends covers every library it links;
#   - installed, `qingdan who 煤气罐` answers, `--version` finds the installed resources,
#     the man page renders with every command, the key table, ENVIRONMENT and FILES,
#     bash completion completes the subcommands, and the browser opens in tmux and quits;
#   - Scripts/install.sh PREFIX installs the same layout and Scripts/uninstall.sh removes it.
# "Installed" is, by default, unpacked into a scratch root with dpkg-deb -x (offline, no root
# needed for that part). With --chroot DIR it is `dpkg -i` in a Debian 12 chroot at DIR, made
# with debootstrap when DIR does not exist yet; its dependencies then come from the Debian
# mirror (apt-get -f install), so that mode needs the network and root.
#
#   bash Tests/package/test-deb.sh [--deb FILE] [--chroot DIR]
#
# Prints one line per check and ends with "N passed, M failed"; exits 1 if any failed.
set -euo pipefail
cd "$(dirname "$0")/../.."

deb="" chroot_dir=""
while (($#)); do
  case "$1" in
    --deb) deb="$2"; shift 2 ;;
    --chroot) chroot_dir="$2"; shift 2 ;;
    *) echo "usage: bash Tests/package/test-deb.sh [--deb FILE] [--chroot DIR]" >&2; exit 2 ;;
  esac
done

# What the checks use: tmux for the browser, man-db, bash-completion; lintian if it can be had.
bash Scripts/apt-install.sh tmux man-db bash-completion
bash Scripts/apt-install.sh lintian >/dev/null 2>&1 || true

started=$SECONDS
passed=0 failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }

work=$(mktemp -d "${TMPDIR:-/tmp}/qingdan-test-deb.XXXXXX")
mounted=()
socket="qingdan-deb-$$"
cleanup() {
  run tmux -L "$socket" kill-server >/dev/null 2>&1 || true
  local index
  for ((index = ${#mounted[@]} - 1; index >= 0; index--)); do
    umount "${mounted[$index]}" 2>/dev/null || umount -l "${mounted[$index]}" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "$deb" ]; then
  build_log="$work/package.log"
  if ! bash Scripts/package-deb.sh "$work" >"$build_log" 2>&1; then
    cat "$build_log"
    not_ok "Scripts/package-deb.sh builds the package"
    echo "$passed passed, $failed failed"
    exit 1
  fi
  deb=$(ls "$work"/qingdan_*.deb)
  ok "Scripts/package-deb.sh builds $(basename "$deb") ($(tail -1 "$build_log" | sed 's/^[^(]*(//; s/)$//'))"
fi
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
version=$(dpkg-deb -f "$deb" Version)
[[ $(basename "$deb") == "qingdan_${version}_$(dpkg --print-architecture).deb" ]] &&
  ok "named qingdan_VERSION_ARCH.deb" || not_ok "named qingdan_VERSION_ARCH.deb: $(basename "$deb")"

# --- the package's contents -------------------------------------------------------------
contents=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|')
for path in /usr/bin/qingdan /usr/share/qingdan/catalogues/ /usr/share/qingdan/han/pinyin.tsv \
  /usr/share/qingdan/han/traditional.tsv /usr/share/qingdan/synonyms.tsv \
  /usr/share/man/man1/qingdan.1.gz /usr/share/bash-completion/completions/qingdan \
  /usr/share/zsh/vendor-completions/_qingdan /usr/share/fish/vendor_completions.d/qingdan.fish \
  /usr/share/doc/qingdan/copyright /usr/share/doc/qingdan/README.md.gz; do
  grep -qxF "$path" <<<"$contents" && ok "contains $path" || not_ok "contains $path"
done
for file in Resources/catalogues/*; do
  grep -qxF "/usr/share/qingdan/catalogues/$(basename "$file")" <<<"$contents" ||
    not_ok "contains the bundled catalogue $(basename "$file")"
done
grep -q "Unihan" <(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/doc/qingdan/copyright) &&
  ok "the copyright file names Unihan" || not_ok "the copyright file names Unihan"

if command -v lintian >/dev/null; then
  lintian_log="$work/lintian.log"
  if lintian --fail-on error "$deb" >"$lintian_log" 2>&1; then
    ok "lintian: no errors ($(grep -c '^W:' "$lintian_log" || true) warnings)"
  else
    not_ok "lintian: errors"
    grep '^E:' "$lintian_log" || cat "$lintian_log"
  fi
else
  echo "skip - lintian is not installed (apt-get install lintian)"
fi

# --- installing ----------------------------------------------------------------------------
if [ -n "$chroot_dir" ]; then
  if [ ! -x "$chroot_dir/usr/bin/dpkg" ]; then
    echo "making a Debian 12 chroot in $chroot_dir (debootstrap, a few minutes)"
    debootstrap --variant=minbase --include=tmux,man-db,bash-completion bookworm \
      "$chroot_dir" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 ||
      { tail -20 "$work/debootstrap.log"; not_ok "debootstrap"; exit 1; }
  fi
  for mount_point in proc dev/pts; do
    mkdir -p "$chroot_dir/$mount_point"
    case $mount_point in
      proc) mount -t proc proc "$chroot_dir/proc" ;;
      dev/pts) mount --bind /dev/pts "$chroot_dir/dev/pts" ;;
    esac
    mounted+=("$chroot_dir/$mount_point")
  done
  # A system that had qingdan before: start from none.
  chroot "$chroot_dir" dpkg --purge qingdan >/dev/null 2>&1 || true
  cp "$deb" "$chroot_dir/tmp/"
  install_log="$work/dpkg.log"
  if chroot "$chroot_dir" dpkg -i "/tmp/$(basename "$deb")" >"$install_log" 2>&1; then
    ok "dpkg -i installs it"
  else
    # The usual first install on a fresh system: dependencies not there yet.
    grep -q "dependency problems" "$install_log" &&
      ok "dpkg -i stops on the declared dependencies: $(grep -o 'depends on [^;]*' "$install_log" | sort -u | paste -sd, -)" ||
      { cat "$install_log"; not_ok "dpkg -i"; }
    chroot "$chroot_dir" env DEBIAN_FRONTEND=noninteractive apt-get -qq update >/dev/null 2>&1 || true
    if chroot "$chroot_dir" env DEBIAN_FRONTEND=noninteractive apt-get -y -qq -f install \
      >>"$install_log" 2>&1 && chroot "$chroot_dir" dpkg -s qingdan 2>/dev/null | grep -q 'Status: install ok installed'; then
      ok "apt-get -f install brings in the dependencies and configures qingdan"
    else
      cat "$install_log"; not_ok "apt-get -f install"
    fi
  fi
  sysroot=""
  home="/tmp/qingdan-home"
  rm -rf "$chroot_dir$home" && mkdir -p "$chroot_dir$home"
  run() { chroot "$chroot_dir" env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 \
    TERM=xterm-256color "$@"; }
else
  sysroot="$work/root"
  dpkg-deb -x "$deb" "$sysroot"
  home="$work/home"
  mkdir -p "$home"
  # PATH without the Swift toolchain; the scratch root's bin first.
  run() { env -i HOME="$home" PATH="$sysroot/usr/bin:/usr/bin:/bin" LANG=C.UTF-8 \
    TERM=xterm-256color "$@"; }
fi
if run sh -c 'command -v swift' >/dev/null 2>&1; then
  not_ok "no Swift toolchain on the test's PATH"
else
  ok "no Swift toolchain on the test's PATH"
fi

binary="${chroot_dir:-$sysroot}/usr/bin/qingdan"
needed=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
grep -qiE 'swift|foundation|dispatch' <<<"$needed" &&
  not_ok "links a Swift runtime library: $(paste -sd' ' <<<"$needed")" ||
  ok "links no Swift runtime library ($(paste -sd' ' <<<"$needed"))"
depends=$(dpkg-deb -f "$deb" Depends)
for library in $needed; do
  package=$(dpkg -S "*/$library" 2>/dev/null | head -1 | cut -d: -f1)
  [ -n "$package" ] && grep -q "\b$package\b" <<<"$depends" ||
    not_ok "Depends ($depends) has the package of $library (${package:-unknown})"
done

# who answers, and --version says where the resources are.
who=$(run qingdan who 煤气罐 2>&1) && grep -q "城镇燃气" <<<"$who" &&
  ok "qingdan who 煤气罐 answers: $(head -1 <<<"$who" | cut -c1-60)…" ||
  { not_ok "qingdan who 煤气罐"; echo "$who"; }
version_text=$(run qingdan --version 2>&1)
[[ $(head -1 <<<"$version_text") == "qingdan $version" ]] &&
  grep -qxF "resources: $sysroot/usr/share/qingdan" <<<"$version_text" &&
  grep -q "index cache: format [0-9]" <<<"$version_text" &&
  grep -q "data (bundled, unless --data is given): 2 catalogue file(s)" <<<"$version_text" &&
  ok "qingdan --version: version, cache format, resources in $sysroot/usr/share/qingdan, data" ||
  { not_ok "qingdan --version"; echo "$version_text"; }

# The man page: every command of `qingdan --help`, the keys, environment and files.
subcommands=$(run qingdan --help | sed -n '/^SUBCOMMANDS:/,/^$/p' | awk '/^  [a-z]/ {print $1}')
if [ -n "$chroot_dir" ]; then
  man_text=$(run env MANWIDTH=100 man -P cat qingdan 2>"$work/man.err")
else
  man_text=$(run env MANWIDTH=100 man -P cat -l "$sysroot/usr/share/man/man1/qingdan.1.gz" \
    2>"$work/man.err")
fi
missing=""
for section in NAME SYNOPSIS DESCRIPTION KEYS ENVIRONMENT FILES "EXIT STATUS" $subcommands \
  QINGDAN_DATA QINGDAN_RESOURCES QINGDAN_NO_CACHE 下移 "Shift-Tab" "谁负责"; do
  grep -qF -- "$section" <<<"$man_text" || missing+=" $section"
done
[ -z "$missing" ] && [ ! -s "$work/man.err" ] &&
  ok "man renders ($(wc -l <<<"$man_text") lines): every command ($(paste -sd' ' <<<"$subcommands")), KEYS, ENVIRONMENT, FILES" ||
  { not_ok "man page: missing$missing"; cat "$work/man.err"; }

# Bash completion, loaded on demand by bash-completion from its standard folder where
# bash-completion is installed, else sourced directly.
completion=$(run bash -c '
  if [ -f /usr/share/bash-completion/bash_completion ] && [ -z "$1" ]; then
    source /usr/share/bash-completion/bash_completion
    _completion_loader qingdan
  else
    source "$1/usr/share/bash-completion/completions/qingdan"
  fi
  function=$(complete -p qingdan | sed -n "s/.*-F \([^ ]*\).*/\1/p")
  COMP_WORDS=(qingdan ""); COMP_CWORD=1; COMP_LINE="qingdan "; COMP_POINT=${#COMP_LINE}
  "$function" qingdan "" qingdan
  printf "%s\n" "${COMPREPLY[@]}"' bash "$sysroot" 2>&1)
missing=""
for command in $subcommands; do grep -qx -- "$command" <<<"$completion" || missing+=" $command"; done
[ -n "$subcommands" ] && [ -z "$missing" ] &&
  ok "bash completion completes every subcommand after 'qingdan '" ||
  { not_ok "bash completion: missing$missing"; echo "$completion" | head; }

# The browser, in tmux at 80x24: its panes appear, q quits and the shell comes back.
run tmux -L "$socket" -f /dev/null new-session -d -x 80 -y 24 \
  "qingdan; echo browser-exit=\$?; sleep 30"
screen=""
for _ in $(seq 1 100); do
  screen=$(run tmux -L "$socket" capture-pane -p 2>/dev/null || true)
  grep -q "谁负责\|大石头乡" <<<"$screen" && break
  sleep 0.1
done
if grep -q "大石头乡" <<<"$screen"; then
  ok "the browser opens in tmux"
  run tmux -L "$socket" send-keys q
  for _ in $(seq 1 50); do
    screen=$(run tmux -L "$socket" capture-pane -p 2>/dev/null || true)
    grep -q "browser-exit=" <<<"$screen" && break
    sleep 0.1
  done
  grep -q "browser-exit=0" <<<"$screen" && ok "q quits the browser (exit 0)" ||
    { not_ok "q quits the browser"; echo "$screen"; }
else
  not_ok "the browser opens in tmux"; echo "$screen"
fi
run tmux -L "$socket" kill-server >/dev/null 2>&1 || true

# --- install.sh / uninstall.sh: the same layout under another prefix ------------------------
if [ -z "$chroot_dir" ]; then
  prefix="$work/prefix"
  QINGDAN_BINARY="$binary" bash Scripts/install.sh "$prefix" >"$work/install.log" 2>&1 &&
    ok "Scripts/install.sh $prefix" || { not_ok "Scripts/install.sh"; cat "$work/install.log"; }
  installed=$(cd "$prefix" && find . -type f | sed 's|^\./||' | sort)
  packaged=$(cd "$sysroot/usr" && find . -type f | sed 's|^\./||' |
    sed 's|zsh/vendor-completions|zsh/site-functions|; s|README.md.gz|README.md|' |
    grep -v '/changelog.gz$' | sort)
  [ "$installed" = "$packaged" ] && ok "install.sh installs the package's layout ($(wc -l <<<"$installed") files)" ||
    { not_ok "install.sh layout differs from the package's"; diff <(echo "$packaged") <(echo "$installed") || true; }
  env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 "$prefix/bin/qingdan" --version |
    grep -qxF "resources: $prefix/share/qingdan" && ok "installed under $prefix, it finds $prefix/share/qingdan" ||
    not_ok "installed under $prefix, --version finds $prefix/share/qingdan"
  bash Scripts/uninstall.sh "$prefix" >/dev/null
  left=$(find "$prefix" -type f | wc -l)
  [ "$left" -eq 0 ] && ok "Scripts/uninstall.sh $prefix removes every file" ||
    { not_ok "uninstall.sh left $left files"; find "$prefix" -type f; }
fi

echo "took $((SECONDS - started)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
