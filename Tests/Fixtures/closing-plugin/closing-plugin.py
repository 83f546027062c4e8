#!/usr/bin/env python3
"""closing-plugin: a healthy Plugboard plugin (Python standard library only) that closes every keep-alive
connection once it has been idle for IDLE_CLOSE seconds, as docs/PROTOCOL.md §7 allows while no request is in
flight on it. It declares protocol version 2 with no optional feature, which promises §7's close rule: the host
may then send a request again whose reused connection closed before the answer, whatever its method (a v1 plugin
gets that only for GET and HEAD).

It serves the `dataProcessor` contract with type `closing`: `POST /process` echoes `{"data", "format"}` back with
`"metadata": {"processed_by": "closing-plugin"}`; `GET /formats` lists its format. Besides the built-in
`GET /healthz` and `POST /shutdown` it answers `GET /stats` with `{"closedIdle": N, "connections": M}`: how many
idle connections it has closed and how many it has accepted, so a test can tell that it really closed some.

    closing-plugin capabilities          print the capabilities JSON, exit 0
    closing-plugin --config '<json>'     serve: "type" "unix" (the default) or "tcp"

A connection's first request is waited for without a deadline (only a connection that has carried a request is
a keep-alive connection); after each response the next request line must start within IDLE_CLOSE, or the
connection is closed. Over a Unix socket it listens on $TMPDIR (else /tmp)/plugboard-ID.sock with a pid lock file
beside it, and removes both when it stops. It ignores idleTimeout. It stops on POST /shutdown, SIGTERM or SIGINT
and exits 0.
"""
import base64, json, os, re, signal, socket, socketserver, sys, threading
from http.server import BaseHTTPRequestHandler

NAME = "closing-plugin"
IDLE_CLOSE = 0.02   # seconds a keep-alive connection may wait for its next request
SCHEMA = '{"type":"object","required":["data"],"properties":{"data":{"type":"string"},"format":{"type":"string"}}}'


def wire(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


class Stats:
    def __init__(self):
        self.lock, self.closed_idle, self.connections = threading.Lock(), 0, 0

    def add(self, closed_idle=0, connections=0):
        with self.lock:
            self.closed_idle += closed_idle
            self.connections += connections

    def snapshot(self):
        with self.lock:
            return {"closedIdle": self.closed_idle, "connections": self.connections}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        self.served = False
        self.server.stats.add(connections=1)

    def handle_one_request(self):
        # The first request of a connection may take its time; after that, an idle connection is closed.
        self.connection.settimeout(IDLE_CLOSE if self.served else None)
        try:
            self.raw_requestline = self.rfile.readline(65537)
        except TimeoutError:  # idle for IDLE_CLOSE (only a served connection has a deadline): close it
            self.server.stats.add(closed_idle=1)
            self.close_connection = True
            return
        except OSError:  # the peer reset the connection
            self.close_connection = True
            return
        self.connection.settimeout(None)
        if not self.raw_requestline:
            self.close_connection = True
            return
        if not self.parse_request():
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        status, value = self.route(body)
        self.respond(status, value)
        self.served = True

    def route(self, body):
        path = self.path.split("?", 1)[0]
        if (self.command, path) == ("GET", "/healthz"):
            return 200, {"status": "ok"}
        if (self.command, path) == ("POST", "/shutdown"):
            self.close_connection = True
            threading.Thread(target=self.server.shutdown, daemon=True).start()
            return 200, {"status": "shutting down"}
        if (self.command, path) == ("GET", "/stats"):
            return 200, self.server.stats.snapshot()
        if (self.command, path) == ("GET", "/formats"):
            return 200, {"formats": ["application/octet-stream"]}
        if (self.command, path) == ("POST", "/process"):
            try:
                request = json.loads(body)
                base64.b64decode(request["data"], validate=True)
            except (ValueError, KeyError, TypeError) as error:
                return 400, {"message": f"request body does not decode: {error!r}", "statusCode": 400}
            return 200, {"data": request["data"], "format": request.get("format") or "",
                         "metadata": {"processed_by": NAME}}
        return 404, {"message": f"no endpoint {self.command} {path}", "statusCode": 404}

    def respond(self, status, value):
        """Head and body in one write."""
        body = wire(value)
        head = [f"HTTP/1.1 {status} {self.responses.get(status, ('',))[0]}", "content-type: application/json",
                f"content-length: {len(body)}"]
        if self.close_connection:
            head.append("connection: close")
        self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)

    def log_message(self, format, *args):
        pass


class TCPServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads, block_on_close, request_queue_size = True, False, 128


class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads, block_on_close, request_queue_size = True, False, 128


def socket_path(identifier):
    directory = (os.environ.get("TMPDIR") or "/tmp").rstrip("/") or "/"
    return f"{directory}/plugboard-{re.sub(r'[^A-Za-z0-9._-]', '_', identifier)}.sock"


def acquire_lock(path):
    """The pid lock file beside the socket (docs/PROTOCOL.md §5); a stale one is replaced."""
    for _ in range(3):
        try:
            fd = os.open(path + ".lock", os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            try:
                with open(path + ".lock") as file:
                    owner = int(file.read(32).strip())
                os.kill(owner, 0)
                raise SystemExit(f"{NAME}: socket {path} is in use by running process {owner}")
            except (ValueError, ProcessLookupError, FileNotFoundError):
                remove(path + ".lock", path)
                continue
        os.write(fd, f"{os.getpid()}\n".encode())
        os.close(fd)
        remove(path)
        return
    raise SystemExit(f"{NAME}: could not acquire lock file {path}.lock")


def remove(*paths):
    for path in paths:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


def serve(config):
    kind = config.get("type") or "unix"
    if kind not in ("unix", "tcp"):
        sys.stderr.write(f"{NAME}: invalid --config: at $.type: expected \"unix\" or \"tcp\", got {kind!r}\n")
        return 2
    path = socket_path(config["id"]) if kind == "unix" else None
    if path:
        acquire_lock(path)
    try:
        old = os.umask(0o177)
        try:
            server = UnixServer(path, Handler) if path else TCPServer(("127.0.0.1", 0), Handler)
        finally:
            os.umask(old)
        server.stats = Stats()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: threading.Thread(target=server.shutdown, daemon=True).start())
        print(f"http+unix://{path}" if path else f"http://127.0.0.1:{server.server_address[1]}", flush=True)
        server.serve_forever(poll_interval=0.05)
        server.server_close()
    finally:
        if path:
            remove(path, path + ".lock")
    return 0


def main(argv):
    if argv == ["capabilities"]:
        print(wire({"types": {"dataProcessor": [{"type": "closing", "jsonSchema": base64.b64encode(SCHEMA.encode()).decode()}]},
                    "configTypes": [], "protocol": {"version": 2, "features": []}}).decode(), flush=True)
        return 0
    if len(argv) != 2 or argv[0] != "--config":
        sys.stderr.write(f"usage: {NAME} capabilities | {NAME} --config '<json>'\n")
        return 2
    try:
        config = json.loads(argv[1])
        if not isinstance(config, dict) or not isinstance(config.get("id"), str) or not config["id"]:
            raise ValueError("at $.id: required string 'id' is missing")
    except ValueError as error:
        sys.stderr.write(f"{NAME}: invalid --config: {error}\n")
        return 2
    return serve(config)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
