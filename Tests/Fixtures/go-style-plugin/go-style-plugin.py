#!/usr/bin/env python3
"""A v1 plugin that stops the way the Go framework's SDK does: its `POST /shutdown` handler answers 200 and then
the process exits with status 1, and so does its idle timer. Everything else is ordinary: it serves the
`dataProcessor` contract (type `go-style`, echoing its input) on loopback TCP or a Unix socket, prints its
location line, and answers `GET /healthz`.

    go-style-plugin capabilities
    go-style-plugin --config '<json>'     the v1 config: {"id","type","idleTimeout" (nanoseconds),...}

A test fixture for the host's exit classification (docs/LIFECYCLE.md): neither exit is a crash.

With GO_SDK_RECORDED=1 in its environment it does what a plugin built with the Go SDK was recorded doing under
`plugboard check`: an unknown path gets Go's ServeMux answer, `404 page not found` in text/plain; `POST /shutdown`
is never answered (the SDK's handler waits in `server.Shutdown` for its own connection) and the process exits with
status 1 as `Serve` returns, leaving its socket file behind.
"""
import json, os, socket, socketserver, sys, threading, time

RECORDED = os.environ.get("GO_SDK_RECORDED") == "1"
from http.server import BaseHTTPRequestHandler


class State:
    """What the handlers share: when the last request ended, how many are in flight, how many `/run-then-close`
    calls ran."""
    lock = threading.Lock()
    last = time.monotonic()
    in_flight = 0
    ran = 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def parse_request(self):
        # A request is in flight from its request line to its answer (not while a keep-alive connection waits).
        parsed = super().parse_request()
        if parsed:
            with State.lock:
                State.in_flight += 1
        return parsed

    def finish_request(self):
        with State.lock:
            State.in_flight -= 1
            State.last = time.monotonic()

    def do_GET(self):
        try:
            self.get()
        finally:
            self.finish_request()

    def do_POST(self):
        try:
            self.post()
        finally:
            self.finish_request()

    def not_found(self):
        if RECORDED:
            data = b"404 page not found\n"
            self.send_response(404)
            self.send_header("content-type", "text/plain; charset=utf-8")
            self.send_header("x-content-type-options", "nosniff")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        else:
            self.reply(404, {"message": f"no endpoint {self.path}", "statusCode": 404})

    def get(self):
        if self.path == "/healthz":
            self.reply(200, {"status": "ok"})
        elif self.path == "/formats":
            self.reply(200, {"formats": ["text/plain"]})
        elif self.path == "/ran":
            with State.lock:
                self.reply(200, {"ran": State.ran})
        else:
            self.not_found()

    def post(self):
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        if self.path == "/shutdown" and RECORDED:
            os._exit(1)
        elif self.path == "/shutdown":
            self.reply(200, {})
            # The Go SDK's handler ends main with an error: exit status 1, right after answering.
            threading.Thread(target=lambda: (time.sleep(0.01), os._exit(1))).start()
        elif self.path == "/run-then-close":
            # What Go's net/http does when a handler panics: the handler ran, the connection closes, no answer.
            with State.lock:
                State.ran += 1
            self.close_connection = True
        elif self.path == "/process":
            request = json.loads(body or b"{}")
            self.reply(200, {"data": request.get("data", ""), "format": request.get("format", "text/plain"),
                             "metadata": {"processed_by": "go-style-plugin"}})
        else:
            self.not_found()


class TCPServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True


class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def get_request(self):
        request, _ = self.socket.accept()
        return request, ("unix", 0)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "capabilities":
        print(json.dumps({"types": {"dataProcessor": [{"type": "go-style"}]}}))
        return
    if len(sys.argv) < 3 or sys.argv[1] != "--config":
        sys.stderr.write("usage: go-style-plugin capabilities | --config '<json>'\n")
        sys.exit(2)
    config = json.loads(sys.argv[2])
    idle = (config.get("idleTimeout") or 0) / 1e9
    if config.get("type") == "unix":
        path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"go-style-{config.get('id', os.getpid())}.sock")
        server = UnixServer(path, Handler)
        location = "http+unix://" + path
    else:
        server = TCPServer(("127.0.0.1", 0), Handler)
        location = f"[::]:{server.server_address[1]}"   # the Go SDK prints a bare host:port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(location, flush=True)
    while True:
        time.sleep(0.05)
        with State.lock:
            quiet = State.in_flight == 0 and time.monotonic() - State.last >= idle
        if idle > 0 and quiet:
            os._exit(1)   # the Go SDK's idle timer also ends main with an error


if __name__ == "__main__":
    main()
