"""The plugin as the host runs it: a process with a command line, stdin, stdout, stderr, signals and files."""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import unittest

from .support import DEADLINE, SDK, UnixHTTPConnection, run_example

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixture_plugin.py")
EXAMPLES = os.path.join(SDK, "..", "..", "Examples", "python-plugin")


class CommandLineTests(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.mkdtemp(prefix="pb-py-")
        os.chmod(self.directory, 0o700)
        self.addCleanup(shutil.rmtree, self.directory, True)

    def config(self, **extra):
        return json.dumps({"id": "fixture-1", "type": "unix", "socketDirectory": self.directory, **extra})

    def finish(self, process, stdin=None):
        out, err = process.communicate(stdin, timeout=DEADLINE)
        return process.returncode, out.decode(), err.decode()

    def start(self, *args, env=None, stdin=None):
        """Starts the fixture and reads its location line."""
        process = run_example(FIXTURE, *args, env=env, stdin=stdin)
        location = process.stdout.readline().decode().strip()
        self.assertTrue(location, process.stderr.read().decode() if process.poll() is not None else "no location")
        return process, location

    def call(self, location, method, path, body=None, headers=None):
        connection = UnixHTTPConnection(location[len("http+unix://"):])
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        answer = (response.status, response.read())
        connection.close()
        return answer

    def test_capabilities_help_and_usage_errors(self):
        status, out, _ = self.finish(run_example(FIXTURE, "capabilities"))
        self.assertEqual(status, 0)
        self.assertEqual(json.loads(out)["methods"], [{"name": "echo"}])
        self.assertEqual(out.count("\n"), 1, "one line")
        self.assertEqual(self.finish(run_example(FIXTURE, "--help"))[0], 0)
        for args, message in [((), "missing command"), (("--config",), "--config needs a JSON value"),
                              (("frob",), "unknown argument 'frob'"), (("capabilities", "x"), "takes no arguments")]:
            status, _, err = self.finish(run_example(FIXTURE, *args))
            self.assertEqual(status, 2, args)
            self.assertTrue(err.startswith("fixture: ") and message in err.splitlines()[0], err)
            self.assertIn("usage:", err)

    def test_config_errors_are_one_line_and_exit_2(self):
        cases = [
            ("", "fixture: invalid --config: the config is empty"),
            ("{}", "fixture: invalid --config: invalid config: at $.id: required key 'id' is missing"),
            ('{"id":"x","idleTimeout":"5q"}', 'fixture: invalid --config: invalid config: at $.idleTimeout: invalid duration "5q": unknown unit "q"'),
            ('{"id":".x"}', 'fixture: invalid --config: invalid config: at $.id: id ".x" cannot name a socket file'),
        ]
        for text, message in cases:
            status, _, err = self.finish(run_example(FIXTURE, "--config=" + text))
            self.assertEqual((status, err), (2, message + "\n"), text)
        status, _, err = self.finish(run_example(FIXTURE, "--config-stdin", stdin=subprocess.PIPE), b"")
        self.assertEqual((status, err), (2, "fixture: invalid --config: --config-stdin given but stdin closed before a config line\n"))

    def test_a_failed_activation_exits_1_without_listening(self):
        status, out, err = self.finish(run_example(FIXTURE, "--config", self.config(), env={"FIXTURE_FAIL_ACTIVATE": "1"}))
        self.assertEqual((status, out, err), (1, "", "fixture: onActivate failed: no database\n"))
        self.assertEqual(os.listdir(self.directory), [])

    def test_a_socket_in_use_exits_1_naming_the_owner(self):
        first, _ = self.start("--config", self.config())
        status, _, err = self.finish(run_example(FIXTURE, "--config", self.config()))
        self.assertEqual(status, 1)
        self.assertIn(f"is in use by running process {first.pid}", err)
        first.send_signal(signal.SIGTERM)
        self.assertEqual(self.finish(first)[0], 0)

    def test_sigterm_stops_gracefully_and_leaves_nothing(self):
        process, location = self.start("--config", self.config(), env={"PLUGBOARD_LOG_LEVEL": "debug"})
        path = location[len("http+unix://"):]
        self.assertEqual(sorted(os.listdir(self.directory)), ["plugboard-fixture-1.sock", "plugboard-fixture-1.sock.lock"])
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)
        self.assertEqual(self.call(location, "POST", "/plugboard/v2/methods/echo", b"hi"), (200, b"hi"))
        process.send_signal(signal.SIGTERM)
        status, _, err = self.finish(process)
        self.assertEqual(status, 0)
        self.assertEqual(os.listdir(self.directory), [])
        messages = [(line["msg"], line.get("reason")) for line in map(json.loads, err.splitlines())]
        self.assertIn(("stopping", "signal"), messages)
        self.assertEqual(messages[-1], ("deactivated", None), "deactivation runs last")
        self.assertEqual(messages[0], ("activated", None))

    def test_parent_watch_stops_at_end_of_stdin(self):
        process = run_example(FIXTURE, "--config-stdin", stdin=subprocess.PIPE)
        process.stdin.write((self.config(parentWatch=True) + "\n").encode())
        process.stdin.flush()
        location = process.stdout.readline().decode().strip()
        self.assertEqual(self.call(location, "GET", "/healthz")[0], 200)
        process.stdin.close()  # what the kernel does when the host dies
        process.stdin = None
        status, _, err = self.finish(process)
        self.assertEqual(status, 0)
        self.assertIn('"reason":"host closed stdin"', err)
        self.assertEqual(os.listdir(self.directory), [])

    def test_idle_timeout_after_the_last_request(self):
        process, location = self.start("--config", self.config(idleTimeout="50ms"))
        self.assertEqual(self.call(location, "GET", "/healthz")[0], 200)
        status, _, err = self.finish(process)
        self.assertEqual(status, 0)
        self.assertIn('"reason":"idle timeout"', err)
        self.assertEqual(os.listdir(self.directory), [])

    def test_tcp_on_loopback(self):
        process, location = self.start("--config", self.config(type="tcp"))
        self.assertRegex(location, r"^http://127\.0\.0\.1:\d+$")
        host, port = location[len("http://"):].split(":")
        with socket.create_connection((host, int(port)), timeout=DEADLINE) as sock:
            sock.sendall(b"POST /shutdown HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\n\r\n")
            self.assertTrue(sock.recv(100).startswith(b"HTTP/1.1 200 OK"))
        self.assertEqual(self.finish(process)[0], 0)
        self.assertEqual(os.listdir(self.directory), [])

    def test_attach_announces_itself_refuses_a_second_copy_and_cleans_up(self):
        manifests = tempfile.mkdtemp(prefix="pb-py-watch-")
        self.addCleanup(shutil.rmtree, manifests, True)
        env = {"TMPDIR": self.directory, "PLUGBOARD_TOKEN": "not-the-attached-plugins"}
        process, location = self.start("--attach", manifests, env=env)
        path = os.path.join(manifests, "fixture.pconf")
        with open(path) as file:
            text = file.read()
        manifest = json.loads(text)
        token = manifest.pop("token")
        self.assertRegex(token, r"^[0-9a-f]{32}$", "its own 128-bit token")
        self.assertEqual(manifest, {"lazy": False, "name": "fixture", "pid": process.pid, "url": location})
        self.assertTrue(text.endswith("\n"))
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o600, "only its user may read the token")
        self.assertEqual(location, f"http+unix://{self.directory}/plugboard-fixture-{process.pid}.sock")
        for headers in ({}, {"Authorization": "Bearer not-the-attached-plugins"}):
            self.assertEqual(self.call(location, "GET", "/healthz", headers=headers)[0], 401)
        self.assertEqual(self.call(location, "POST", "/plugboard/v2/methods/echo", b"with its token", {"Authorization": "Bearer " + token}),
                         (200, b"with its token"))
        status, _, err = self.finish(run_example(FIXTURE, "--attach", manifests, env=env))
        self.assertEqual(status, 1)
        self.assertIn(f"fixture is already attached in {manifests} by pid {process.pid}", err)
        self.assertEqual(os.listdir(manifests), ["fixture.pconf"], "the refused copy leaves the manifest alone")
        process.send_signal(signal.SIGTERM)
        status, _, err = self.finish(process)
        self.assertEqual(status, 0, err)
        self.assertEqual((os.listdir(manifests), os.listdir(self.directory)), ([], []))

    def test_attach_replaces_a_stale_manifest_and_speaks_tcp(self):
        manifests = tempfile.mkdtemp(prefix="pb-py-watch-")
        self.addCleanup(shutil.rmtree, manifests, True)
        with open(os.path.join(manifests, "fixture.pconf"), "w") as file:
            file.write('{"name":"fixture","pid":999999999,"url":"http://127.0.0.1:1"}\n')
        process, location = self.start("--attach", manifests, "--tcp")
        self.assertRegex(location, r"^http://127\.0\.0\.1:\d+$")
        with open(os.path.join(manifests, "fixture.pconf")) as file:
            self.assertEqual(json.load(file)["url"], location)
        for args in (("--attach",), ("--attach", manifests, "--udp")):
            self.assertEqual(self.finish(run_example(FIXTURE, *args))[0], 2)
        process.send_signal(signal.SIGTERM)
        self.assertEqual(self.finish(process)[0], 0)
        self.assertEqual(os.listdir(manifests), [])

    def test_attach_listens_where_told_and_refuses_plain_http_beyond_loopback(self):
        manifests = tempfile.mkdtemp(prefix="pb-py-watch-")
        self.addCleanup(shutil.rmtree, manifests, True)
        process, location = self.start("--attach", manifests, "--listen", "127.0.0.2:0")
        self.assertRegex(location, r"^http://127\.0\.0\.2:\d+$", "a loopback address needs no TLS")
        with open(os.path.join(manifests, "fixture.pconf")) as file:
            token = json.load(file)["token"]
        connection = http.client.HTTPConnection("127.0.0.2", int(location.rsplit(":", 1)[1]), timeout=DEADLINE)
        connection.request("POST", "/plugboard/v2/methods/echo", body=b"at .2", headers={"Authorization": "Bearer " + token})
        response = connection.getresponse()
        self.assertEqual((response.status, response.read()), (200, b"at .2"))
        connection.close()
        process.send_signal(signal.SIGTERM)
        self.assertEqual(self.finish(process)[0], 0)
        for listen, message in [("0.0.0.0:8443", "accepts connections from other machines, which needs TLS"),
                                ("[::]:8443", "accepts connections from other machines, which needs TLS"),
                                ("example.com:80", "'example.com' is not an IPv4 address"),
                                ("::1:80", "an IPv6 address must be in brackets"),
                                ("127.0.0.1:70000", "'70000' is not a port"),
                                ("127.0.0.1", "no port")]:
            status, _, err = self.finish(run_example(FIXTURE, "--attach", manifests, "--listen", listen))
            self.assertEqual(status, 2, listen)
            self.assertIn(message, err.splitlines()[0])
        self.assertEqual(os.listdir(manifests), [])

    def test_the_examples_describe_themselves(self):
        for name in ("py-processor", "py-text-tools"):
            out = subprocess.run([os.path.join(EXAMPLES, name), "capabilities"], capture_output=True, timeout=DEADLINE, check=True).stdout
            self.assertEqual(json.loads(out)["name"], name)


if __name__ == "__main__":
    unittest.main()
