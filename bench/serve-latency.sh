#!/usr/bin/env bash
# Measures ssg serve's save-to-reload latency on generated blogs of 1,000
# and 10,000 reviews: the time from a review's save on disk to the reload
# event reaching a page open on it, through fsnotify, the rebuild and the
# event stream. Prints the mean (ns/op), the median and the 90th
# percentile. Usage: bench/serve-latency.sh [iterations, default 50]
set -euo pipefail
cd "$(dirname "$0")/.."
echo "# $(go version), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
go test -run '^$' -bench 'SaveToReload' -benchtime "${1:-50}x" ./generator/devserver
