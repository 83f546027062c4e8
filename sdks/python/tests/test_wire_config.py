"""Decoding JSON into typed values, the config document, socket paths and lock files: in-process."""
import dataclasses
import fcntl
import os
import subprocess
import sys
import tempfile
import typing
import unittest

from plugboard import DecodeError, PluginConfig, ProcessRequest, wire
from plugboard.config import duration
from plugboard.files import SocketLock, StartError, socket_path
from plugboard.server import percent_decode, valid_traceparent


@dataclasses.dataclass
class Inner:
    size: int


@dataclasses.dataclass
class Outer:
    name: str
    items: typing.List[Inner]
    note: typing.Optional[str] = None


class WireTests(unittest.TestCase):
    def test_decode_names_the_json_path_of_the_problem(self):
        with self.assertRaises(DecodeError) as caught:
            wire.decode({"name": "x", "items": [{"size": 1}, {"size": "big"}]}, Outer)
        self.assertEqual(str(caught.exception), 'at $.items[1].size: expected an integer, got "big"')
        with self.assertRaises(DecodeError) as caught:
            wire.decode({"items": []}, Outer)
        self.assertEqual(str(caught.exception), "at $.name: required key 'name' is missing")

    def test_decode_fills_defaults_and_ignores_unknown_keys(self):
        value = wire.decode({"name": "x", "items": [{"size": 2}], "extra": True, "note": None}, Outer)
        self.assertEqual(value, Outer("x", [Inner(2)], None))

    def test_bytes_travel_as_base64(self):
        request = wire.decode({"data": "aGVsbG8="}, ProcessRequest)
        self.assertEqual(request, ProcessRequest(b"hello", ""))
        with self.assertRaises(DecodeError) as caught:
            wire.decode({"data": "not base64!"}, ProcessRequest)
        self.assertTrue(str(caught.exception).startswith("at $.data: expected a base64 string"))
        self.assertEqual(wire.dumps(ProcessRequest(b"hi", "text/plain")), b'{"data":"aGk=","format":"text/plain"}')

    def test_json_nesting_deeper_than_512_is_refused(self):
        self.assertIsInstance(wire.loads("[" * 512 + "]" * 512), list)
        with self.assertRaises(DecodeError) as caught:
            wire.loads("[" * 513 + "]" * 513)
        self.assertIn("deeper than 512", str(caught.exception))
        self.assertEqual(wire.loads('["[[[[' + "[" * 600 + '"]'), ["[[[[" + "[" * 600])

    def test_percent_decoding_of_method_names(self):
        self.assertEqual(percent_decode("gr%C3%B6%c3%9Fe"), "größe")
        self.assertEqual(percent_decode("a%20b%2Fc+d"), "a b/c+d")
        self.assertIsNone(percent_decode("bad%2"))
        self.assertIsNone(percent_decode("%FF"))

    def test_traceparent_is_checked_before_it_is_passed_on(self):
        good = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        self.assertEqual(valid_traceparent(good), good)
        for bad in ["", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", "00-" + "0" * 32 + "-00f067aa0ba902b7-01",
                    "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"]:
            self.assertIsNone(valid_traceparent(bad), bad)


class ConfigTests(unittest.TestCase):
    def test_the_hosts_config(self):
        config = PluginConfig.parse('{"configTypes":[{"data":"eyJwcmVmaXgiOiI+PiAifQ==","type":"s"}],"id":"p-1-1",'
                                    '"idleTimeout":60000000000,"parentWatch":true,"socketDirectory":"/tmp/pb-x","type":"unix"}')
        self.assertEqual(config, PluginConfig(id="p-1-1", type="unix", idle_timeout=60.0, data={"s": b'{"prefix":">> "}'},
                                              socket_directory="/tmp/pb-x", parent_watch=True))

    def test_inline_config_data_and_defaults(self):
        config = PluginConfig.parse('{"id":"x","type":null,"configTypes":[{"type":"s","data":{"a":1}},{"type":"t"}]}')
        self.assertEqual((config.type, config.idle_timeout, config.data), ("unix", None, {"s": b'{"a":1}', "t": b""}))

    def test_errors_name_the_json_path(self):
        cases = {
            "{}": "at $.id: required key 'id' is missing",
            '{"id":"x","idleTimeout":"5q"}': 'at $.idleTimeout: invalid duration "5q": unknown unit "q"',
            '{"id":"x","type":"udp"}': 'at $.type: "udp" is neither "unix" nor "tcp"',
            '{"id":"x","configTypes":[{"type":"s","data":"{\\"prefix\\": 5}"}]}': 'at $.configTypes[0].data: expected a base64 string, got "{\\"prefix\\": 5}"',
            '{"id":7}': "at $.id: expected a string, got 7",
            "[1]": "at $: expected a JSON object",
        }
        for text, message in cases.items():
            with self.assertRaises(DecodeError, msg=text) as caught:
                PluginConfig.parse(text)
            self.assertEqual(str(caught.exception), message)

    def test_go_durations(self):
        self.assertEqual(duration("1h30m", "$"), 5400.0)
        self.assertEqual(duration("250ms", "$"), 0.25)
        self.assertEqual(duration("1.5s", "$"), 1.5)
        self.assertEqual(duration("-2m", "$"), -120.0)
        self.assertEqual(duration("0", "$"), 0.0)
        self.assertEqual(duration(5_000_000_000, "$"), 5.0)
        for bad in ["5", "", "m", "1.2.3s", "5 s", True]:
            with self.assertRaises(DecodeError, msg=repr(bad)):
                duration(bad, "$")


class FileTests(unittest.TestCase):
    def test_socket_path(self):
        self.assertEqual(socket_path("a/b c", "/tmp/pb-x//"), "/tmp/pb-x/plugboard-a_b_c.sock")
        with self.assertRaises(DecodeError):
            socket_path(".hidden", "/tmp")
        with self.assertRaises(DecodeError) as caught:
            socket_path("x" * 100, "/tmp")
        self.assertIn("at most 107", str(caught.exception))

    def test_lock_refuses_a_live_owner_and_replaces_a_stale_one(self):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "plugboard-x.sock")
            owner = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
            try:
                with open(path + ".lock", "w") as lock:
                    lock.write(f"{owner.pid}\n")
                with self.assertRaises(StartError) as caught:
                    SocketLock(path).acquire()
                self.assertIn(f"in use by running process {owner.pid}", str(caught.exception))
            finally:
                owner.communicate(b"")
            # Its owner is dead now: the lock is stale, and so is a socket file left beside it.
            open(path, "w").close()
            lock = SocketLock(path).acquire()
            self.assertFalse(os.path.exists(path))
            with open(path + ".lock") as file:
                self.assertEqual(file.read(), f"{os.getpid()}\n")
            self.assertEqual(os.stat(path + ".lock").st_mode & 0o777, 0o600)
            lock.release()
            self.assertEqual(os.listdir(directory), [])

    def test_release_leaves_another_processes_lock(self):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "plugboard-x.sock")
            lock = SocketLock(path).acquire()
            # Someone removed the lock file and made another (a host cleaning up, then a new plugin).
            os.unlink(path + ".lock")
            with open(path + ".lock", "w") as file:
                file.write("1\n")
            lock.release()
            self.assertEqual(os.listdir(directory), ["plugboard-x.sock.lock"])

    def test_lock_held_before_its_pid_is_written_refuses(self):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "plugboard-x.sock")
            fd = os.open(path + ".lock", os.O_CREAT | os.O_RDWR, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                with self.assertRaises(StartError) as caught:
                    SocketLock(path).acquire()
                self.assertIn("in use by another process, which holds its lock file", str(caught.exception))
                self.assertEqual(os.listdir(directory), ["plugboard-x.sock.lock"])
            finally:
                os.close(fd)


if __name__ == "__main__":
    unittest.main()
