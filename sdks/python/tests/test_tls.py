"""An attached plugin serving TLS (``--attach DIR --tcp --tls-cert … [--tls-client-ca …]``), checked with the
standard library's own TLS client and the repository's test certificates (Tests/Fixtures/tls)."""
import http.client
import json
import os
import select
import shutil
import signal
import ssl
import tempfile
import time
import unittest

from .support import DEADLINE, SDK, run_example
from .test_command_line import FIXTURE

CERTS = os.path.join(SDK, "..", "..", "Tests", "Fixtures", "tls")


def cert(name):
    return os.path.join(CERTS, name)


class TLSTests(unittest.TestCase):
    def setUp(self):
        self.stderr = ""
        self.manifests = tempfile.mkdtemp(prefix="pb-py-tls-")
        self.addCleanup(shutil.rmtree, self.manifests, True)

    def start(self, mutual, listen=None):
        args = ["--attach", self.manifests, "--tcp", "--tls-cert", cert("server.pem"), "--tls-key", cert("server-key.pem")]
        if mutual:
            args += ["--tls-client-ca", cert("ca.pem")]
        if listen:
            args += ["--listen", listen]
        process = run_example(FIXTURE, *args)
        url = process.stdout.readline().decode().strip()
        self.assertRegex(url, r"^https://127\.0\.0\.1:\d+$", process.stderr.read().decode() if process.poll() is not None else "")
        return process, url

    def wait_for_stderr(self, process, text):
        """Reads the plugin's stderr until it holds ``text`` (a log line of something the client caused), for at most
        DEADLINE seconds; returns what it read."""
        deadline = time.monotonic() + DEADLINE
        while text not in self.stderr and time.monotonic() < deadline:
            ready, _, _ = select.select([process.stderr], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                break
            chunk = os.read(process.stderr.fileno(), 65536)
            if not chunk:
                break
            self.stderr += chunk.decode()
        self.assertIn(text, self.stderr)

    def stop(self, process):
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=DEADLINE)
        self.assertEqual(process.returncode, 0, err)
        return self.stderr + err.decode()

    @staticmethod
    def client(client_cert=None, ca="ca.pem"):
        context = ssl.create_default_context(cafile=cert(ca))
        if client_cert is not None:
            context.load_cert_chain(cert(f"{client_cert}.pem"), cert(f"{client_cert}-key.pem"))
        return context

    def call(self, url, context, method="POST", path="/plugboard/v2/methods/echo", body=b"over tls", headers=None):
        host, port = url[len("https://"):].rsplit(":", 1)
        connection = http.client.HTTPSConnection(host, int(port), context=context, timeout=DEADLINE)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def test_mutual_tls_answers_a_client_with_a_certificate_and_refuses_others_saying_why(self):
        process, url = self.start(mutual=True)
        with open(os.path.join(self.manifests, "fixture.pconf")) as file:
            manifest = json.load(file)
        self.assertEqual(manifest["url"], url)
        self.assertNotIn("token", manifest, "the client certificate is the credential")
        self.assertEqual(self.call(url, self.client("client")), (200, b"over tls"))
        refusals = [(self.client(), "the client sent no certificate, and mutual TLS (--tls-client-ca) requires one"),
                    (self.client("other-client"), f"the client's certificate is not signed by the client CA {cert('ca.pem')}")]
        for context, line in refusals:
            with self.assertRaises((ssl.SSLError, ConnectionError)):
                self.call(url, context)
            self.wait_for_stderr(process, line)
        with self.assertRaises(ssl.SSLCertVerificationError):
            self.call(url, self.client("client", ca="other-ca.pem"))
        self.wait_for_stderr(process, "the client refused this plugin's certificate")
        self.stop(process)

    def test_server_only_tls_keeps_the_token(self):
        process, url = self.start(mutual=False)
        with open(os.path.join(self.manifests, "fixture.pconf")) as file:
            token = json.load(file)["token"]
        self.assertEqual(self.call(url, self.client(), method="GET", path="/healthz")[0], 401)
        self.assertEqual(self.call(url, self.client(), headers={"Authorization": "Bearer " + token}), (200, b"over tls"))
        self.stop(process)

    def test_listening_on_every_address_over_tls_announces_loopback(self):
        process, url = self.start(mutual=True, listen="0.0.0.0:0")
        port = int(url.rsplit(":", 1)[1])
        with open(os.path.join(self.manifests, "fixture.pconf")) as file:
            self.assertEqual(json.load(file)["url"], url, "a host on this machine reaches the wildcard at loopback")
        with open("/proc/net/tcp") as table:
            listening = [line.split() for line in table.read().splitlines()[1:]]
        self.assertIn(("00000000", f"{port:04X}"), [tuple(fields[1].split(":")) for fields in listening if fields[3] == "0A"],
                      "the listener is bound to 0.0.0.0")
        self.assertEqual(self.call(url, self.client("client")), (200, b"over tls"))
        self.stop(process)

    def test_tls_flags_need_tcp_and_a_key(self):
        for args in (["--tls-cert", cert("server.pem"), "--tls-key", cert("server-key.pem")], ["--tcp", "--tls-cert", cert("server.pem")]):
            process = run_example(FIXTURE, "--attach", self.manifests, *args)
            _, err = process.communicate(timeout=DEADLINE)
            self.assertEqual(process.returncode, 2, err)
        process = run_example(FIXTURE, "--attach", self.manifests, "--tcp", "--tls-cert", cert("missing.pem"), "--tls-key", cert("server-key.pem"))
        _, err = process.communicate(timeout=DEADLINE)
        self.assertEqual(process.returncode, 1)
        self.assertIn("cannot serve TLS with the certificate", err.decode())


if __name__ == "__main__":
    unittest.main()
