#!/usr/bin/env python3
"""A complete v2 plugin written from docs/PROTOCOL.md alone, with switches that break one promise each, so that
`plugboard check` can be shown to fail each broken copy at the right step.

    v2-plugin capabilities
    v2-plugin --config-stdin          the config as the first line of stdin (what the host uses: configStdin)
    v2-plugin --config '<json>'

It declares all seven v2 features, serves `dataProcessor` (type `v2-echo`, echoing its input), the methods `echo`
(bytes in, bytes out) and `announce` (sends one `tick` event per call), and the events stream.

V2_PLUGIN_BREAK (in the environment, comma-separated) turns on the faults:

    no-token             answers requests without the bearer token
    ignore-socket-dir    binds in $TMPDIR instead of the config's socketDirectory
    socket-0666          leaves its socket readable and writable by every user
    ignore-parent-watch  keeps running when stdin reaches end-of-file
    config-in-argv       reads the config from stdin, then runs itself again with it on the command line
    no-methods           declares methods but answers 404 on /plugboard/v2/methods
    no-events            declares events but answers 404 on /plugboard/v2/events
    ignore-idle          never stops for its idle timeout
    ignore-shutdown      answers POST /shutdown with 200, then keeps running
"""
import base64, faulthandler, fcntl, hmac, json, os, socket, socketserver, sys, threading, time
from http.server import BaseHTTPRequestHandler
from urllib.parse import unquote

BREAK = set(filter(None, os.environ.get("V2_PLUGIN_BREAK", "").split(",")))
TOKEN = os.environ.get("PLUGBOARD_TOKEN", "")
CAPABILITIES = {
    "types": {"dataProcessor": [{"type": "v2-echo"}]},
    "configTypes": [],
    "protocol": {"version": 2, "features": ["configStdin", "token", "socketDirectory", "parentWatch", "methods",
                                             "events", "capabilitiesEndpoint"]},
    "name": "v2-plugin",
    "methods": [{"name": "echo", "description": "returns its input"},
                {"name": "announce", "description": "sends one tick event"}],
    "events": ["tick"],
}


class State:
    """What the threads share: activity for the idle timeout, the events stream, the stop."""
    lock = threading.Lock()
    last = time.monotonic()
    served = False        # whether a request has finished (the 5 s minimum applies until then)
    in_flight = 0
    seq = 0
    stream = None         # (handler, set of names) of the open events stream
    stopping = False
    socket_path = None


def stop_blocked():
    """A stop that has not ended in 3 s: every thread's stack to stderr (without Python's locks, never blocking on a
    full pipe), then the exit the stop was for."""
    try:
        fcntl.fcntl(2, fcntl.F_SETFL, fcntl.fcntl(2, fcntl.F_GETFL) | os.O_NONBLOCK)
        os.write(2, b"v2-plugin: the stop is blocked; threads:\n")
        faulthandler.dump_traceback(file=2, all_threads=True)
    except OSError:
        pass
    os._exit(0)


def stop(reason):
    # A stop never hangs: the plugin exits in 3 s whatever the steps below wait for, and says where they waited.
    watchdog = threading.Timer(3.0, stop_blocked)
    watchdog.daemon = True
    watchdog.start()
    with State.lock:
        if State.stopping:
            return
        State.stopping = True
        stream = State.stream
        State.stream = None
    if stream:
        try:
            stream[0].wfile.write(b"0\r\n\r\n")
            stream[0].wfile.flush()
        except OSError:
            pass
    if State.socket_path:
        for path in (State.socket_path, State.socket_path + ".lock"):
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
    try:
        # Its host may be gone (parent watch): stderr is then a pipe nobody reads, and writing to it fails.
        sys.stderr.write(f"v2-plugin: stopping: {reason}\n")
        sys.stderr.flush()
    except OSError:
        pass
    os._exit(0)


def notify(name, data):
    with State.lock:
        if not State.stream or name not in State.stream[1]:
            raise RuntimeError(f'no host is listening for event "{name}"')
        State.seq += 1
        line = json.dumps({"seq": State.seq, "name": name, "data": base64.b64encode(data).decode()}).encode() + b"\n"
        handler = State.stream[0]
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(line), line))
        handler.wfile.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def address_string(self):
        return "host"

    def reply(self, status, body, content_type="application/json", close=False):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(data)))
        if close or State.stopping:
            self.send_header("connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def error(self, status, message, close=False):
        self.reply(status, {"message": message, "statusCode": status}, close=close)

    def authorized(self):
        if not TOKEN or "no-token" in BREAK:
            return True
        return hmac.compare_digest(self.headers.get("authorization", "").encode(), ("Bearer " + TOKEN).encode())

    def handle_one(self, method):
        path = self.path.split("?", 1)[0]
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        events = method == "GET" and path == "/plugboard/v2/events" and "no-events" not in BREAK
        if not events:
            with State.lock:
                State.in_flight += 1
        try:
            if not self.authorized():
                self.error(401, "missing or wrong bearer token", close=events)
            elif events:
                self.events()
            else:
                self.route(method, path, body)
        finally:
            if not events:
                with State.lock:
                    State.in_flight -= 1
                    State.last = time.monotonic()
                    State.served = True

    def do_GET(self):
        self.handle_one("GET")

    def do_POST(self):
        self.handle_one("POST")

    def route(self, method, path, body):
        methods = "no-methods" not in BREAK
        if path == "/healthz" and method == "GET":
            self.reply(200, {"status": "ok"})
        elif path == "/shutdown" and method == "POST":
            self.reply(200, {"status": "shutting down"}, close=True)
            if "ignore-shutdown" not in BREAK:
                threading.Thread(target=stop, args=("POST /shutdown",)).start()
        elif path == "/plugboard/v2/capabilities" and method == "GET":
            self.reply(200, CAPABILITIES)
        elif path == "/plugboard/v2/methods" and method == "GET" and methods:
            self.reply(200, {"methods": CAPABILITIES["methods"]})
        elif path.startswith("/plugboard/v2/methods/") and method == "POST" and methods:
            name = unquote(path[len("/plugboard/v2/methods/"):])
            if name == "echo":
                self.reply(200, body, "application/octet-stream")
            elif name == "announce":
                try:
                    notify("tick", b"1")
                    self.reply(200, b"1", "application/octet-stream")
                except RuntimeError as error:
                    self.error(500, str(error))
            else:
                self.error(404, f'no method "{name}"; methods: "announce", "echo"')
        elif path == "/process" and method == "POST":
            request = json.loads(body or b"{}")
            self.reply(200, {"data": request.get("data", ""), "format": request.get("format", "text/plain")})
        else:
            self.error(404, f"no endpoint {path}")

    def events(self):
        query = self.path.split("?", 1)[1] if "?" in self.path else ""
        names = set()
        for part in query.split("&"):
            if part.startswith("listen="):
                names |= {unquote(name) for name in part[len("listen="):].split(",") if name}
        self.send_response(200)
        self.send_header("content-type", "application/x-ndjson")
        self.send_header("connection", "close")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        self.wfile.flush()
        with State.lock:
            old = State.stream
            State.stream = (self, names)
        if old:
            try:
                old[0].wfile.write(b"0\r\n\r\n")
                old[0].wfile.flush()
            except OSError:
                pass
        self.close_connection = True
        # The stream stays open until the plugin stops or another stream replaces this one.
        while True:
            with State.lock:
                if State.stream is None or State.stream[0] is not self:
                    return
            time.sleep(0.05)


class TCPServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True


class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def get_request(self):
        request, _ = self.socket.accept()
        return request, ("unix", 0)


def read_config():
    args = sys.argv[1:]
    if args == ["--config-stdin"]:
        line = sys.stdin.buffer.readline()
        if not line:
            sys.stderr.write("v2-plugin: invalid --config: --config-stdin given but stdin closed before a config line\n")
            sys.exit(2)
        if "config-in-argv" in BREAK:
            # The fault: the config (secrets included) ends up where `ps` shows it.
            os.execv(sys.executable, [sys.executable, os.path.abspath(__file__), "--config", line.decode().strip()])
        return json.loads(line)
    if len(args) == 2 and args[0] == "--config":
        return json.loads(args[1])
    if len(args) == 1 and args[0].startswith("--config="):
        return json.loads(args[0][len("--config="):])
    sys.stderr.write("usage: v2-plugin capabilities | --config-stdin | --config '<json>'\n")
    sys.exit(2)


def main():
    if sys.argv[1:] == ["capabilities"]:
        print(json.dumps(CAPABILITIES))
        return
    config = read_config()
    idle = config.get("idleTimeout") or 0
    idle = idle / 1e9 if isinstance(idle, (int, float)) else 0
    if config.get("type", "unix") == "unix":
        directory = config.get("socketDirectory") if "ignore-socket-dir" not in BREAK else None
        directory = (directory or os.environ.get("TMPDIR") or "/tmp").rstrip("/")
        safe = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in config["id"])
        path = f"{directory}/plugboard-{safe}.sock"
        lock = os.open(path + ".lock", os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.write(lock, f"{os.getpid()}\n".encode())
        os.close(lock)
        State.socket_path = path
        old = os.umask(0o177)
        server = UnixServer(path, Handler)
        os.umask(old)
        if "socket-0666" in BREAK:
            os.chmod(path, 0o666)
        location = "http+unix://" + path
    else:
        server = TCPServer(("127.0.0.1", 0), Handler)
        location = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    if config.get("parentWatch") and "ignore-parent-watch" not in BREAK:
        def watch():
            while sys.stdin.buffer.read(4096):
                pass
            stop("host closed stdin")
        threading.Thread(target=watch, daemon=True).start()
    print(location, flush=True)
    started = time.monotonic()
    while True:
        time.sleep(0.05)
        if idle <= 0 or "ignore-idle" in BREAK:
            continue
        with State.lock:
            quiet = State.in_flight == 0 and time.monotonic() - State.last >= idle
            early = not State.served and time.monotonic() - started < max(idle, 5)
        if quiet and not early:
            stop("idle timeout")


if __name__ == "__main__":
    main()
