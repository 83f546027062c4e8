import Plugboard
import PlugboardContracts
import PlugboardProtocol
import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A plugin that behaves exactly like one built with the Go framework's SDK, written in Python's standard library.
enum GoStylePlugin {
    static let source = #"""
    #!/usr/bin/env python3
    import base64, json, socket, sys, threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    if sys.argv[1:] == ["capabilities"]:
        # Go's encoding/json: []byte as base64, no protocol block, configTypes as strings.
        schema = base64.b64encode(b'{"type": "object"}').decode()
        print(json.dumps({"types": {"dataProcessor": [{"type": "go-upper", "jsonSchema": schema}]}, "configTypes": ["go-config"]}))
        sys.exit(0)
    if len(sys.argv) != 3 or sys.argv[1] != "--config":
        sys.exit(2)
    config = json.loads(sys.argv[2])

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def log_message(self, *args): pass
        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        def do_GET(self):
            self.reply(200, {"status": "ok"}) if self.path == "/healthz" else self.reply(404, {"message": "not found", "statusCode": 404})
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path == "/shutdown":
                self.reply(200, {})
                threading.Thread(target=server.shutdown).start()
            elif self.path == "/process":
                request = json.loads(body)
                text = base64.b64decode(request["data"]).upper()
                self.reply(200, {"data": base64.b64encode(text).decode(), "metadata": {"idleTimeoutNanos": str(config.get("idleTimeout"))}})
            else:
                self.reply(404, {"message": "not found", "statusCode": 404})

    class Server(HTTPServer):
        address_family = socket.AF_INET6
    server = Server(("::", 0), Handler)
    print(f"[::]:{server.server_address[1]}", flush=True)
    server.serve_forever()
    """#
}
