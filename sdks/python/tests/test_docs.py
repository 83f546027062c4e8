"""docs/PYTHON.md's complete example, run as the plugin it says it is."""
import base64
import json
import os
import re
import shutil
import tempfile
import unittest

from .support import DEADLINE, SDK, EventReader, UnixHTTPConnection, run_example

PAGE = os.path.join(SDK, "..", "..", "docs", "PYTHON.md")
README = os.path.join(SDK, "..", "..", "README.md")


def example_source(page=PAGE):
    """The first ```python block of a page."""
    with open(page, encoding="utf-8") as file:
        return re.search(r"```python\n(.*?)```", file.read(), re.S).group(1)


def finish(process):
    """Ends a plugin process a test left running, and closes its pipes."""
    if process.poll() is None:
        process.kill()
    process.communicate()


class DocsExampleTests(unittest.TestCase):
    def test_the_pages_example_serves_what_the_page_says(self):
        directory = tempfile.mkdtemp(prefix="pb-py-")
        self.addCleanup(shutil.rmtree, directory, True)
        script = os.path.join(directory, "greeter")
        with open(script, "w", encoding="utf-8") as file:
            file.write(example_source())
        os.chmod(directory, 0o700)

        capabilities = run_example(script, "capabilities")
        out, _ = capabilities.communicate(timeout=DEADLINE)
        document = json.loads(out)
        self.assertEqual(document["types"]["dataProcessor"][0]["type"], "greet")
        self.assertEqual([m["name"] for m in document["methods"]], ["greet-all", "shout"])
        self.assertEqual(document["events"], ["greeted"])

        config = {"id": "greeter-1", "socketDirectory": directory,
                  "configTypes": [{"type": "greeter-settings", "data": base64.b64encode(b'{"greeting":"hi"}').decode()}]}
        process = run_example(script, "--config", json.dumps(config))
        self.addCleanup(finish, process)
        location = process.stdout.readline().decode().strip()
        path = location[len("http+unix://"):]

        def call(method, target, body=None):
            connection = UnixHTTPConnection(path)
            connection.request(method, target, body=body)
            response = connection.getresponse()
            answer = response.status, response.read()
            connection.close()
            return answer

        status, body = call("POST", "/process", json.dumps({"data": base64.b64encode(b"world").decode(), "format": "text/plain"}))
        self.assertEqual((status, base64.b64decode(json.loads(body)["data"])), (200, b"hi, world!"))
        self.assertEqual(call("POST", "/process", '{"data":"","format":"image/png"}')[0], 400)
        self.assertEqual(call("POST", "/plugboard/v2/methods/shout", b"quiet please"), (200, b"QUIET PLEASE"))

        events = EventReader(path, "listen=greeted")
        self.assertEqual(call("POST", "/plugboard/v2/methods/greet-all", b'{"names":["ada","alan"]}'), (200, b'{"greeted":2}'))
        self.assertEqual([base64.b64decode(events.next_event()["data"]) for _ in range(2)], [b"ada", b"alan"])
        self.assertEqual(call("POST", "/shutdown")[0], 200)
        self.assertIsNone(events.next_event())
        events.close()
        _, err = process.communicate(timeout=DEADLINE)
        self.assertEqual(process.returncode, 0)
        self.assertIn('"msg":"greeted everyone"', err.decode())
        self.assertEqual(sorted(os.listdir(directory)), ["greeter"])


    def test_the_readmes_example_answers_its_method(self):
        directory = tempfile.mkdtemp(prefix="pb-py-")
        self.addCleanup(shutil.rmtree, directory, True)
        os.chmod(directory, 0o700)
        script = os.path.join(directory, "greeter")
        with open(script, "w", encoding="utf-8") as file:
            file.write(example_source(README))
        process = run_example(script, "--config", json.dumps({"id": "readme", "socketDirectory": directory}))
        self.addCleanup(finish, process)
        path = process.stdout.readline().decode().strip()[len("http+unix://"):]
        connection = UnixHTTPConnection(path)
        connection.request("POST", "/plugboard/v2/methods/greet", body=b'{"name":"ada"}')
        self.assertEqual(connection.getresponse().read(), b'{"greeting":"hello ada"}')
        connection.close()
        process.terminate()
        process.communicate(timeout=DEADLINE)
        self.assertEqual(process.returncode, 0)
        self.assertEqual(os.listdir(directory), ["greeter"])


if __name__ == "__main__":
    unittest.main()
