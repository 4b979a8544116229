#!/usr/bin/env bash
# The test command: installs what the tests need, runs the unit tests (parser, search,
# reducer, render goldens), then drives the real binary in tmux.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-deps.sh
# Whatever the tests start caches its index here, never in the user's ~/.cache.
XDG_CACHE_HOME=$(mktemp -d "${TMPDIR:-/tmp}/qingdan-test-cache.XXXXXX")
export XDG_CACHE_HOME
trap 'rm -rf "$XDG_CACHE_HOME"' EXIT
swift build --product qingdan
swift build --product qingdan-bench
swift test
bash Tests/e2e/browser.sh .build/debug/qingdan
bash Tests/e2e/cli.sh .build/debug/qingdan
bash Tests/e2e/desk-log.sh .build/debug/qingdan
# The Debian package as a user gets it (release build, no Swift on PATH when run).
QINGDAN_DEB_COMPRESSION=gzip bash Tests/package/test-deb.sh
bash Tests/e2e/compare-diff.sh .build/debug/qingdan .build/debug/qingdan-bench
