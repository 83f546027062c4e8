"""The HTTP side of the protocol, against a plugin served from a thread of this process over a real Unix socket."""
import base64
import dataclasses
import io
import json
import os
import socket
import stat
import threading
import unittest

import plugboard
from plugboard import EventError, PluginError, ProcessResponse
from plugboard.log import Logger

from .support import DEADLINE, EventReader, RunningPlugin

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


@dataclasses.dataclass
class Greeting:
    name: str


def make_plugin(release=None, entered=None, log_stream=None):
    plugin = plugboard.Plugin("tested")
    plugin.config_type("prefix-settings", schema={"type": "object"}, kind=dict)

    @plugin.data_processor("upper")
    def upper(request, context):
        if request.format == "image/png":
            raise PluginError(415, "format image/png is not supported")
        prefix = (context.config_value("prefix-settings") or {}).get("prefix", "")
        return ProcessResponse(data=prefix.encode() + request.data.upper(), format=request.format, metadata={"by": "tested"})

    @plugin.route("POST", "/echo", raw=True)
    def echo(body, context):
        return body

    @plugin.route("POST", "/greet", input=Greeting)
    def greet(greeting, context):
        return {"text": "hi " + greeting.name}

    @plugin.route("GET", "/boom")
    def boom(_, context):
        raise RuntimeError("it broke")

    @plugin.method("größe", description="a name that needs percent-encoding")
    def size(data, context):
        return str(len(data))

    @plugin.method("slow")
    def slow(data, context):
        entered.set()
        release.wait(DEADLINE)
        return b"done"

    @plugin.method("notify", input_schema={"type": "object"})
    def notify(value, context):
        for index in range(value["count"]):
            context.notify(value.get("event", "progress"), f"{index + 1}")
        return {"sent": value["count"]}

    @plugin.method("trace")
    def trace(data, context):
        context.log.info("traced")
        assert context.request.path == "/plugboard/v2/methods/trace" and context.request.query == "q=1"
        return context.traceparent or ""

    return plugin


class ServerTests(unittest.TestCase):
    def setUp(self):
        self.release, self.entered = threading.Event(), threading.Event()
        self.addCleanup(self.release.set)
        self.plugin = make_plugin(self.release, self.entered)

    def running(self, **options):
        return RunningPlugin(self.plugin, **options)

    def test_contract_calls_and_error_statuses(self):
        with self.running(config={"configTypes": [{"type": "prefix-settings", "data": {"prefix": ">> "}}]}) as running:
            status, _, body = running.request("POST", "/process", json.dumps({"data": base64.b64encode(b"hello").decode(), "format": "text/plain"}))
            self.assertEqual((status, json.loads(body)), (200, {"data": base64.b64encode(b">> HELLO").decode(), "format": "text/plain", "metadata": {"by": "tested"}}))
            self.assertEqual(running.request("GET", "/formats")[2], b'{"formats":["text/plain"]}')
            status, headers, body = running.request("GET", "/process")
            self.assertEqual((status, headers["allow"], json.loads(body)),
                             (405, "POST", {"message": "method GET not allowed on /process; allowed: POST", "statusCode": 405}))
            self.assertEqual(running.request("GET", "/nope")[:3:2], (404, b'{"message":"no endpoint /nope","statusCode":404}'))
            status, _, body = running.request("POST", "/process", '{"format":"text/plain"}')
            self.assertEqual((status, json.loads(body)["message"]), (400, "request body does not decode: at $.data: required key 'data' is missing"))
            status, _, body = running.request("POST", "/process", '{"data":')
            self.assertEqual(status, 400)
            self.assertTrue(json.loads(body)["message"].startswith("request body does not decode: at $: the given data was not valid JSON"))
            self.assertEqual(running.request("POST", "/process", '{"data":"","format":"image/png"}')[:3:2],
                             (415, b'{"message":"format image/png is not supported","statusCode":415}'))
            self.assertEqual(running.request("GET", "/boom")[:3:2], (500, b'{"message":"it broke","statusCode":500}'))
            self.assertEqual(running.request("POST", "/greet", '{"name":"ada"}')[2], b'{"text":"hi ada"}')
            status, headers, body = running.request("POST", "/echo", b"\x00\xffraw")
            self.assertEqual((status, headers["content-type"], body), (200, "application/octet-stream", b"\x00\xffraw"))

    def test_builtin_endpoints(self):
        with self.running() as running:
            self.assertEqual(running.request("GET", "/healthz")[:3:2], (200, b'{"status":"ok"}'))
            status, headers, body = running.request("HEAD", "/healthz")
            self.assertEqual((status, headers["content-length"], body), (200, "15", b""))
            status, headers, _ = running.request("DELETE", "/healthz")
            self.assertEqual((status, headers["allow"]), (405, "GET, HEAD"))
            self.assertEqual(running.request("GET", "/shutdown")[1]["allow"], "POST")
            capabilities = json.loads(running.request("GET", "/plugboard/v2/capabilities")[2])
            self.assertEqual(capabilities, self.plugin.capabilities())
            listing = json.loads(running.request("GET", "/plugboard/v2/methods")[2])
            self.assertEqual([m["name"] for m in listing["methods"]], ["größe", "slow", "notify", "trace"])
            self.assertEqual(running.request("POST", "/plugboard/v2/methods")[1]["allow"], "GET")
            status, headers, body = running.request("POST", "/shutdown")
            self.assertEqual((status, headers["connection"], body), (200, "close", b'{"status":"shutting down"}'))
            self.assertEqual(running.stop(), 0)
            self.assertEqual(os.listdir(running.directory), [], "socket and lock file are removed")

    def test_named_methods(self):
        with self.running() as running:
            self.assertEqual(running.request("POST", "/plugboard/v2/methods/gr%C3%B6%C3%9Fe", b"12345")[2], b"5")
            status, headers, body = running.request("GET", "/plugboard/v2/methods/slow")
            self.assertEqual((status, headers["allow"]), (405, "POST"))
            status, _, body = running.request("POST", "/plugboard/v2/methods/resize", b"")
            self.assertEqual((status, json.loads(body)["message"]), (404, 'no method "resize"; methods: "größe", "notify", "slow", "trace"'))
            status, _, body = running.request("POST", "/plugboard/v2/methods/notify", b"not json")
            self.assertEqual(status, 400)
            self.assertTrue(json.loads(body)["message"].startswith('input of method "notify" does not decode: at $:'))

    def test_token_is_required_on_every_endpoint(self):
        with self.running(token="s3cret") as running:
            self.assertEqual(running.request("GET", "/healthz")[0], 200)
            for headers in [{"Authorization": "Bearer wrong!"}, {"Authorization": "bearer s3cret"}, {"Authorization": "Bearer s3cre"}, {"Authorization": "Bearer s3cretX"}]:
                for method, path in [("GET", "/healthz"), ("POST", "/shutdown"), ("POST", "/plugboard/v2/methods/slow"), ("GET", "/nope")]:
                    status, _, body = running.request(method, path, headers=headers)
                    self.assertEqual((status, body), (401, b'{"message":"missing or wrong bearer token","statusCode":401}'), (headers, path))
            reader = EventReader(running.socket_path, "listen=progress")  # no token
            self.assertIn("401", reader.head[0])
            self.assertIn("connection: close", reader.head)
            reader.close()
            self.assertEqual(running.request("GET", "/healthz")[0], 200, "still serving")

    def test_a_body_over_the_limit_gets_413_and_the_connection_closes(self):
        self.plugin.max_body = 1024
        with self.running() as running:
            status, headers, body = running.request("POST", "/echo", b"x" * 2000)
            self.assertEqual((status, headers["connection"]), (413, "close"))
            self.assertEqual(json.loads(body)["message"], "request body is larger than the limit of 1024 bytes")
            self.assertEqual(running.request("POST", "/echo", b"x" * 1024)[2], b"x" * 1024)

    def test_keep_alive_chunked_bodies_and_http_1_0(self):
        with self.running() as running:
            sock = socket.socket(socket.AF_UNIX)
            sock.settimeout(DEADLINE)
            sock.connect(running.socket_path)
            stream = sock.makefile("rb")
            sock.sendall(b"POST /echo HTTP/1.1\r\nhost: localhost\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
                         b"GET /healthz HTTP/1.0\r\nconnection: keep-alive\r\n\r\n")  # pipelined: answered in order
            self.assertEqual(self.read_response(stream), ("HTTP/1.1 200 OK", b"abcde"))
            line, _ = self.read_response(stream, expect_header="connection: keep-alive")
            self.assertEqual(line, "HTTP/1.0 200 OK")
            sock.sendall(b"GARBAGE\r\n\r\n")
            line, body = self.read_response(stream, expect_header="connection: close")
            self.assertEqual(line.split(" ")[1], "400")
            self.assertTrue(json.loads(body)["message"].startswith("malformed HTTP request"))
            self.assertEqual(stream.read(), b"", "closed after a malformed request")
            stream.close()
            sock.close()

    def read_response(self, stream, expect_header=None):
        status = stream.readline().decode().strip()
        headers = []
        while True:
            line = stream.readline().decode().strip().lower()
            if not line:
                break
            headers.append(line)
        if expect_header:
            self.assertIn(expect_header, headers)
        length = int(next(h for h in headers if h.startswith("content-length:")).split(":")[1])
        return status, stream.read(length)

    def test_a_slow_handler_does_not_hold_up_health_checks_or_other_calls(self):
        with self.running() as running:
            answers = []
            caller = threading.Thread(target=lambda: answers.append(running.request("POST", "/plugboard/v2/methods/slow")))
            caller.start()
            self.assertTrue(self.entered.wait(DEADLINE))
            self.assertEqual(running.request("GET", "/healthz")[0], 200)
            self.assertEqual(running.request("POST", "/echo", b"meanwhile")[2], b"meanwhile")
            self.assertEqual(answers, [], "the slow call is still running")
            self.release.set()
            caller.join(DEADLINE)
            self.assertEqual(answers[0][2], b"done")

    def test_the_socket_is_0600_whatever_the_umask_and_alone_beside_its_lock(self):
        previous = os.umask(0)  # the SDK binds in a private directory and sets the mode; it leaves the umask alone
        try:
            with self.running() as running:
                mode = os.stat(running.socket_path).st_mode
                self.assertTrue(stat.S_ISSOCK(mode))
                self.assertEqual(oct(mode & 0o777), oct(0o600))
                name = os.path.basename(running.socket_path)
                self.assertEqual(sorted(os.listdir(running.directory)), [name, name + ".lock"])
                self.assertEqual(running.request("GET", "/healthz")[0], 200)
                self.assertEqual(os.umask(0), 0)
        finally:
            os.umask(previous)

    def test_stop_waits_for_the_request_in_flight(self):
        with self.running() as running:
            answers = []
            caller = threading.Thread(target=lambda: answers.append(running.request("POST", "/plugboard/v2/methods/slow")))
            caller.start()
            self.assertTrue(self.entered.wait(DEADLINE))
            self.assertEqual(running.request("POST", "/shutdown")[0], 200)
            with self.assertRaises(OSError):
                running.request("GET", "/healthz")  # the listener is closed
            self.assertTrue(running.thread.is_alive(), "draining")
            self.release.set()
            caller.join(DEADLINE)
            self.assertEqual((answers[0][0], answers[0][1]["connection"], answers[0][2]), (200, "close", b"done"))
            self.assertEqual(running.stop(), 0)

    def test_events_arrive_in_order_numbered_across_streams(self):
        with self.running() as running:
            status, _, body = running.request("POST", "/plugboard/v2/methods/notify", b'{"count":1}')
            self.assertEqual((status, json.loads(body)["message"]), (500, 'no host is listening for event "progress"'))
            first = EventReader(running.socket_path, "listen=progress,a%2Cb")
            self.assertIn("content-type: application/x-ndjson", first.head)
            self.assertIn("transfer-encoding: chunked", first.head)
            self.assertEqual(running.request("POST", "/plugboard/v2/methods/notify", b'{"count":3}')[2], b'{"sent":3}')
            events = [first.next_event() for _ in range(3)]
            self.assertEqual(events, [{"data": base64.b64encode(str(n).encode()).decode(), "name": "progress", "seq": n} for n in (1, 2, 3)])
            self.assertEqual(running.request("POST", "/plugboard/v2/methods/notify", b'{"count":1,"event":"a,b"}')[0], 200)
            self.assertEqual(first.next_event()["name"], "a,b")
            status, _, body = running.request("POST", "/plugboard/v2/methods/notify", b'{"count":1,"event":"done"}')
            self.assertEqual(json.loads(body)["message"], 'no host is listening for event "done"; it listens for: a,b, progress')
            second = EventReader(running.socket_path, "listen=done")
            self.assertIsNone(first.next_event(), "a new stream replaces the old one")
            running.request("POST", "/plugboard/v2/methods/notify", b'{"count":1,"event":"done"}')
            self.assertEqual(second.next_event()["seq"], 5)
            running.request("POST", "/shutdown")
            self.assertIsNone(second.next_event(), "stopping ends the stream")
            first.close()
            second.close()

    def test_events_carry_the_trace_context_of_the_call_that_notified(self):
        with self.running() as running:
            reader = EventReader(running.socket_path, "listen=progress")
            headers = {"traceparent": TRACEPARENT, "tracestate": "vendor=1"}
            self.assertEqual(running.request("POST", "/plugboard/v2/methods/notify", b'{"count":1}', headers=headers)[0], 200)
            self.assertEqual(running.request("POST", "/plugboard/v2/methods/notify", b'{"count":1}')[0], 200)
            self.assertEqual(reader.next_event()["trace"], {"traceparent": TRACEPARENT, "tracestate": "vendor=1"})
            self.assertNotIn("trace", reader.next_event(), "no trace context, no trace member")
            reader.close()

    def test_the_hosts_traceparent_reaches_the_handler_and_its_logs(self):
        stream = io.StringIO()
        with self.running() as running:
            self.assertEqual(running.request("POST", "/plugboard/v2/methods/trace?q=1", headers={"traceparent": TRACEPARENT})[2], TRACEPARENT.encode())
            self.assertEqual(running.request("POST", "/plugboard/v2/methods/trace?q=1", headers={"traceparent": "junk"})[2], b"")
            self.assertEqual(running.request("POST", "/plugboard/v2/methods/trace?q=1")[2], b"")
        logger = Logger("tested", plugin_id="test", level="info", stream=stream)
        from plugboard.log import current_request
        from plugboard.server import Request
        token = current_request.set(Request("POST", "/x", "", {}, TRACEPARENT))
        logger.info("inside", count=3)
        current_request.reset(token)
        logger.info("outside")
        lines = [json.loads(line) for line in stream.getvalue().splitlines()]
        self.assertEqual(lines, [{"count": "3", "level": "info", "logger": "tested", "msg": "inside", "plugin": "test", "traceparent": TRACEPARENT},
                                 {"level": "info", "logger": "tested", "msg": "outside", "plugin": "test"}])


class TransformerTests(unittest.TestCase):
    def test_the_transformer_contract_in_the_go_frameworks_shapes(self):
        plugin = plugboard.Plugin("swapper")
        transformations = [
            plugboard.Transformation("reverse", "reverses the text"),
            plugboard.Transformation("replace", "replaces `from` with `to`",
                                     [plugboard.Parameter("from", required=True, description="the text to find"), "to"]),
        ]

        @plugin.transformer("text-swapper", transformations=transformations)
        def transform(request, context):
            text = request.data.decode()
            if request.transformation == "reverse":
                text = text[::-1]
            elif request.transformation == "replace":
                text = text.replace(request.parameters["from"], request.parameters.get("to", ""))
            else:
                raise PluginError(400, f"unknown transformation {request.transformation!r}")
            return plugboard.TransformResponse(data=text.encode(), metadata={"transformation": request.transformation})

        self.assertEqual(plugin.capabilities()["types"]["transformer"][0]["type"], "text-swapper")
        with RunningPlugin(plugin) as running:
            listing = json.loads(running.request("GET", "/transformations")[2])
            self.assertEqual(listing, {"transformations": [
                {"name": "reverse", "description": "reverses the text"},
                {"name": "replace", "description": "replaces `from` with `to`", "parameters": [
                    {"name": "from", "type": "string", "required": True, "description": "the text to find"},
                    {"name": "to", "type": "string", "required": False}]}]})
            body = json.dumps({"data": base64.b64encode(b"a-b").decode(), "transformation": "replace", "parameters": {"from": "-", "to": "+"}})
            status, _, answer = running.request("POST", "/transform", body)
            self.assertEqual((status, json.loads(answer)), (200, {"data": base64.b64encode(b"a+b").decode(), "metadata": {"transformation": "replace"}}))
            status, _, answer = running.request("POST", "/transform", '{"data":"","transformation":"explode"}')
            self.assertEqual((status, json.loads(answer)["message"]), (400, "unknown transformation 'explode'"))


class EventHubTests(unittest.TestCase):
    def test_a_full_queue_fails_the_notify_without_taking_a_number(self):
        from plugboard import events
        hub = events.EventHub()
        subscription = hub.subscribe({"e"})
        for _ in range(events.CAPACITY):
            hub.notify("e", b"")
        with self.assertRaises(EventError) as caught:
            hub.notify("e", b"")
        self.assertEqual(str(caught.exception), f"the host has not read the {events.CAPACITY} events already queued")
        self.assertEqual(len(subscription.next_batch()), events.CAPACITY)
        self.assertEqual(hub.notify("e", b""), events.CAPACITY + 1)
        hub.close()
        with self.assertRaises(EventError):
            hub.notify("e", b"")


class LifecycleTests(unittest.TestCase):
    def test_idle_time_counts_from_the_last_request_and_never_while_one_runs(self):
        from plugboard.lifecycle import FIRST_REQUEST_GRACE, Lifecycle
        now = [100.0]
        lifecycle = Lifecycle(clock=lambda: now[0])
        self.assertEqual(lifecycle.idle_remaining(1.0), FIRST_REQUEST_GRACE, "at least 5 s before the first request")
        lifecycle.request_began(object())
        now[0] += 50
        self.assertIsNone(lifecycle.idle_remaining(1.0), "a request in flight is never idle")
        lifecycle.request_ended()
        self.assertEqual(lifecycle.idle_remaining(1.0), 1.0)
        now[0] += 1
        self.assertEqual(lifecycle.idle_remaining(1.0), 0)
        lifecycle.wait_for_idle(1.0)
        self.assertEqual(lifecycle.reason, "idle timeout")
        lifecycle.stop("signal")
        self.assertEqual(lifecycle.reason, "idle timeout", "the first trigger wins")


if __name__ == "__main__":
    unittest.main()
