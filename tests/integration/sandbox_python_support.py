"""Starts `tokenwright-cli sandbox` and reads the one JSON line it prints first."""

import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections import Counter


class SandboxProcess:
    def __init__(self, cli, *args):
        self.process = subprocess.Popen(
            [cli, "sandbox", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        ready, _, _ = select.select([self.process.stdout], [], [], 20)
        if not ready:
            self.stop()
            raise RuntimeError("sandbox printed nothing within 20 s")
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("sandbox exited: " + self.process.stderr.read())
        self.info = json.loads(line)

    def provider(self, name):
        return self.info["providers"][name]

    def stop(self, sig=signal.SIGTERM, timeout=10):
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise RuntimeError("sandbox ignored signal %d" % sig)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


class Served:
    """Counts the sandbox's answers per endpoint from its --verbose stderr."""

    def __init__(self, stream):
        self.counts = Counter()
        self.lock = threading.Lock()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for line in stream:
            parts = line.split()
            if len(parts) == 2 and parts[0].isdigit():
                with self.lock:
                    self.counts[parts[1]] += 1

    def count(self, endpoint):
        with self.lock:
            return self.counts[endpoint]


SKIP = 77


def skip(reason):
    """Exits 77 (ctest: skipped) — or 1 when scripts/test.sh demands every test run
    (TOKENWRIGHT_TESTS_REQUIRE_ALL=1): there, a missing keychain or module is a failure."""
    if os.environ.get("TOKENWRIGHT_TESTS_REQUIRE_ALL") == "1":
        print("FAIL (TOKENWRIGHT_TESTS_REQUIRE_ALL): " + reason, file=sys.stderr)
        sys.exit(1)
    print("SKIP: " + reason, file=sys.stderr)
    sys.exit(SKIP)
