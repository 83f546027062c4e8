#!/bin/bash
# Regenerates hot-functions.txt: the functions a release plugin runs from exec through serving (start on a Unix
# socket and on TCP, /healthz, small /process calls, an error, 1 MiB /echo, the v2 endpoints, /shutdown, SIGTERM)
# and `capabilities`, found with callgrind, the common path first. The examples' link (Package.swift `pluginLinking`) hands the list to lld
# as --symbol-ordering-file, which puts these functions next to each other: a plugin touches fewer pages of its
# binary (idle RSS) and takes fewer page faults at start (docs/PERFORMANCE.md, "Link order").
#
# Needs valgrind, curl and python3. Names that no longer exist are ignored by the link, so a stale list costs only
# pages, never correctness; regenerate after large changes to the SDK or NIO:
#
#   swift build -c release --product simple-processor && Benchmarks/link-order/generate.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plugin=${1:-"$here/../../.build/release/simple-processor"}
work=$(mktemp -d /tmp/link-order-XXXXXX)
trap 'rm -rf "$work"' EXIT
# valgrind cannot read the DWARF of these binaries; the symbol table is enough.
objcopy --strip-debug "$plugin" "$work/plugin"

run() {  # run PROFILE TRANSPORT [all]: one callgrind profile of a served plugin; with "all", every endpoint
    local profile=$1 transport=$2 everything=${3:-} dir="$work/$1"
    mkdir -p "$dir"
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/cg.$profile" "$work/plugin" \
        --config "{\"id\":\"order\",\"type\":\"$transport\",\"socketDirectory\":\"$dir\",\"idleTimeout\":60000000000}" \
        > "$dir/stdout" 2> "$dir/stderr" &
    local pid=$!
    for _ in $(seq 600); do grep -q http "$dir/stdout" 2>/dev/null && break; sleep 0.05; done
    local call
    if [ "$transport" = unix ]; then call=(curl -s --unix-socket "$dir/plugboard-order.sock" http://localhost); else call=(curl -s "$(head -1 "$dir/stdout")"); fi
    "${call[@]}/healthz" > /dev/null
    for _ in $(seq 20); do "${call[@]}/process" -d '{"data":"aGVsbG8gd29ybGQ="}' > /dev/null; done
    if [ -z "$everything" ]; then
        kill -TERM "$pid"
        wait "$pid"
        return
    fi
    "${call[@]}/formats" > /dev/null
    "${call[@]}/nope" > /dev/null
    "${call[@]}/process" -d '{"data":1}' > /dev/null
    head -c 1048576 /dev/zero | tr '\0' a > "$dir/big"
    "${call[@]}/echo" --data-binary @"$dir/big" > /dev/null
    "${call[@]}/plugboard/v2/capabilities" > /dev/null
    "${call[@]}/plugboard/v2/methods" > /dev/null
    "${call[@]}/shutdown" -X POST > /dev/null
    wait "$pid"
}
run serve unix
run all unix all
run tcp tcp all

# Through the host as a host drives it (discovery's `capabilities`, the start, pooled keep-alive calls, the stop),
# when the release `plugboard` is built: the plugin behind a script that runs it under callgrind.
bench="$here/../../.build/release/plugboard"
touch "$work/cg.host"
if [ -x "$bench" ]; then
    mkdir -p "$work/host"
    printf '#!/bin/sh\nexec valgrind --tool=callgrind --demangle=no --callgrind-out-file=%s/cg.host.%%p %s/plugin "$@" 2>/dev/null\n' "$work" "$work" > "$work/host/simple-processor"
    chmod +x "$work/host/simple-processor"
    "$bench" bench --call-loop 2 --plugins "$work/host" > /dev/null
    cat "$work"/cg.host.* > "$work/cg.host"
fi
valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/cg.capabilities" "$work/plugin" capabilities > /dev/null 2>&1

python3 - "$work" "$here/hot-functions.txt" <<'PY'
import re, subprocess, sys
work, out = sys.argv[1], sys.argv[2]
symbols = subprocess.run(["nm", work + "/plugin"], capture_output=True, text=True, check=True).stdout.splitlines()
defined = {parts[2] for parts in (line.split() for line in symbols) if len(parts) == 3 and parts[1] in "tTwW"}
# What every plugin runs (`capabilities`; start, /healthz, small calls through the host, a stop) first, then what
# the other endpoints and TCP add: the pages of the common path stay dense.
hot, seen = [], set()
for profiles in (("host", "serve", "capabilities"), ("all",), ("tcp",)):
    ran = set()
    for line in (line for profile in profiles for line in open(f"{work}/cg.{profile}", errors="replace")):
        m = re.match(r"c?fn=\(\d+\) (.+)", line)
        if m: ran.add(m.group(1).strip().split("'")[0])
    new = sorted((ran & defined) - seen)
    hot += new
    seen |= set(new)
open(out, "w").write("\n".join(hot) + "\n")
print(f"{len(hot)} functions -> {out}")
PY
