"""Several tokenwright-cli processes at once on one configuration and keychain, as the GUI
and scripts would be: profiles added in parallel are all kept, console-history entries
appended in parallel are all kept, and Commvault renewals forced from several processes at
once never revoke the chain (an older pair used once revokes it) and leave the last rotated
pair persisted. Real binary, real keychain; exits 77
without a Secret Service (a failure under scripts/test.sh)."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from sandbox_python_support import SandboxProcess, Served, skip  # noqa: E402

CLI = sys.argv.pop(1)
PARALLEL = 8


class CliConcurrencyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sandbox = SandboxProcess(CLI, "--token-lifetime", "600", "--latency", "50",
                                     "--verbose")
        cls.served = Served(cls.sandbox.process.stderr)
        cls.config = tempfile.TemporaryDirectory()
        cls.data = tempfile.TemporaryDirectory()
        cls.env = dict(os.environ,
                       TOKENWRIGHT_CONFIG_DIR=cls.config.name,
                       TOKENWRIGHT_DATA_DIR=cls.data.name,
                       TOKENWRIGHT_KEYCHAIN_SERVICE="tokenwright-conc-%d" % os.getpid())
        info = cls.sandbox.provider("druva-msp")
        added = cls.run_cli(cls.add_args("msp", info), info["client_secret"] + "\n")
        if added.returncode == 6:
            cls.sandbox.stop()
            skip("no Secret Service reachable (run through scripts/test.sh)")
        assert added.returncode == 0, added.stderr

    @classmethod
    def tearDownClass(cls):
        names = json.loads(cls.run_cli(["profiles", "list", "--json"]).stdout or "[]")
        for p in names:
            cls.run_cli(["profiles", "remove", p["name"]])
        cls.sandbox.stop()
        cls.config.cleanup()
        cls.data.cleanup()

    @staticmethod
    def add_args(name, info):
        return ["profiles", "add", name, "--kind", "druva-msp", "--token-url", info["token_url"],
                "--api-base", info["api_base"], "--client-id", info["client_id"]]

    @classmethod
    def run_cli(cls, args, stdin=""):
        return subprocess.run([CLI, *args], input=stdin, capture_output=True, text=True,
                              env=cls.env, timeout=120)

    def parallel(self, runs):
        """Starts every (args, stdin) at once; returns their CompletedProcess-like results."""
        procs = []
        for args, stdin in runs:
            p = subprocess.Popen([CLI, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=self.env)
            procs.append((p, stdin))
        results = []
        for p, stdin in procs:
            out, err = p.communicate(stdin, timeout=120)
            results.append((p.returncode, out, err))
        return results

    def test_parallel_profile_adds_are_all_kept(self):
        info = self.sandbox.provider("druva-msp")
        results = self.parallel([(self.add_args("p%d" % i, info), info["client_secret"] + "\n")
                                 for i in range(PARALLEL)])
        for code, _, err in results:
            self.assertEqual(code, 0, err)
        names = {p["name"] for p in json.loads(self.run_cli(["profiles", "list", "--json"]).stdout)}
        for i in range(PARALLEL):
            self.assertIn("p%d" % i, names)
        # And each one's secret landed with it.
        tokens = self.parallel([(["token", "p%d" % i], "") for i in range(PARALLEL)])
        for code, out, err in tokens:
            self.assertEqual(code, 0, err)
            self.assertTrue(out.strip())

    def history_entries(self):
        """The path of msp's console history and a function counting its entries."""
        profile_id = json.loads(self.run_cli(["profiles", "show", "msp", "--json"]).stdout)["id"]
        path = os.path.join(self.config.name, "history", profile_id + ".json")

        def count():
            if not os.path.exists(path):
                return 0
            with open(path, encoding="utf-8") as f:
                return len(json.load(f)["entries"])

        return path, count

    def test_parallel_history_appends_are_all_kept(self):
        path, count = self.history_entries()
        self.assertEqual(self.run_cli(["token", "msp"]).returncode, 0)  # cached for all
        before = count()
        results = self.parallel([(["request", "msp", "GET", "/msp/v3/customers?pageSize=%d" % (i + 1)], "")
                                 for i in range(PARALLEL)])
        for code, _, err in results:
            self.assertEqual(code, 0, err)
        self.assertEqual(count(), before + PARALLEL)

    def test_request_says_so_when_the_history_stays_locked(self):
        path, count = self.history_entries()
        self.assertEqual(self.run_cli(["token", "msp"]).returncode, 0)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        before = count()
        # A live owner (this process, under its own program name, on this host), as QLockFile
        # writes it: the lock is held, not stale, for as long as the request waits.
        program = os.path.basename(os.readlink("/proc/self/exe"))
        with open(path + ".lock", "w") as lock:
            lock.write("%d\n%s\n%s\n" % (os.getpid(), program, socket.gethostname()))
        try:
            result = self.run_cli(["request", "msp", "GET", "/msp/v3/customers?pageSize=1"])
        finally:
            os.remove(path + ".lock")
        self.assertEqual(result.returncode, 0, result.stderr)  # the request itself succeeded
        self.assertTrue(result.stdout.strip())
        self.assertIn("warning: the request was not added to the history", result.stderr)
        self.assertIn("Another Tokenwright process is changing", result.stderr)
        self.assertEqual(count(), before)

    def test_parallel_commvault_renewals_never_revoke_the_chain(self):
        info = self.sandbox.provider("commvault")
        pair = info["access_token"] + "\n" + info["refresh_token"] + "\n"
        added = self.run_cli(["profiles", "add", "cv", "--kind", "commvault", "--api-base",
                              info["api_base"], "--created", info["created"]], pair)
        self.assertEqual(added.returncode, 0, added.stderr)
        renewals = self.served.count("commvault.renew")
        results = self.parallel([(["token", "cv", "--force", "--json"], "")
                                 for _ in range(PARALLEL // 2)])
        tokens = []
        for code, out, err in results:
            self.assertEqual(code, 0, err)
            tokens.append(json.loads(out)["access_token"])
        # Under the cross-process lock each run either renews with the pair the one before it
        # saved, or adopts a renewal that landed while it waited; an older pair used once
        # would have revoked the chain and failed every later run.
        done = self.served.count("commvault.renew") - renewals
        self.assertGreaterEqual(done, 1)
        self.assertLessEqual(done, PARALLEL // 2)
        self.assertLessEqual(len(set(tokens)), done)
        # The last rotated pair is the one persisted, and it still works.
        again = json.loads(self.run_cli(["token", "cv", "--json"]).stdout)
        self.assertIn(again["access_token"], tokens)
        self.assertEqual(self.served.count("commvault.renew") - renewals, done)
        call = self.run_cli(["request", "cv", "GET", "/Client"])
        self.assertEqual(call.returncode, 0, call.stderr)
        forced = self.run_cli(["token", "cv", "--force"])
        self.assertEqual(forced.returncode, 0, forced.stderr)


if __name__ == "__main__":
    unittest.main()
