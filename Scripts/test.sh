#!/usr/bin/env bash
# The test command: installs what the tests need, runs the unit tests (parser, search,
# reducer, render goldens), then drives the real binary in tmux.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-deps.sh
swift build --product qingdan
swift test
bash Tests/e2e/browser.sh .build/debug/qingdan
