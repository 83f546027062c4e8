#!/usr/bin/env python3
"""Measures dataProcessor plugins side by side, in alternating runs, by the CPU time of the plugin process (steadier
than wall time on a loaded machine): `capabilities`, spawn to location line, and `POST /process` on one keep-alive
connection.

    python3 sdks/python/bench.py [--runs N] PLUGIN [PLUGIN ...]

e.g. the SDK's py-processor against the hand-written one it replaced:

    git show 4c10b28:Examples/python-plugin/py-processor > /tmp/old-py-processor && chmod +x /tmp/old-py-processor
    python3 sdks/python/bench.py Examples/python-plugin/py-processor /tmp/old-py-processor
"""
import argparse
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import tempfile
import time

BODY = b'{"data":"aGVsbG8gd29ybGQ=","format":"text/plain"}'
REQUEST = b"POST /process HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s" % (len(BODY), BODY)


def process_cpu(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def capabilities_cpu(plugin):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([plugin, "capabilities"], stdout=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000


def calls(plugin, count):
    """(ms from spawn to location line, plugin CPU µs per call)."""
    directory = tempfile.mkdtemp(prefix="pb-bench-")
    started = time.perf_counter()
    process = subprocess.Popen([plugin, "--config", json.dumps({"id": "bench", "socketDirectory": directory})],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        location = process.stdout.readline().decode().strip()
        startup = (time.perf_counter() - started) * 1000
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(location[len("http+unix://"):])
            responses = sock.makefile("rb")

            def call():
                sock.sendall(REQUEST)
                length = 0
                while (line := responses.readline()) != b"\r\n":
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                responses.read(length)
            for _ in range(100):
                call()
            before = process_cpu(process.pid)
            for _ in range(count):
                call()
            per_call = (process_cpu(process.pid) - before) / count * 1e6
            responses.close()
        return startup, per_call
    finally:
        process.terminate()
        process.communicate()
        shutil.rmtree(directory, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("plugins", nargs="+")
    arguments = parser.parse_args()
    results = {plugin: [] for plugin in arguments.plugins}
    for run in range(arguments.runs):
        order = arguments.plugins if run % 2 == 0 else list(reversed(arguments.plugins))
        for plugin in order:
            results[plugin].append((capabilities_cpu(plugin), *calls(plugin, arguments.calls)))
    for plugin, runs in results.items():
        print(f"{plugin}: capabilities {statistics.median(r[0] for r in runs):.1f} ms CPU; "
              f"spawn to location {statistics.median(r[1] for r in runs):.1f} ms; "
              f"POST /process {statistics.median(r[2] for r in runs):.1f} µs CPU (medians of {len(runs)} runs)")


if __name__ == "__main__":
    main()
