"""Crash safety of tokenwright-cli's files: 100 profile saves and 100 console-history writes,
each run SIGKILLed at a random moment (seeded, so a failure can be replayed). After every
kill, profiles.json and the history file must load and hold either the old or the new
content, no temporary file may be left beside them, and the next command must work (a lock
left by the killed process is stale, not a wall). Real binary, real keychain, sandbox over
real sockets; exits 77 without a Secret Service (a failure under scripts/test.sh)."""

import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from sandbox_python_support import SandboxProcess, skip  # noqa: E402

CLI = sys.argv.pop(1)
ROUNDS = int(os.environ.get("TW_CRASH_ROUNDS", "100"))
# Names a killed writer may leave that are not temporary files: a QLockFile whose owner is
# dead is stale and is taken over by the next writer (".rmlock" guards that takeover and is a
# lock file of the same kind, as is the ".rmlock.rmlock" guarding a stale ".rmlock").
LOCK_NAME = re.compile(r"\.lock(\.rmlock)*$")


class CrashSafetyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sandbox = SandboxProcess(CLI, "--token-lifetime", "600")
        cls.config = tempfile.TemporaryDirectory()
        cls.data = tempfile.TemporaryDirectory()
        cls.env = dict(os.environ,
                       TOKENWRIGHT_CONFIG_DIR=cls.config.name,
                       TOKENWRIGHT_DATA_DIR=cls.data.name,
                       TOKENWRIGHT_KEYCHAIN_SERVICE="tokenwright-crash-%d" % os.getpid())
        info = cls.sandbox.provider("druva-msp")
        added = cls.run_cli(["profiles", "add", "msp", "--kind", "druva-msp",
                             "--token-url", info["token_url"], "--api-base", info["api_base"],
                             "--client-id", info["client_id"]], info["client_secret"] + "\n")
        if added.returncode == 6:
            cls.sandbox.stop()
            skip("no Secret Service reachable (run through scripts/test.sh)")
        assert added.returncode == 0, added.stderr
        cls.profile_id = cls.profile()["id"]
        cls.random = random.Random(int(os.environ.get("TW_CRASH_SEED", "15")))

    @classmethod
    def tearDownClass(cls):
        cls.run_cli(["profiles", "remove", "msp"])
        cls.sandbox.stop()
        cls.config.cleanup()
        cls.data.cleanup()

    @classmethod
    def run_cli(cls, args, stdin=""):
        return subprocess.run([CLI, *args], input=stdin, capture_output=True, text=True,
                              env=cls.env, timeout=60)

    @classmethod
    def profile(cls):
        with open(os.path.join(cls.config.name, "profiles.json"), encoding="utf-8") as f:
            doc = json.load(f)  # raises on a torn or half-written file
        assert doc["format_version"] == 1, doc
        [p] = [p for p in doc["profiles"] if p["name"] == "msp"]
        return p

    def history(self):
        path = os.path.join(self.config.name, "history", self.profile_id + ".json")
        if not os.path.exists(path):
            return []
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        self.assertEqual(doc["format_version"], 1)
        return doc["entries"]

    def stray_files(self):
        stray = []
        for root, _, files in os.walk(self.config.name):
            for name in files:
                rel = os.path.relpath(os.path.join(root, name), self.config.name)
                if LOCK_NAME.search(name):
                    continue
                if rel in ("profiles.json", "settings.ini", "gui.ini"):
                    continue
                if rel == os.path.join("history", self.profile_id + ".json"):
                    continue
                stray.append(rel)
        return stray

    def locks(self):
        """The lock files left, with their content, for a failure message."""
        found = {}
        for root, _, files in os.walk(self.config.name):
            for name in files:
                if LOCK_NAME.search(name):
                    path = os.path.join(root, name)
                    with open(path, "rb") as f:
                        found[os.path.relpath(path, self.config.name)] = f.read()
        return found

    def timed(self, args):
        """How long an undisturbed run takes: kills are spread over that span."""
        spans = []
        for _ in range(3):
            start = time.monotonic()
            result = self.run_cli(args)
            self.assertEqual(result.returncode, 0, result.stderr)
            spans.append(time.monotonic() - start)
        return sorted(spans)[1]

    def kill_during(self, args, span):
        process = subprocess.Popen([CLI, *args], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env=self.env)
        # Not a bound on anything: only where in the run the kill lands.
        time.sleep(self.random.uniform(0, span * 1.2))
        process.send_signal(signal.SIGKILL)
        process.wait()
        return process.returncode == -signal.SIGKILL

    def test_killed_profile_saves_leave_old_or_new(self):
        span = self.timed(["profiles", "edit", "msp", "--timeout", "31"])
        old = json.dumps(self.profile(), sort_keys=True)
        killed = 0
        for i in range(ROUNDS * 4):
            if killed == ROUNDS:
                break
            wanted = 40 + i
            killed += self.kill_during(["profiles", "edit", "msp", "--timeout", str(wanted)], span)
            now = self.profile()  # loads, or the test fails here
            current = json.dumps(now, sort_keys=True)
            if current != old:
                self.assertIn(str(wanted), current, "neither the old nor the new profile")
            old = current
            # A kill between writing the temporary file and renaming it over the real one
            # leaves that temporary file (any atomic replace has this moment); the next write,
            # under the lock, removes it: never more than one, none after a completed write.
            self.assertLessEqual(len(self.stray_files()), 1,
                                 "temporary files pile up after kill %d" % i)
        self.assertEqual(killed, ROUNDS, "runs that finished before their kill do not count")
        locks = self.locks()
        after = self.run_cli(["profiles", "edit", "msp", "--timeout", "30"])
        self.assertEqual(after.returncode, 0, after.stderr + repr(locks))
        self.assertIn("30", json.dumps(self.profile()))
        self.assertEqual(self.stray_files(), [], "temporary files left after a completed write")

    def test_killed_history_writes_leave_old_or_new(self):
        span = self.timed(["request", "msp", "GET", "/msp/v3/customers?pageSize=1"])
        count = len(self.history())
        killed = 0
        for i in range(ROUNDS * 4):
            if killed == ROUNDS:
                break
            killed += self.kill_during(
                ["request", "msp", "GET", "/msp/v3/customers?pageSize=1"], span)
            entries = self.history()  # loads, or the test fails here
            self.assertIn(len(entries), (count, min(count + 1, 200)),
                          "history lost or doubled entries at kill %d" % i)
            count = len(entries)
            # A kill between writing the temporary file and renaming it over the real one
            # leaves that temporary file (any atomic replace has this moment); the next write,
            # under the lock, removes it: never more than one, none after a completed write.
            self.assertLessEqual(len(self.stray_files()), 1,
                                 "temporary files pile up after kill %d" % i)
        self.assertEqual(killed, ROUNDS, "runs that finished before their kill do not count")
        after = self.run_cli(["request", "msp", "GET", "/msp/v3/customers?pageSize=1"])
        self.assertEqual(after.returncode, 0, after.stderr)
        self.assertEqual(len(self.history()), min(count + 1, 200))
        self.assertEqual(self.stray_files(), [], "temporary files left after a completed write")
        # The activity log, appended to by every run, still reads.
        audit = self.run_cli(["audit", "--json"])
        self.assertEqual(audit.returncode, 0, audit.stderr)
        json.loads(audit.stdout)

    def test_unreadable_profiles_file_is_reported_backed_up_and_kept(self):
        cases = {
            "truncated": b'{"format_version": 1, "profiles": [{"id": "0b7ef1c6-',
            "corrupt": b"\x00\x01 not json",
            "newer": b'{"format_version": 2, "profiles": [], "vaults": {}}',
        }
        for name, content in cases.items():
            with self.subTest(name), tempfile.TemporaryDirectory() as config:
                path = os.path.join(config, "profiles.json")
                with open(path, "wb") as f:
                    f.write(content)
                env = dict(self.env, TOKENWRIGHT_CONFIG_DIR=config)
                run = lambda args, stdin="": subprocess.run(  # noqa: E731
                    [CLI, *args], input=stdin, capture_output=True, text=True, env=env,
                    timeout=60)
                listed = run(["profiles", "list"])
                self.assertNotEqual(listed.returncode, 0)
                self.assertIn(path, listed.stderr)
                self.assertIn("A copy is in", listed.stderr)
                if name == "newer":
                    self.assertIn("format version 2", listed.stderr)
                added = run(["profiles", "add", "x", "--kind", "druva", "--token-url",
                             "http://127.0.0.1:9/t", "--api-base", "http://127.0.0.1:9",
                             "--client-id", "x"], "s\n")
                self.assertNotEqual(added.returncode, 0)
                with open(path, "rb") as f:
                    self.assertEqual(f.read(), content, "the unreadable file was overwritten")
                copies = [n for n in os.listdir(config) if n.startswith("profiles.json.corrupt-")]
                self.assertEqual(len(copies), 1, copies)  # once, however often it is read
                with open(os.path.join(config, copies[0]), "rb") as f:
                    self.assertEqual(f.read(), content)


if __name__ == "__main__":
    unittest.main()
