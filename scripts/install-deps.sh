#!/bin/sh
# Installs the Debian 12 packages nd needs that are not installed yet:
#   cmake make g++ libxsimd-dev catch2 libbenchmark-dev
#   --clang: also clang and its sanitizer runtimes (for the asan preset)
# Does nothing (and needs no network) when everything is installed. Uses sudo only
# when not run as root. Non-interactive.
set -eu

packages="cmake make g++ libxsimd-dev catch2 libbenchmark-dev"
for arg in "$@"; do
    case "$arg" in
        --clang) packages="$packages clang libclang-rt-dev" ;;
        -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
        *) echo "install-deps.sh: unknown argument '$arg' (only --clang)" >&2; exit 2 ;;
    esac
done

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "install-deps.sh: dpkg-query not found; this script is for Debian 12." >&2
    echo "Install by hand: $packages" >&2
    exit 1
fi

missing=""
for p in $packages; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *" installed") ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0

echo "install-deps.sh: installing$missing"
if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "install-deps.sh: not root and sudo is missing; as root run: apt-get install$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update
# shellcheck disable=SC2086 # word splitting of the package list is wanted
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
