"""`tokenwright-cli audit` end to end: real binary, real keychain, sandbox over real
sockets. Token fetches, a forced refresh, a request and a bulk mint appear in the activity
log with the right actions; NAME, --since and --json filter and format it; --off stops
recording for the next run; and the log file holds no secret or token."""

import base64
import json
import os
import subprocess
import sys
import tempfile
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from sandbox_python_support import SandboxProcess, skip  # noqa: E402

CLI = sys.argv.pop(1)


class CliAuditTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sandbox = SandboxProcess(CLI, "--token-lifetime", "120")
        cls.config = tempfile.TemporaryDirectory()
        cls.data = tempfile.TemporaryDirectory()
        cls.env = dict(os.environ,
                       TOKENWRIGHT_CONFIG_DIR=cls.config.name,
                       TOKENWRIGHT_DATA_DIR=cls.data.name,
                       TOKENWRIGHT_KEYCHAIN_SERVICE="tokenwright-audit-%d" % os.getpid())
        info = cls.sandbox.provider("druva-msp")
        cls.secret = info["client_secret"]
        added = cls.run_cli(["profiles", "add", "msp", "--kind", "druva-msp",
                             "--token-url", info["token_url"], "--api-base", info["api_base"],
                             "--client-id", info["client_id"]], cls.secret + "\n")
        if added.returncode == 6:
            cls.sandbox.stop()
            skip("no Secret Service reachable (run through scripts/test.sh)")
        assert added.returncode == 0, added.stderr

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

    def audit(self, *args):
        result = self.run_cli(["audit", *args])
        self.assertEqual(result.returncode, 0, result.stderr)
        return result

    def test_default_folders_are_the_windows(self):
        # Without TOKENWRIGHT_*_DIR the CLI must use the folders the window uses
        # (~/.config/tokenwright), or the two stop sharing profiles and the activity log.
        with tempfile.TemporaryDirectory() as home:
            env = {k: v for k, v in self.env.items()
                   if k not in ("TOKENWRIGHT_CONFIG_DIR", "TOKENWRIGHT_DATA_DIR")}
            env.update(XDG_CONFIG_HOME=os.path.join(home, "config"),
                       XDG_DATA_HOME=os.path.join(home, "data"))
            # Reading creates no folder (shell completion reads profiles too); a write does.
            listed = subprocess.run([CLI, "profiles", "list"], capture_output=True, text=True,
                                    env=env, timeout=60)
            self.assertEqual(listed.returncode, 0, listed.stderr)
            self.assertFalse(os.path.exists(os.path.join(home, "config", "tokenwright")))
            off = subprocess.run([CLI, "audit", "--off"], capture_output=True, text=True,
                                 env=env, timeout=60)
            self.assertEqual(off.returncode, 0, off.stderr)
            self.assertTrue(os.path.isdir(os.path.join(home, "config", "tokenwright")))
            self.assertFalse(os.path.exists(os.path.join(home, "config", "tokenwright",
                                                         "tokenwright")))

    def test_activity_is_recorded_filtered_and_secret_free(self):
        tokens = []
        first = self.run_cli(["token", "msp"])
        self.assertEqual(first.returncode, 0, first.stderr)
        tokens.append(first.stdout.strip())
        cached = self.run_cli(["token", "msp"])  # from the keychain: nothing to record
        self.assertEqual(cached.returncode, 0, cached.stderr)
        forced = self.run_cli(["token", "msp", "--force"])
        self.assertEqual(forced.returncode, 0, forced.stderr)
        tokens.append(forced.stdout.strip())
        listed = self.run_cli(["customers", "msp", "--json"])
        self.assertEqual(listed.returncode, 0, listed.stderr)
        ids = [c["id"] for c in json.loads(listed.stdout)[:2]]
        minted = self.run_cli(["customer-tokens", "msp", "--ids", ",".join(ids), "--json"])
        self.assertEqual(minted.returncode, 0, minted.stderr)
        for item in json.loads(minted.stdout):
            if isinstance(item, dict) and item.get("access_token"):
                tokens.append(item["access_token"])
        # A careless request: the live token in the query string.
        request = self.run_cli(["request", "msp", "GET",
                                "/msp/v3/customers?pageSize=1&token=" + tokens[-1]])
        self.assertIn(request.returncode, (0, 7), request.stderr)

        entries = json.loads(self.audit("msp", "--json").stdout)
        actions = [e["action"] for e in entries]
        self.assertEqual(actions.count("fetched") - len(ids), 1, actions)
        self.assertEqual(actions.count("refreshed"), 1, actions)
        self.assertEqual(actions.count("minted"), 1, actions)
        self.assertEqual(actions.count("request"), 1, actions)
        for e in entries:
            self.assertEqual(e["app"], "cli")
            self.assertEqual(e["profile"], "msp")
            self.assertIn(e["result"], ("ok", "failed"))
        req = [e for e in entries if e["action"] == "request"][0]
        self.assertEqual(req["method"], "GET")
        self.assertTrue(req["path"].startswith("/msp/v3/customers?"), req["path"])
        self.assertEqual(sorted(e["customer"] for e in entries if e.get("customer")), sorted(ids))

        text = self.audit().stdout
        self.assertIn("refreshed", text)
        self.assertIn("GET /msp/v3/customers?", text)
        self.assertEqual(json.loads(self.audit("nobody", "--json").stdout), [])
        self.assertEqual(json.loads(self.audit("--since", "2999-01-01", "--json").stdout), [])
        self.assertEqual(len(json.loads(self.audit("--since", "1h", "--json").stdout)),
                         len(entries))
        bad = self.run_cli(["audit", "--since", "last tuesday"])
        self.assertEqual(bad.returncode, 2)

        # Off: the next run records nothing, and says so when asked.
        self.audit("--off")
        again = self.run_cli(["token", "msp", "--force"])
        self.assertEqual(again.returncode, 0, again.stderr)
        tokens.append(again.stdout.strip())
        off = self.audit("--json")
        self.assertEqual(len(json.loads(off.stdout)), len(entries))
        self.assertIn("recording is off", off.stderr)
        self.audit("--on")

        # The scan: no secret or token, raw or in the forms it travels in.
        with open(os.path.join(self.data.name, "audit.jsonl"), encoding="utf-8") as f:
            log = f.read()
        self.assertGreater(len(log), 200)
        info = self.sandbox.provider("druva-msp")
        basic = base64.b64encode((info["client_id"] + ":" + self.secret).encode()).decode()
        for value in [self.secret, basic] + tokens:
            for form in {value, urllib.parse.quote(value, safe=""),
                         urllib.parse.quote_plus(value), json.dumps(value)[1:-1]}:
                self.assertNotIn(form, log)
        mode = os.stat(os.path.join(self.data.name, "audit.jsonl")).st_mode & 0o777
        self.assertEqual(mode, 0o600)


if __name__ == "__main__":
    unittest.main()
