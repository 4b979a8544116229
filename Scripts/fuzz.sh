#!/usr/bin/env bash
# The fuzzing campaign: builds the libFuzzer targets in Fuzz/Targets and runs each for
# SECONDS (default 60) on its seed corpus in Fuzz/corpus/<target>. Exits non-zero when any
# target finds a crash; the input that crashed is left in .build-fuzz/artifacts/.
#
#   bash Scripts/fuzz.sh [SECONDS] [TARGET...]      targets: parser query snapshot key-decoder
#
# QingdanCore is compiled once, instrumented (-sanitize=fuzzer,address, -enable-testing so
# the targets reach internal entry points such as the snapshot payload decoder), into
# .build-fuzz/libQingdanCore.a; each target links against it. The key decoder target is
# compiled with the browser's two Input/ files, the only code it needs. New inputs the
# fuzzer finds go to .build-fuzz/corpus-<target>/, never into the committed corpus.
# Leak detection is off: the targets build their engine once per process on purpose.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parser query snapshot key-decoder)

build=${QINGDAN_FUZZ_BUILD:-.build-fuzz}
# The runtime's backtracer fights ASan over a crashing process; libFuzzer reports crashes.
export SWIFT_BACKTRACE=enable=no
# Leaks are not crashes, and the targets keep their engine for the whole run on purpose.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
mkdir -p "$build/artifacts"
swiftc_flags=(-sanitize=fuzzer,address -parse-as-library -swift-version 6 -O -g)

core_sources=()
while IFS= read -r -d '' file; do core_sources+=("$file"); done \
  < <(find Sources/QingdanCore -name '*.swift' -print0 | sort -z)

quiet_link() { grep -v 'ld.gold: warning: Cannot export local symbol' || true; }

# QingdanCore imports ZIPFoundation (the OOXML readers): built once from SwiftPM's checkout,
# not instrumented (the targets fuzz our code), with its zlib module map.
zip_checkout=.build/checkouts/ZIPFoundation
build_zipfoundation() {
  local library=$build/libZIPFoundation.a
  [ -f "$library" ] && return
  [ -d "$zip_checkout" ] || swift package resolve >&2
  echo "fuzz: building ZIPFoundation" >&2
  swiftc -swift-version 5 -O -parse-as-library -module-name ZIPFoundation \
    -Xcc -D_GNU_SOURCE=1 -I "$zip_checkout/Sources/CZLib" \
    -emit-module -emit-module-path "$build/ZIPFoundation.swiftmodule" \
    -emit-library -static -o "$library" "$zip_checkout"/Sources/ZIPFoundation/*.swift 2>&1 | quiet_link
  [ -f "$library" ]
}

build_core() {
  build_zipfoundation
  local library=$build/libQingdanCore.a
  if [ -f "$library" ] && [ -z "$(find Sources/QingdanCore -newer "$library" -name '*.swift' | head -1)" ]; then
    return
  fi
  echo "fuzz: building QingdanCore (instrumented)" >&2
  swiftc "${swiftc_flags[@]}" -enable-testing -module-name QingdanCore \
    -I "$build" -I "$zip_checkout/Sources/CZLib" \
    -emit-module -emit-module-path "$build/QingdanCore.swiftmodule" \
    -emit-library -static -o "$library" "${core_sources[@]}" 2>&1 | quiet_link
  [ -f "$library" ]
}

build_target() {
  local target=$1 binary=$build/$1
  case $target in
    key-decoder)
      swiftc "${swiftc_flags[@]}" -module-name KeyDecoderFuzz \
        Sources/QingdanBrowser/Input/*.swift Fuzz/Targets/KeyDecoderFuzz.swift \
        -o "$binary" 2>&1 | quiet_link
      ;;
    parser | query | snapshot)
      build_core
      local source
      source=Fuzz/Targets/$(tr '[:lower:]' '[:upper:]' <<<"${target:0:1}")${target:1}Fuzz.swift
      swiftc "${swiftc_flags[@]}" -I "$build" -I "$zip_checkout/Sources/CZLib" -L "$build" \
        -lQingdanCore -lZIPFoundation -lz "$source" \
        -o "$binary" 2>&1 | quiet_link
      ;;
    *)
      echo "fuzz: unknown target $target (parser, query, snapshot, key-decoder)" >&2
      return 2
      ;;
  esac
  [ -x "$binary" ]
}

failed=()
for target in "${targets[@]}"; do
  echo "fuzz: building $target" >&2
  build_target "$target"
done
for target in "${targets[@]}"; do
  mkdir -p "$build/corpus-$target"
  log=$build/$target.log
  echo "fuzz: running $target for ${seconds}s (log: $log)" >&2
  if "$build/$target" "$build/corpus-$target" "Fuzz/corpus/$target" \
    -max_total_time="$seconds" -timeout="${QINGDAN_FUZZ_TIMEOUT:-30}" -rss_limit_mb=2048 -detect_leaks=0 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" >"$log" 2>&1; then
    grep -E '^(stat::number_of_executed_units|#[0-9]+ +DONE)' "$log" | tail -2 >&2 || true
  else
    echo "fuzz: $target FAILED; see $log and $build/artifacts/" >&2
    grep -E 'ERROR|Fatal error|SUMMARY' "$log" | head -5 >&2 || true
    failed+=("$target")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: no crashes (${targets[*]}, ${seconds}s each)" >&2
