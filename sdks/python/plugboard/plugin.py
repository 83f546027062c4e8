"""The plugin object: what it serves, declared with decorators, and ``run()``, which speaks the whole protocol."""
import inspect
import json
import os
import secrets
import signal
import sys
import threading

from . import contracts, wire
from .config import PluginConfig
from .errors import DecodeError
from .events import EventHub
from .files import ManifestFile, SocketLock, StartError, socket_path
from .lifecycle import Lifecycle
from .limits import MAX_BODY
from .listen import LOOPBACK, format_address, is_loopback, parse_listen
from .log import Logger, current_request

# The HTTP server (http.server, socketserver) and asyncio are imported when first needed: `capabilities`, which the
# host runs for every plugin it registers, needs neither.

FEATURES = ["configStdin", "token", "socketDirectory", "parentWatch", "methods", "events", "capabilitiesEndpoint"]


class Context:
    """What a handler knows about the running plugin: its config, its logger, the events it may send."""

    def __init__(self, plugin, config, logger, events, lifecycle, values):
        self.plugin_name = plugin.name
        #: The config the host started the plugin with (:class:`plugboard.config.PluginConfig`).
        self.config = config
        #: A logger that writes JSON lines to stderr at the host's level (``PLUGBOARD_LOG_LEVEL``).
        self.log = logger
        self._events = events
        self._lifecycle = lifecycle
        self._values = values

    def config_value(self, config_type):
        """The config data of ``config_type``, decoded as declared by ``plugin.config_type(..., kind=...)`` (a dict
        or list when no kind was given); None when the host sent none."""
        return self._values.get(config_type)

    def notify(self, name, data=b""):
        """Sends event ``name`` to the host (GoPlug's ``Notify``), in order with the others, without waiting for it;
        raises :class:`plugboard.EventError` at once when the host does not listen for ``name``. Notified while
        handling a call the host traced, the event carries that call's trace context."""
        request = current_request.get()
        return self._events.notify(name, data, request.trace if request is not None else None)

    @property
    def listened_events(self):
        """The event names the host listens for now (GoPlug's ``GetCallbacks``), sorted."""
        return self._events.listened

    @property
    def stopping(self):
        """Whether the plugin has been asked to stop; requests in flight still finish."""
        return self._lifecycle.stopping

    @property
    def request(self):
        """The request being handled (method, path, query, headers by lower-case name), None outside one."""
        return current_request.get()

    @property
    def traceparent(self):
        """The W3C ``traceparent`` of the request being handled when the host sent a valid one, else None."""
        request = current_request.get()
        return request.traceparent if request is not None else None


class Plugin:
    """An external Plugboard plugin. Declare what it serves, then call :meth:`main`.

    >>> plugin = Plugin("greeter")
    >>> @plugin.method("greet", input_schema={"type": "object", "required": ["name"]})
    ... def greet(value, context):
    ...     return {"greeting": "hello " + value["name"]}
    >>> plugin.main()  # doctest: +SKIP
    """

    def __init__(self, name, *, namespace=None, lazy=False, max_body=MAX_BODY, graceful_stop_timeout=10.0):
        self.name, self.namespace, self.lazy = name, namespace, lazy
        self.max_body, self.graceful_stop_timeout = max_body, graceful_stop_timeout
        self._types = {}
        self._config_types = []
        self._routes = []
        self._methods = {}
        self._events = []
        self._activate = None
        self._deactivate = None
        self._stdout = None

    # ---- declarations -------------------------------------------------------------------------------------------

    def config_type(self, name, schema=None, kind=None):
        """Accepts config data of type ``name``; the host validates it against ``schema`` before a start, and the
        SDK decodes it into ``kind`` (a dataclass, dict, ...) at start, refusing data that does not decode."""
        self._config_types.append((name, _schema(schema, f"config type {name!r}"), kind))
        return self

    def contract(self, contract, type, schema=None):
        """Declares that the plugin serves type ``type`` of ``contract``; serve its endpoints with :meth:`route`."""
        entry = {"type": type}
        if schema is not None:
            entry["jsonSchema"] = wire.b64encode(json.dumps(_schema(schema, f"type {type!r}"), separators=(",", ":")).encode())
        self._types.setdefault(contract, []).append(entry)
        return self

    def route(self, method, path, *, input=None, raw=False):
        """Serves ``method path`` with ``handler(value, context)``. The body is decoded as JSON (into ``input`` when
        given; 400 naming the JSON path when it does not decode) and the result encoded as JSON; with ``raw=True``
        the handler gets and returns bytes (``application/octet-stream``). A GET handler gets ``None``."""
        def register(handler):
            self._routes.append((method.upper(), path, handler, input, raw))
            return handler
        return register

    def data_processor(self, type, *, schema=contracts.PROCESS_REQUEST_SCHEMA, formats=("text/plain",)):
        """Serves the ``dataProcessor`` contract: ``handler(request: ProcessRequest, context) -> ProcessResponse``
        answers ``POST /process``; ``GET /formats`` lists ``formats``. ``type`` is one type name or several."""
        def register(handler):
            for name in [type] if isinstance(type, str) else list(type):
                self.contract("dataProcessor", name, schema)

            def process(request, context):
                response = handler(request, context)
                response = _await(response)
                if not isinstance(response, contracts.ProcessResponse):
                    raise TypeError(f"{handler.__name__} must return a ProcessResponse, not {response!r:.60}")
                contracts.check_metadata(response.metadata, handler.__name__)
                return response
            self.route("POST", "/process", input=contracts.ProcessRequest)(process)
            listed = {"formats": list(formats)}
            self.route("GET", "/formats")(lambda _, context: listed)
            return handler
        return register

    def transformer(self, type, *, transformations, schema=contracts.TRANSFORM_REQUEST_SCHEMA):
        """Serves the ``transformer`` contract: ``handler(request: TransformRequest, context) -> TransformResponse``
        answers ``POST /transform``; ``GET /transformations`` lists ``transformations`` (:class:`Transformation`
        values, with :class:`Parameter` values or plain names as their parameters)."""
        def register(handler):
            for name in [type] if isinstance(type, str) else list(type):
                self.contract("transformer", name, schema)

            def transform(request, context):
                response = _await(handler(request, context))
                if not isinstance(response, contracts.TransformResponse):
                    raise TypeError(f"{handler.__name__} must return a TransformResponse, not {response!r:.60}")
                contracts.check_metadata(response.metadata, handler.__name__)
                return response
            self.route("POST", "/transform", input=contracts.TransformRequest)(transform)
            listed = {"transformations": [t.to_wire() if isinstance(t, contracts.Transformation) else t for t in transformations]}
            self.route("GET", "/transformations")(lambda _, context: listed)
            return handler
        return register

    def method(self, name, *, description=None, input_schema=None, output_schema=None, input=None):
        """A named method (v2): ``handler(value, context)``. With ``input_schema`` or ``input`` the body is JSON
        (decoded into ``input`` when given; the host checks ``input_schema`` before sending); otherwise the handler
        gets the raw bytes. It returns bytes or str (sent as they are) or anything JSON-encodable."""
        def register(handler):
            if name in self._methods:
                raise ValueError(f"method {name!r} is declared twice")
            info = {"name": name}
            if description is not None:
                info["description"] = description
            if input_schema is not None:
                info["inputSchema"] = _schema(input_schema, f"method {name!r}")
            if output_schema is not None:
                info["outputSchema"] = _schema(output_schema, f"method {name!r}")
            takes_json = input_schema is not None or input is not None
            self._methods[name] = (info, handler, takes_json, input)
            return handler
        return register

    def emits(self, *names):
        """Lists event names the plugin may send (informational: the ``events`` of its capabilities)."""
        self._events.extend(name for name in names if name not in self._events)
        return self

    def on_activate(self, hook):
        """``hook(context)`` runs once per process, before the plugin listens; if it raises, the plugin exits 1."""
        self._activate = hook
        return hook

    def on_deactivate(self, hook):
        """``hook(context)`` runs once per clean stop, after requests have drained, before the socket goes."""
        self._deactivate = hook
        return hook

    # ---- the capabilities document ------------------------------------------------------------------------------

    def capabilities(self):
        """The document ``PLUGIN capabilities`` prints (docs/PROTOCOL.md §3)."""
        document = {
            "types": self._types,
            "configTypes": [name for name, _, _ in self._config_types],
            "protocol": {"version": 2, "features": FEATURES},
            "name": self.name,
        }
        schemas = {name: schema for name, schema, _ in self._config_types if schema is not None}
        if schemas:
            document["configSchemas"] = schemas
        if self.namespace is not None:
            document["namespace"] = self.namespace
        if self.lazy:
            document["lazy"] = True
        if self._methods:
            document["methods"] = [info for info, _, _, _ in self._methods.values()]
        if self._events:
            document["events"] = list(self._events)
        return document

    # ---- running ------------------------------------------------------------------------------------------------

    def main(self):
        """Runs the plugin as its command line asks and exits with the status (the last line of a plugin file)."""
        sys.exit(self.run(sys.argv[1:]))

    def run(self, argv=None, stdin=None, stdout=None):
        """Runs the plugin for ``argv`` (default ``sys.argv[1:]``) and returns the exit status: 0 after
        ``capabilities``, ``--help`` or a clean stop; 2 for a usage or config error; 1 when it cannot start.

        ``stdin`` (a file descriptor or file) and ``stdout`` (a file) replace the process's for ``--config-stdin``
        and for what it prints (the location line); with them a test can run a plugin inside its own process. Off
        the main thread no signal handler is installed (Python allows them only there)."""
        argv = sys.argv[1:] if argv is None else list(argv)
        self._stdout = stdout
        usage = (f"usage: {self.name} capabilities          print this plugin's capabilities as JSON\n"
                 f"       {self.name} --config '<json>'     start serving with this config (also --config=<json>)\n"
                 f"       {self.name} --config-stdin        start serving, reading the config as one JSON line on stdin\n"
                 f"       {self.name} --attach DIR [--tcp]  serve on its own and announce itself with DIR/NAME.pconf\n"
                 f"           [--listen HOST:PORT]      on TCP at this address (default 127.0.0.1, any port); beyond loopback, TLS only\n"
                 f"           [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE]]  on TCP, serve TLS (https://);\n"
                 f"                                     with a client CA, require client certificates")

        def usage_error(message):
            _write_err(f"{self.name}: {message}\n{usage}")
            return 2
        if not argv:
            return usage_error("missing command: expected 'capabilities', '--config <json>' or '--config-stdin'")
        first, rest = argv[0], argv[1:]
        if first == "capabilities":
            if rest:
                return usage_error("'capabilities' takes no arguments")
            self._print(wire.dumps(self.capabilities()).decode())
            return 0
        if first in ("--help", "-h", "help"):
            self._print(usage)
            return 0
        if first == "--config":
            if len(rest) != 1:
                return usage_error("--config needs a JSON value" if not rest else f"unexpected argument '{rest[1]}' after --config")
            text = rest[0]
        elif first.startswith("--config="):
            if rest:
                return usage_error(f"unexpected argument '{rest[0]}'")
            text = first[len("--config="):]
        elif first == "--attach":
            if not rest:
                return usage_error("--attach needs a directory")
            tcp, files, listen, options = False, {}, None, rest[1:]
            while options:
                option = options.pop(0)
                if option == "--tcp":
                    tcp = True
                elif option == "--listen":
                    if not options or options[0].startswith("--"):
                        return usage_error("--listen needs HOST:PORT")
                    try:
                        listen = parse_listen(options.pop(0))
                    except ValueError as error:
                        return usage_error(str(error))
                    tcp = True
                elif option in ("--tls-cert", "--tls-key", "--tls-client-ca"):
                    if not options or options[0].startswith("--"):
                        return usage_error(f"{option} needs a file")
                    files[option] = options.pop(0)
                else:
                    return usage_error(f"unexpected argument '{option}' after --attach DIR")
            if files and not tcp:
                return usage_error("--tls-cert, --tls-key and --tls-client-ca need --tcp (TLS is served on TCP)")
            if files and not ("--tls-cert" in files and "--tls-key" in files):
                return usage_error("TLS needs both --tls-cert FILE and --tls-key FILE")
            # Beyond loopback, the bearer token and every request would cross the network in plain text.
            if listen is not None and not files and not is_loopback(listen[0]):
                return usage_error(f"--listen {listen[0]}:{listen[1]} accepts connections from other machines, which needs TLS: "
                                   "add --tls-cert FILE --tls-key FILE (and --tls-client-ca FILE to require client certificates)")
            # The pid keeps two attached copies of one plugin on a machine from claiming the same socket.
            identifier = (f"{self.namespace}." if self.namespace else "") + f"{self.name}-{os.getpid()}"
            text = json.dumps({"id": identifier, "type": "tcp" if tcp else "unix"})
            tls = (files["--tls-cert"], files["--tls-key"], files.get("--tls-client-ca")) if files else None
            return self._start(text, manifest_directory=rest[0], tls=tls, listen=listen)
        elif first == "--config-stdin":
            if rest:
                return usage_error("--config-stdin takes no value")
            line = _read_line(0 if stdin is None else stdin)
            if line is None:
                _write_err(f"{self.name}: invalid --config: --config-stdin given but stdin closed before a config line")
                return 2
            text = line
        else:
            return usage_error(f"unknown argument '{first}'")
        return self._start(text)

    def _print(self, line):
        if self._stdout is None:
            _write_out(line)
        else:
            self._stdout.write(line + "\n")
            self._stdout.flush()

    def _start(self, text, manifest_directory=None, tls=None, listen=None):
        try:
            if not text.strip():
                raise _BadConfig("the config is empty")
            try:
                config = PluginConfig.parse(text)
                path = socket_path(config.id, config.socket_directory) if config.type == "unix" else None
            except DecodeError as error:
                raise _BadConfig(f"invalid config: {error}") from None
            values = self._config_values(config)
        except _BadConfig as error:
            _write_err(f"{self.name}: invalid --config: {error}")
            return 2
        logger = Logger(self.name, plugin_id=config.id)
        try:
            self._serve(config, path, values, logger, manifest_directory, tls, listen)
        except StartError as error:
            _write_err(f"{self.name}: {error}")
            return error.status
        return 0

    def _config_values(self, config):
        values = {}
        for name, _, kind in self._config_types:
            if name not in config.data:
                continue
            try:
                values[name] = wire.decode(wire.loads(config.data[name]), kind)
            except (DecodeError, TypeError, ValueError) as error:
                raise _BadConfig(f'cannot set up: config data of type "{name}" does not decode: {error}') from None
        return values

    def _serve(self, config, path, values, logger, manifest_directory, tls_files=None, listen=None):
        from .server import Service, TCPServer, UnixServer
        tls = None
        if tls_files is not None:
            from .tls import ServerTLS
            tls = ServerTLS(*tls_files, logger=logger)
        wake_read, wake_write = os.pipe()
        os.set_blocking(wake_write, False)  # a signal handler must never block on a full pipe
        lifecycle = Lifecycle(on_stop=lambda: _poke(wake_write))
        events = EventHub()
        context = Context(self, config, logger, events, lifecycle, values)
        # Started by a host: the token is the host's. Attached: the plugin makes its own, 128 random bits, and hands it
        # to hosts only through its 0600 manifest (PROTOCOL.md §10, §19).
        # Under mutual TLS the client's certificate is the credential instead (a host elsewhere cannot read the manifest).
        attached_token = manifest_directory is not None and (tls is None or tls.client_ca is None)
        token = secrets.token_hex(16) if attached_token else None if manifest_directory is not None else os.environ.get("PLUGBOARD_TOKEN") or None
        service = Service(self._mount(context), self._mount_methods(context), self._method_listing(),
                          token, events, lifecycle, logger, self.max_body)
        if self._activate is not None:
            try:
                _await(self._activate(context))
            except Exception as error:
                raise StartError(f"onActivate failed: {str(error) or repr(error)}") from None
        lock = SocketLock(path).acquire() if path else None
        try:
            try:
                server = UnixServer(service, path) if path else TCPServer(service, tls, listen or LOOPBACK)
            except OSError as error:
                where = path or format_address(*(listen or LOOPBACK))
                raise StartError(f"cannot listen on {where}: {error.strerror or error}") from None
            # Signals are trapped before the location line (and an attached run's manifest): a host may send SIGTERM
            # the moment it reads it. The handler only writes to a pipe (no lock a signal could interrupt a holder of).
            trap = threading.current_thread() is threading.main_thread()
            previous = {signum: signal.signal(signum, lambda *_: _poke(wake_write, b"s")) for signum in (signal.SIGTERM, signal.SIGINT) if trap}
            try:
                try:
                    manifest = self._announce(manifest_directory, server.location, token) if manifest_directory is not None else None
                except StartError:
                    server.server_close()
                    raise
                self._run(server, service, config, context, logger, wake_read, manifest)
            finally:
                for signum, handler in previous.items():
                    signal.signal(signum, handler)
        finally:
            if lock is not None:
                lock.release()
            os.close(wake_read)
            os.close(wake_write)

    def _announce(self, directory, location, token):
        """Writes the manifest of an attached run, with the token it requires, after listening and before the
        location line."""
        document = {"lazy": self.lazy, "name": self.name, "pid": os.getpid(), "url": location}
        if token is not None:
            document["token"] = token
        if self.namespace is not None:
            document["namespace"] = self.namespace
        return ManifestFile.write(directory, self.name, self.namespace, wire.dumps(document) + b"\n", private=token is not None)

    def _run(self, server, service, config, context, logger, wake_read, manifest):
        from .server import accept_loop
        lifecycle, events = service.lifecycle, service.events
        threading.Thread(target=accept_loop, args=(server,), name="plugboard-accept", daemon=True).start()
        if config.idle_timeout:
            threading.Thread(target=lifecycle.wait_for_idle, args=(config.idle_timeout,), name="plugboard-idle", daemon=True).start()
        if config.parent_watch:
            threading.Thread(target=lifecycle.watch_stdin, name="plugboard-parent-watch", daemon=True).start()
        self._print(server.location)  # the host's signal that the listener is up
        logger.debug("listening", location=server.location)
        while not lifecycle.stopping:
            try:
                woken = os.read(wake_read, 64)
            except InterruptedError:
                continue
            if b"s" in woken:
                lifecycle.stop("signal")
        logger.info("stopping", reason=lifecycle.reason)
        try:
            server.socket.shutdown(2)  # wakes the accept loop at once
        except OSError:
            pass
        server.server_close()
        events.close()  # the events stream ends first; then in-flight requests drain
        lifecycle.close_idle_connections()
        if not lifecycle.drain(self.graceful_stop_timeout):
            logger.warning(f"in-flight requests did not finish within {self.graceful_stop_timeout:g}s; closing")
        events.wait_for_writers(1.0)
        if manifest is not None:
            manifest.remove()
        if self._deactivate is not None:
            try:
                _await(self._deactivate(context))
            except Exception as error:
                logger.error("onDeactivate failed", error=str(error) or repr(error))

    def _mount(self, context):
        from .server import Route
        routes = [Route("GET", "/plugboard/v2/capabilities", _constant(wire.dumps(self.capabilities())))]
        for method, path, handler, kind, raw in self._routes:
            routes.append(Route(method, path, _endpoint(handler, context, kind, raw, method)))
        return routes

    def _mount_methods(self, context):
        from .server import Route
        methods = {}
        for name, (_, handler, takes_json, kind) in self._methods.items():
            methods[name] = Route("POST", "/plugboard/v2/methods/" + name, _named_method(handler, context, takes_json, kind),
                                  decode_prefix=f'input of method "{name}" does not decode')
        return methods

    def _method_listing(self):
        return wire.dumps({"methods": [info for info, _, _, _ in self._methods.values()]})


class _BadConfig(Exception):
    """A config the plugin cannot use: one line, exit status 2."""


def _endpoint(handler, context, kind, raw, method):
    def serve(body, request):
        if raw:
            value = body
        elif method in ("GET", "HEAD") and not body:
            value = None
        else:
            value = wire.decode(wire.loads(body), kind)
        result = _await(handler(value, context))
        if raw:
            return _bytes(result), "application/octet-stream"
        return wire.dumps(result), "application/json"
    return serve


def _named_method(handler, context, takes_json, kind):
    def serve(body, request):
        value = wire.decode(wire.loads(body), kind) if takes_json else body
        result = _await(handler(value, context))
        if isinstance(result, (bytes, bytearray, memoryview, str)) or result is None:
            return _bytes(result), "application/octet-stream"
        return wire.dumps(result), "application/octet-stream"
    return serve


def _constant(body):
    return lambda _, request: (body, "application/json")


def _bytes(result):
    if result is None:
        return b""
    if isinstance(result, str):
        return result.encode("utf-8")
    if isinstance(result, (bytes, bytearray, memoryview)):
        return bytes(result)
    raise TypeError(f"a raw handler must return bytes or str, not {type(result).__name__}")


def _await(result):
    """Lets a handler or hook be ``async def``: its coroutine runs to completion on this thread."""
    if not inspect.iscoroutine(result):
        return result
    import asyncio
    return asyncio.run(result)


def _schema(schema, where):
    """A JSON Schema given as a dict, a bool or JSON text, as a parsed value."""
    if schema is None or isinstance(schema, (dict, bool)):
        return schema
    if isinstance(schema, (str, bytes)):
        try:
            value = json.loads(schema)
        except ValueError as error:
            raise ValueError(f"the schema of {where} is not JSON: {error}") from None
        return _schema(value, where)
    raise TypeError(f"the schema of {where} must be a dict, a bool or JSON text, not {type(schema).__name__}")


def _read_line(fd):
    """The first line of ``fd`` (up to ``\\n``, a trailing ``\\r`` dropped); None when it ends before any byte.
    What follows the line is left to the parent watch, which only waits for end-of-file."""
    if hasattr(fd, "readline"):
        line = fd.readline()
        return None if not line else (line.decode() if isinstance(line, bytes) else line).rstrip("\n").rstrip("\r")
    data = bytearray()
    while b"\n" not in data:
        try:
            chunk = os.read(fd, 65536)
        except InterruptedError:
            continue
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    if not data:
        return None
    return bytes(data).split(b"\n", 1)[0].decode("utf-8", errors="replace").rstrip("\r")


def _poke(fd, byte=b"x"):
    try:
        os.write(fd, byte)
    except OSError:
        pass


def _write_out(text):
    _write_all(1, text + "\n")


def _write_err(text):
    _write_all(2, text + "\n")


def _write_all(fd, text):
    """Unbuffered, so the line is out before anything that follows (the location line above all)."""
    data = text.encode("utf-8")
    while data:
        try:
            written = os.write(fd, data)
        except InterruptedError:
            continue
        except OSError:
            return
        data = data[written:]
