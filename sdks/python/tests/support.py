"""Test helpers: a plugin served from a thread of the test process, and HTTP over its Unix socket."""
import http.client
import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading

SDK = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEADLINE = 20.0  # seconds any wait in these tests may take at most, on a loaded machine


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=DEADLINE):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.unix_path)


class EventReader:
    """Reads an events stream's chunks into lines, on its own connection."""

    def __init__(self, socket_path, query):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(DEADLINE)
        self.sock.connect(socket_path)
        self.sock.sendall(f"GET /plugboard/v2/events?{query} HTTP/1.1\r\nhost: localhost\r\n\r\n".encode())
        self.file = self.sock.makefile("rb")
        self.head = []
        while True:
            line = self.file.readline()
            if line in (b"\r\n", b""):
                break
            self.head.append(line.decode().strip().lower())

    def next_event(self):
        """The next event as a dict, or None when the stream ended (terminating chunk)."""
        size = int(self.file.readline().strip(), 16)
        if size == 0:
            self.file.readline()
            return None
        line = self.file.read(size)
        self.file.readline()
        return json.loads(line)

    def close(self):
        self.file.close()
        self.sock.close()


class LineSink:
    """A file-like stdout for ``Plugin.run``: each line goes into a queue."""

    def __init__(self):
        self.lines = queue.Queue()

    def write(self, text):
        for line in text.splitlines():
            self.lines.put(line)

    def flush(self):
        pass


class RunningPlugin:
    """Serves ``plugin`` with ``config`` (a dict; id and socketDirectory filled in) from a thread, in this process."""

    def __init__(self, plugin, config=None, token=None):
        self.plugin = plugin
        self.directory = tempfile.mkdtemp(prefix="pb-py-")
        os.chmod(self.directory, 0o700)
        self.config = {"id": "test", "type": "unix", "socketDirectory": self.directory, **(config or {})}
        self.token = token
        self.sink = LineSink()
        self.status = None
        self.thread = None

    def __enter__(self):
        if self.token is not None:
            os.environ["PLUGBOARD_TOKEN"] = self.token

        def serve():
            self.status = self.plugin.run(["--config", json.dumps(self.config)], stdout=self.sink)
        self.thread = threading.Thread(target=serve, daemon=True)
        self.thread.start()
        try:
            self.location = self.sink.lines.get(timeout=DEADLINE)
        finally:
            os.environ.pop("PLUGBOARD_TOKEN", None)
        return self

    @property
    def socket_path(self):
        assert self.location.startswith("http+unix://"), self.location
        return self.location[len("http+unix://"):]

    def connection(self):
        return UnixHTTPConnection(self.socket_path)

    def request(self, method, path, body=None, headers=None):
        """One request on a new connection: (status, headers, body)."""
        connection = self.connection()
        try:
            headers = dict(headers or {})
            if self.token is not None:
                headers.setdefault("Authorization", "Bearer " + self.token)
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def stop(self):
        """Asks it to stop with POST /shutdown and waits for run() to return; its exit status."""
        if self.thread.is_alive():
            try:
                self.request("POST", "/shutdown")
            except OSError:
                pass
            self.thread.join(DEADLINE)
        assert not self.thread.is_alive(), "the plugin did not stop"
        return self.status

    def __exit__(self, *exc):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)


def run_example(script, *args, env=None, stdin=None):
    """Starts an example or test plugin file as a process, with the SDK on its path."""
    environment = dict(os.environ, PYTHONPATH=SDK + os.pathsep + os.environ.get("PYTHONPATH", ""), PLUGBOARD_LOG_LEVEL="info")
    environment.update(env or {})
    return subprocess.Popen([sys.executable, script, *args], stdin=stdin if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
