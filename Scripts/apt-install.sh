#!/usr/bin/env bash
# Installs the named Debian packages that are not installed yet (as root, or with sudo).
# Used by the test command and the benchmarks, so each names what it needs and nothing more.
set -euo pipefail
needed=()
for package in "$@"; do
  dpkg -s "$package" >/dev/null 2>&1 || needed+=("$package")
done
if ((${#needed[@]})); then
  echo "installing: ${needed[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${needed[@]}" >/dev/null
fi
