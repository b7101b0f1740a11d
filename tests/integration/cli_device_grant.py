"""The device authorization grant (RFC 8628) through the real CLI and keychain against the
sandbox: the user code and page on stderr, a scripted browser ($BROWSER) approving or
denying, --no-browser, the bare token on stdout, and silent renewal by refresh token."""

import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from sandbox_python_support import SandboxProcess, Served, skip  # noqa: E402

CLI = sys.argv.pop(1)
BROWSER = "%s %s" % (sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "device_browser.py"))


class DeviceGrantCli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sandbox = SandboxProcess(CLI, "--verbose")
        cls.served = Served(cls.sandbox.process.stderr)
        cls.config = tempfile.TemporaryDirectory()
        cls.env = dict(os.environ, BROWSER=BROWSER,
                       TOKENWRIGHT_CONFIG_DIR=cls.config.name,
                       TOKENWRIGHT_KEYCHAIN_SERVICE="tokenwright-device-%d" % os.getpid())
        cls.info = cls.sandbox.provider("oauth2")
        added = cls.add("dev")
        if added.returncode == 6:
            cls.sandbox.stop()
            skip("no Secret Service reachable (run through scripts/test.sh)")
        assert added.returncode == 0, added.stderr

    @classmethod
    def tearDownClass(cls):
        for name in ("dev", "denied", "manual"):
            cls.run_cli(["profiles", "remove", name])
        cls.sandbox.stop()
        cls.config.cleanup()

    @classmethod
    def run_cli(cls, args, env=None):
        return subprocess.run([CLI, *args], input="", capture_output=True, text=True,
                              env=env or cls.env, timeout=60)

    @classmethod
    def add(cls, name):
        return cls.run_cli(["profiles", "add", name, "--kind", "oauth2",
                            "--issuer", cls.info["issuer"], "--api-base", cls.info["api_base"],
                            "--client-id", "tw-demo-device", "--client-auth", "none",
                            "--grant", "device_code", "--scope", "read"])

    def test_browser_approves_then_refresh_is_silent(self):
        first = self.run_cli(["token", "dev", "--json"])
        self.assertEqual(first.returncode, 0, first.stderr)
        token = json.loads(first.stdout)
        self.assertEqual(token["scope"], "read")
        self.assertRegex(first.stderr, r"enter the code [B-Z]{4}-[B-Z]{4}")
        self.assertIn(self.info["issuer"] + "/device", first.stderr)
        self.assertTrue(json.loads(self.run_cli(["token", "dev", "--json"]).stdout)["cached"])
        # --force renews with the refresh token: no new code, no browser.
        codes = self.served.count("oauth2.device_authorization")
        forced = self.run_cli(["token", "dev", "--force"],
                              env=dict(self.env, BROWSER="false"))
        self.assertEqual(forced.returncode, 0, forced.stderr)
        self.assertNotIn("enter the code", forced.stderr)
        self.assertEqual(self.served.count("oauth2.device_authorization"), codes)
        self.assertNotEqual(forced.stdout.strip(), token["access_token"])

    def test_denied_sign_in_fails_clearly(self):
        self.assertEqual(self.add("denied").returncode, 0)
        result = self.run_cli(["token", "denied"], env=dict(self.env, TW_DEVICE_ACTION="deny"))
        self.assertEqual(result.returncode, 4, result.stderr)
        self.assertIn("sign-in was denied", result.stderr)
        self.assertEqual(result.stdout, "")

    def test_no_browser_prints_the_page(self):
        self.assertEqual(self.add("manual").returncode, 0)
        process = subprocess.Popen([CLI, "token", "manual", "--no-browser"],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True,
                                   env=dict(self.env, BROWSER="false"))
        line = process.stderr.readline()
        match = re.search(r"open (\S+) and enter the code ([B-Z]{4}-[B-Z]{4})", line)
        self.assertTrue(match, line)
        body = urllib.parse.urlencode({"user_code": match.group(2), "action": "approve"})
        urllib.request.urlopen(match.group(1), data=body.encode(), timeout=10).read()
        out, err = process.communicate(timeout=60)
        self.assertEqual(process.returncode, 0, err)
        self.assertEqual(out.count("\n"), 1)


if __name__ == "__main__":
    unittest.main()
