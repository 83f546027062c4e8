import PlugboardProtocol
import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A v1 plugin in Python that forgets to remove its socket and lock file.
enum SloppyPlugin {
    static let source = #"""
    #!/usr/bin/env python3
    import json, os, socketserver, sys, tempfile, threading, time
    from http.server import BaseHTTPRequestHandler

    if sys.argv[1:] == ["capabilities"]:
        print(json.dumps({"types": {"dataProcessor": [{"type": "sloppy"}]}}))
        sys.exit(0)
    config = json.loads(sys.argv[2])
    path = os.path.join(tempfile.gettempdir(), "sloppy-%s.sock" % config["id"])
    with open(path + ".lock", "w") as lock:
        lock.write(str(os.getpid()))
    last = [time.monotonic()]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def log_message(self, *args): pass
        def address_string(self): return "unix"
        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        def do_GET(self):
            last[0] = time.monotonic()
            if self.path == "/healthz": self.reply(200, {})
            else: self.reply(404, {"message": "no endpoint " + self.path, "statusCode": 404})
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self.reply(200, {})
            if self.path == "/shutdown":
                os._exit(0)

    def idle(timeout):
        # Its idle stop is as sloppy as its shutdown: exit 0, socket and lock file left.
        while time.monotonic() - last[0] < timeout: time.sleep(0.05)
        os._exit(0)
    if config.get("idleTimeout"):
        threading.Thread(target=idle, args=(config["idleTimeout"] / 1e9,), daemon=True).start()

    server = socketserver.ThreadingUnixStreamServer(path, Handler)
    print("http+unix://" + path, flush=True)
    server.serve_forever()
    """#
}
