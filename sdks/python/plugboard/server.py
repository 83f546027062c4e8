"""HTTP/1.1 on a Unix socket or 127.0.0.1, one thread per connection (docs/PROTOCOL.md §7-§10, §15, §16).

Why threads and not asyncio: handlers are ordinary functions that may block (sleep, file or network I/O, a
subprocess, CPU work). With a thread per connection a slow handler holds only its own connection, so ``/healthz``
and other calls, which the host sends on its other pooled connections (at most 16), are answered meanwhile. Under
asyncio one blocking handler would stall every connection unless each handler ran in an executor, which is threads
again, with a second concurrency model for authors to learn.
"""
import hmac
import os
import re
import socket
import socketserver
import sys
import tempfile
from http import HTTPStatus

from . import wire
from .errors import DecodeError, PluginError
from .limits import MAX_BODY
from .listen import LOOPBACK, announced_host, format_address
from .log import current_request

METHODS = "/plugboard/v2/methods"
METHOD_PREFIX = "/plugboard/v2/methods/"
EVENTS = "/plugboard/v2/events"
MAX_HEADERS = 100
_HEX = set("0123456789abcdef")
_TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")


class Route:
    """One endpoint: ``handler(body: bytes, request: Request) -> (bytes, content_type)``; may raise PluginError or
    DecodeError (400, ``<decode_prefix>: at $...``)."""

    def __init__(self, method, path, handler, decode_prefix="request body does not decode"):
        self.method, self.path, self.handler, self.decode_prefix = method, path, handler, decode_prefix


class Request:
    """The HTTP request being handled, besides its body: ``method``, ``path``, ``query`` (the text after ``?``),
    ``headers`` (a dict by lower-case name), and the host's W3C trace context, ``traceparent`` and ``tracestate``
    (None when it sent none, or an invalid ``traceparent``)."""

    def __init__(self, method, path, query, headers, traceparent=None, tracestate=None):
        self.method, self.path, self.query, self.headers = method, path, query, headers
        self.traceparent, self.tracestate = traceparent, tracestate

    @property
    def trace(self):
        """The trace context as a W3C carrier (``{"traceparent", "tracestate"?}``), or None."""
        if self.traceparent is None:
            return None
        return {"traceparent": self.traceparent, **({"tracestate": self.tracestate} if self.tracestate else {})}


class Service:
    """What the server serves: routes, named methods, the token, the events hub, the lifecycle, the logger."""

    def __init__(self, routes, methods, method_listing, token, events, lifecycle, logger, max_body=MAX_BODY):
        self.routes = {}
        for route in routes:
            self.routes.setdefault(route.path, {})[route.method] = route
        self.methods, self.method_listing = methods, method_listing
        self.token = token.encode() if token else None
        self.events, self.lifecycle, self.logger, self.max_body = events, lifecycle, logger, max_body

    def authorized(self, header):
        """Whether ``Authorization`` carries exactly ``Bearer <token>``, compared in constant time."""
        if self.token is None:
            return True
        if header is None or not header.startswith("Bearer "):
            return False
        return hmac.compare_digest(header[len("Bearer "):].encode("latin-1", errors="replace"), self.token)

    def lookup(self, method, path):
        """The route for ``method path``, or the (status, message, allow) that answers instead."""
        if path == METHODS:
            if method != "GET":
                return None, (405, f"method {method} not allowed on {path}", "GET")
            listing = self.method_listing
            return Route("GET", path, lambda body, request: (listing, "application/json")), None
        if path.startswith(METHOD_PREFIX):
            if method != "POST":
                return None, (405, f"method {method} not allowed on {path}", "POST")
            encoded = path[len(METHOD_PREFIX):]
            name = percent_decode(encoded)
            if name is None or name not in self.methods:
                known = ", ".join(f'"{known}"' for known in sorted(self.methods))
                suffix = f"; methods: {known}" if known else "; this plugin has no methods"
                return None, (404, f'no method "{name if name is not None else encoded}"{suffix}', None)
            return self.methods[name], None
        by_method = self.routes.get(path)
        if by_method is None:
            return None, (404, f"no endpoint {path}", None)
        if method in by_method:
            return by_method[method], None
        allowed = ", ".join(sorted(by_method))
        return None, (405, f"method {method} not allowed on {path}; allowed: {allowed}", allowed)


def _phrase(status):
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def percent_decode(text):
    """``%XX`` escapes (either case) into bytes, every other byte as it is, as UTF-8; None when malformed."""
    raw, index, data = bytearray(), 0, text.encode("utf-8", errors="surrogateescape")
    while index < len(data):
        byte = data[index]
        if byte == 0x25:
            pair = data[index + 1:index + 3].decode("ascii", errors="replace")
            if len(pair) != 2 or not all(c in "0123456789abcdefABCDEF" for c in pair):
                return None
            raw.append(int(pair, 16))
            index += 3
        else:
            raw.append(byte)
            index += 1
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def valid_traceparent(value):
    """A W3C ``traceparent`` (``VV-<32 hex trace id>-<16 hex parent id>-FF``, lower case, ids not all zero)."""
    if not value:
        return None
    value = value.strip()
    parts = value.split("-")
    if len(parts) < 4 or [len(p) for p in parts[:4]] != [2, 32, 16, 2] or parts[0] == "ff":
        return None
    if not all(set(part) <= _HEX for part in parts[:4]):
        return None
    if parts[1] == "0" * 32 or parts[2] == "0" * 16 or (parts[0] == "00" and len(parts) != 4):
        return None
    return value


class Handler(socketserver.StreamRequestHandler):
    """One connection: requests answered in order, keep-alive until the client or a stop closes it.

    The HTTP/1.1 of the protocol (docs/PROTOCOL.md §7) is small enough to parse here; http.server's handler would
    bring the email package's header parser, slower per request and ~40 ms more to import at every start."""

    def setup(self):
        self.disable_nagle_algorithm = self.server.address_family == socket.AF_INET
        super().setup()

    def handle(self):
        try:
            self.close_connection = False
            while not self.close_connection:
                self.handle_one_request()
        finally:
            self.server.service.lifecycle.connection_closed(self.connection)

    def handle_one_request(self):
        service = self.server.service
        lifecycle = service.lifecycle
        if not lifecycle.connection_idle(self.connection):
            self.close_connection = True
            return
        try:
            line = self.rfile.readline(65537)
        except OSError:
            line = b""
        if not line:
            self.close_connection = True
            return
        lifecycle.request_began(self.connection)
        self.counted, self.allow = True, None
        self.command, self.request_version, self.headers = "", "HTTP/1.1", {}
        try:
            if len(line) > 65536:
                self.send_error(414, "request line too long")
                return
            if not self.parse_request(line):
                return
            self.dispatch(service)
        except (ConnectionError, BrokenPipeError, socket.timeout):
            self.close_connection = True
        finally:
            if self.counted:
                lifecycle.request_ended()

    def parse_request(self, request_line):
        """Reads the request head after its first line, ``request_line``: ``command``, ``path``,
        ``request_version``, ``headers`` (a dict by lower-case name; a repeated header's values joined with
        ``", "``) and ``close_connection``. False when it was malformed and has been answered with 400."""
        parts = request_line.rstrip(b"\r\n").split(b" ")
        if len(parts) != 3 or not parts[1]:
            return self.malformed("invalid request line")
        method, target, version = parts
        if not _TOKEN.match(method):
            return self.malformed("invalid HTTP method")
        if version not in (b"HTTP/1.1", b"HTTP/1.0"):
            return self.malformed(f"unsupported HTTP version {version[:20].decode('latin-1')!r}")
        self.command, self.path, self.request_version = method.decode("ascii"), target.decode("latin-1"), version.decode("ascii")
        headers = {}
        for _ in range(MAX_HEADERS + 1):
            line = self.rfile.readline(65537)
            if line in (b"\r\n", b"\n"):
                break
            if not line:
                raise ConnectionError("connection closed in the middle of a request head")
            if len(line) > 65536:
                return self.malformed("header line too long")
            name, colon, value = line.partition(b":")
            if not colon or not _TOKEN.match(name):
                return self.malformed("invalid header line")
            key, value = name.decode("ascii").lower(), value.strip().decode("latin-1")
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        else:
            return self.malformed(f"more than {MAX_HEADERS} headers")
        self.headers = headers
        tokens = {token.strip() for token in headers.get("connection", "").lower().split(",")}
        self.close_connection = "close" in tokens or (version == b"HTTP/1.0" and "keep-alive" not in tokens)
        if version == b"HTTP/1.1" and headers.get("expect", "").lower() == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        return True

    def malformed(self, problem):
        self.send_error(400, problem)
        return False

    def dispatch(self, service):
        path, _, query = self.path.partition("?")
        if self.command == "GET" and path == EVENTS:
            return self.stream_events(service, query)
        # The token is decided on the head: without it the body is read and dropped, never gathered (PROTOCOL.md §9).
        authorized = service.authorized(self.headers.get("authorization"))
        try:
            body, too_large = self.read_body(service.max_body if authorized else 0)
        except ValueError as error:
            return self.send_error(400, str(error))
        if not authorized:
            self.close_connection = True
            return self.answer_error(401, "missing or wrong bearer token")
        if too_large:
            self.close_connection = True
            return self.answer_error(413, f"request body is larger than the limit of {service.max_body} bytes")
        if path == "/healthz" and self.command in ("GET", "HEAD"):
            return self.answer(200, b'{"status":"ok"}')
        if path == "/shutdown" and self.command == "POST":
            service.lifecycle.stop("POST /shutdown")
            return self.answer(200, b'{"status":"shutting down"}')
        if path in ("/healthz", "/shutdown"):
            self.allow = "GET, HEAD" if path == "/healthz" else "POST"
            return self.answer_error(405, f"method {self.command} not allowed on {path}")
        route, miss = service.lookup(self.command, path)
        if miss is not None:
            status, message, self.allow = miss
            return self.answer_error(status, message)
        traceparent = valid_traceparent(self.headers.get("traceparent"))
        tracestate = self.headers.get("tracestate") if traceparent else None  # W3C: without a traceparent, no state
        request = Request(self.command, path, query, self.headers, traceparent, tracestate)
        token = current_request.set(request)
        try:
            output, content_type = route.handler(body, request)
        except PluginError as error:
            return self.answer_error(error.status, error.message)
        except DecodeError as error:
            return self.answer_error(400, f"{route.decode_prefix}: {error}")
        except Exception as error:  # the handler's fault: 500 with its description, and a log line
            service.logger.error("handler failed", path=path, error=str(error) or repr(error))
            return self.answer_error(500, str(error) or type(error).__name__)
        finally:
            current_request.reset(token)
        self.answer(200, output, content_type)

    # ---- bodies -------------------------------------------------------------------------------------------------

    def read_body(self, limit):
        """The body (Content-Length or chunked) and whether it was over ``limit`` (then read and dropped)."""
        chunks, size = [], 0

        def take(count):
            nonlocal size
            while count > 0:
                piece = self.rfile.read(min(count, 1 << 16))
                if not piece:
                    raise ConnectionError("connection closed in the middle of a body")
                size, count = size + len(piece), count - len(piece)
                if size <= limit:
                    chunks.append(piece)

        if "chunked" in self.headers.get("transfer-encoding", "").lower():
            while True:
                size_line = self.rfile.readline(1024)
                if not size_line:
                    raise ConnectionError("connection closed in the middle of a chunked body")
                try:
                    length = int(size_line.split(b";")[0].strip(), 16)
                except ValueError:
                    raise ValueError(f"invalid chunk size {size_line[:40]!r}") from None
                if length == 0:
                    break
                take(length)
                self.rfile.readline(8)
            while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):
                pass  # trailers
        else:
            header = self.headers.get("content-length")
            try:
                length = int(header) if header is not None else 0
            except ValueError:
                raise ValueError(f"invalid Content-Length {header[:40]!r}") from None
            if length < 0:
                raise ValueError(f"invalid Content-Length {header!r}")
            take(length)
        return b"".join(chunks), size > limit

    # ---- responses ----------------------------------------------------------------------------------------------

    def answer_error(self, status, message):
        self.answer(status, wire.dumps({"message": message, "statusCode": status}))

    def answer(self, status, body, content_type="application/json"):
        """Head and body in one write; ``connection: close`` when asked, for HTTP/1.0 and once stopping."""
        if self.server.service.lifecycle.stopping:
            self.close_connection = True
        version = "HTTP/1.0" if self.request_version == "HTTP/1.0" else "HTTP/1.1"
        head = [f"{version} {status} {_phrase(status)}",
                f"content-type: {content_type}", f"content-length: {len(body)}"]
        if self.allow:
            head.append(f"allow: {self.allow}")
        if self.close_connection:
            head.append("connection: close")
        elif version == "HTTP/1.0":
            head.append("connection: keep-alive")
        payload = b"" if self.command == "HEAD" else body
        self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + payload)

    def send_error(self, code, message):
        """A request that is not valid HTTP: a JSON error body naming the problem, then the connection closes."""
        self.close_connection = True
        self.allow = None
        self.answer_error(code, f"malformed HTTP request: {message}")

    # ---- the events stream --------------------------------------------------------------------------------------

    def stream_events(self, service, query):
        """``GET /plugboard/v2/events?listen=a,b``: a chunked stream of JSON lines until it is replaced or the
        plugin stops. It is not a request in flight: the idle timeout does not see it."""
        self.counted = False
        service.lifecycle.request_ended()
        if not service.authorized(self.headers.get("authorization")):
            self.close_connection = True
            return self.answer_error(401, "missing or wrong bearer token")
        names = set()
        for parameter in query.split("&"):
            if parameter.startswith("listen="):
                for part in parameter[len("listen="):].split(","):
                    name = percent_decode(part)
                    if name:
                        names.add(name)
        service.events.writer_started()
        subscription = service.events.subscribe(names)
        self.close_connection = True
        version = "HTTP/1.0" if self.request_version == "HTTP/1.0" else "HTTP/1.1"
        try:
            self.wfile.write(f"{version} 200 OK\r\ncontent-type: application/x-ndjson\r\nconnection: close\r\n"
                             "transfer-encoding: chunked\r\n\r\n".encode("latin-1"))
            while True:
                batch = subscription.next_batch()
                if not batch:
                    break
                self.wfile.write(b"".join(b"%x\r\n%s\r\n" % (len(line), line) for line in batch))
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass  # the host closed the stream
        finally:
            service.events.unsubscribe(subscription)
            try:
                self.connection.shutdown(socket.SHUT_RDWR)  # the host sees the stream end now, not at exit
            except OSError:
                pass
            service.events.writer_finished()


class TCPServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads, block_on_close, allow_reuse_address, request_queue_size = True, False, True, 256
    tls = None  # a ServerTLS for an attached plugin's --tls-cert (TCP only)

    def __init__(self, service, tls=None, address=LOOPBACK):
        self.service = service
        self.tls = tls
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.announced = announced_host(address[0])
        super().__init__(address, Handler)

    def finish_request(self, request, client_address):
        if self.tls is not None:
            # The handshake runs in the connection's own thread: a slow or silent client holds up no other.
            try:
                request = self.tls.wrap(request)
            except OSError as error:  # ssl.SSLError is an OSError
                self.service.logger.warning(f"TLS handshake with {client_address[0]}:{client_address[1]} failed: {self.tls.cause(error)}")
                request.close()
                return
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        self.service.logger.debug("connection closed with error", error=repr(sys.exc_info()[1]))

    @property
    def location(self):
        return f"{'https' if self.tls is not None else 'http'}://{format_address(self.announced, self.server_address[1])}"


class UnixServer(TCPServer):
    address_family = socket.AF_UNIX

    def __init__(self, service, path):
        self.service = service
        self.path = path
        socketserver.TCPServer.__init__(self, path, Handler)

    def server_bind(self):
        """Binds so that the socket is 0600 from the moment it exists at its path, without ``os.umask`` (the
        process's, which every thread shares): bound inside a fresh 0700 directory beside the path, where no other
        user can reach it, set to 0600, then hard-linked to the path (which fails if the path exists, as a bind
        would) and unlinked from the directory, which is removed. The name inside is never longer than the path."""
        directory = tempfile.mkdtemp(prefix=".pb", dir=os.path.dirname(self.path) or ".")
        temporary = os.path.join(directory, "s")
        try:
            self.socket.bind(temporary)
            os.chmod(temporary, 0o600)
            os.link(temporary, self.path)
        finally:
            try:
                os.unlink(temporary)
            except FileNotFoundError:
                pass
            os.rmdir(directory)

    @property
    def location(self):
        return f"http+unix://{self.path}"


def accept_loop(server):
    """Accepts connections until the listener closes; each gets a thread of its own."""
    while True:
        try:
            connection, address = server.get_request()
        except OSError:
            return
        server.process_request(connection, address)
