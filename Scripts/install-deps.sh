#!/usr/bin/env bash
# Installs the Debian packages qingdan needs to build and test, if they are missing:
# ncursesw headers for the browser, SQLite's for the desk log, tmux for the end-to-end
# tests. Safe to run again.
set -euo pipefail
bash "$(dirname "$0")/apt-install.sh" libncursesw5-dev libsqlite3-dev tmux
