#!/usr/bin/env bash
# Installs the Debian packages qingdan needs to build and test, if they are missing:
# ncursesw headers for the browser, tmux for the end-to-end test. Safe to run again.
set -euo pipefail
needed=()
dpkg -s libncursesw5-dev >/dev/null 2>&1 || needed+=(libncursesw5-dev)
command -v tmux >/dev/null 2>&1 || needed+=(tmux)
if ((${#needed[@]})); then
  echo "installing: ${needed[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${needed[@]}" >/dev/null
fi
