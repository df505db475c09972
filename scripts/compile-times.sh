#!/bin/sh
# Lists the slowest translation units of a build, for developers who add tests:
#   scripts/compile-times.sh [preset] [count]     (defaults: test 15)
# Configures build/compile-times-<preset> from the CMake preset with a compiler launcher that
# times every compilation, builds it (-j2), and prints the `count` slowest units with their wall
# seconds, then the total. The first run builds everything; later runs build, and so list, only
# what changed since (delete the directory, or pass --fresh as the first argument, for a full list).
# The times are wall seconds of each compiler process while the other core builds too, as in CI.
set -eu

if [ "${1:-}" = "--launch" ]; then
    # Launcher mode (called by the build for every compilation): time the command, log it.
    shift
    log="$1"
    shift
    object=""
    previous=""
    for argument in "$@"; do
        [ "$previous" = "-o" ] && object="$argument"
        previous="$argument"
    done
    start=$(date +%s%N)
    status=0
    "$@" || status=$?
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000000 )) $object" >> "$log"
    exit "$status"
fi

fresh=0
if [ "${1:-}" = "--fresh" ]; then
    fresh=1
    shift
fi
preset="${1:-test}"
count="${2:-15}"
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build/compile-times-$preset"
log="$build/compile-times.log"

[ "$fresh" = 1 ] && rm -rf "$build"
mkdir -p "$build"
: > "$log"
cmake --preset "$preset" -B "$build" -DCMAKE_CXX_COMPILER_LAUNCHER="$root/scripts/compile-times.sh;--launch;$log" >/dev/null
cmake --build "$build" -j2 >/dev/null

if [ ! -s "$log" ]; then
    echo "compile-times.sh: nothing was compiled (the build in $build is up to date; --fresh rebuilds it all)"
    exit 0
fi
echo "The $count slowest of $(wc -l < "$log") translation units compiled (wall seconds, preset $preset):"
sort -rn "$log" | head -n "$count" | awk '{ printf "%7.1f  %s\n", $1 / 1000, $2 }'
awk '{ total += $1 } END { printf "%7.1f  in all (compiler seconds; the build runs two at a time)\n", total / 1000 }' "$log"
