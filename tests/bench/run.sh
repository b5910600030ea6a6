#!/bin/sh
# Run the codec benchmark from a build tree: tests/bench/run.sh [BUILDDIR]
# Prints figures; it asserts nothing (speed is measured here, never in tests).
set -eu
builddir=${1:-.}
exec "$builddir/tests/bench/bench_codec"
