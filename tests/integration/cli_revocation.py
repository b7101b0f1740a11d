"""`tokenwright-cli revoke` and `introspect` (RFC 7009, RFC 7662) end to end: real binary,
real keychain, the sandbox's generic OAuth 2.0 server. Revocation ends the tokens at the
server and drops them from the cache, is recorded in the audit log, works with a signed
client assertion, and fails clearly (exit 2) without an endpoint; introspection prints the
server's answer and never our secret."""

import json
import os
import subprocess
import sys
import tempfile
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from sandbox_python_support import SandboxProcess, Served, skip  # noqa: E402

CLI = sys.argv.pop(1)
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")


class RevocationCli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sandbox = SandboxProcess(CLI, "--token-lifetime", "300", "--verbose")
        cls.served = Served(cls.sandbox.process.stderr)
        cls.config = tempfile.TemporaryDirectory()
        cls.data = tempfile.TemporaryDirectory()
        cls.env = dict(os.environ,
                       TOKENWRIGHT_CONFIG_DIR=cls.config.name,
                       TOKENWRIGHT_DATA_DIR=cls.data.name,
                       TOKENWRIGHT_KEYCHAIN_SERVICE="tokenwright-revoke-%d" % os.getpid())
        cls.info = cls.sandbox.provider("oauth2")
        added = cls.add("gen", "--issuer", cls.info["issuer"])
        if added.returncode == 6:
            cls.sandbox.stop()
            skip("no Secret Service reachable (run through scripts/test.sh)")
        assert added.returncode == 0, added.stderr

    @classmethod
    def tearDownClass(cls):
        for name in ("gen", "plain", "configured", "jwt", "fresh"):
            cls.run_cli(["profiles", "remove", name])
        cls.sandbox.stop()
        cls.config.cleanup()
        cls.data.cleanup()

    @classmethod
    def run_cli(cls, args, stdin=""):
        return subprocess.run([CLI, *args], input=stdin, capture_output=True, text=True,
                              env=cls.env, timeout=60)

    @classmethod
    def add(cls, name, *extra, client_id=None, stdin=None):
        return cls.run_cli(["profiles", "add", name, "--kind", "oauth2",
                            "--api-base", cls.info["api_base"],
                            "--client-id", client_id or cls.info["client_id"], *extra],
                           stdin if stdin is not None else cls.info["client_secret"] + "\n")

    def whoami(self, token):
        request = urllib.request.Request(self.info["api_base"] + "/whoami",
                                         headers={"Authorization": "Bearer " + token})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code

    def token(self, name):
        result = self.run_cli(["token", name, "--json"])
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def test_introspect_then_revoke(self):
        first = self.token("gen")["access_token"]
        introspected = self.served.count("oauth2.introspect")
        looked = self.run_cli(["introspect", "gen", "--json"])
        self.assertEqual(looked.returncode, 0, looked.stderr)
        answer = json.loads(looked.stdout)
        self.assertTrue(answer["active"])
        self.assertEqual(answer["client_id"], self.info["client_id"])
        self.assertEqual(self.served.count("oauth2.introspect"), introspected + 1)
        for output in (looked.stdout, looked.stderr):
            self.assertNotIn(self.info["client_secret"], output)

        before = self.served.count("oauth2.revoke")
        revoked = self.run_cli(["revoke", "gen"])
        self.assertEqual(revoked.returncode, 0, revoked.stderr)
        self.assertEqual(revoked.stdout, "")
        self.assertIn("refresh token and the access token", revoked.stderr)
        self.assertEqual(self.served.count("oauth2.revoke"), before + 2)
        self.assertEqual(self.whoami(first), 401)
        # The cache was dropped: the next token is a new one from the token endpoint.
        after = self.token("gen")
        self.assertFalse(after["cached"])
        self.assertNotEqual(after["access_token"], first)

        entries = json.loads(self.run_cli(["audit", "gen", "--json"]).stdout)
        self.assertIn("revoked", [e["action"] for e in entries])
        with open(os.path.join(self.data.name, "audit.jsonl"), encoding="utf-8") as f:
            log = f.read()
        self.assertNotIn(first, log)

    def test_nothing_cached_is_nothing_to_revoke(self):
        self.assertEqual(self.add("fresh", "--issuer", self.info["issuer"]).returncode, 0)
        before = self.served.count("oauth2.revoke")
        result = self.run_cli(["revoke", "fresh"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("nothing to revoke", result.stderr)
        self.assertEqual(self.served.count("oauth2.revoke"), before)

    def test_no_endpoint_is_a_clear_usage_error(self):
        self.assertEqual(self.add("plain", "--token-url", self.info["token_url"]).returncode, 0)
        self.token("plain")
        result = self.run_cli(["revoke", "plain"])
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("no revocation endpoint", result.stderr)
        self.assertIn("--revocation-url", result.stderr)
        self.assertEqual(self.run_cli(["introspect", "plain"]).returncode, 2)
        # The token was not dropped: nothing half-done.
        self.assertTrue(self.token("plain")["cached"])

    def test_configured_endpoint_and_signed_assertion(self):
        issuer = self.info["issuer"]
        with open(os.path.join(DATA, "client-ec-pkcs8.pem")) as f:
            pem = f.read()
        added = self.add("jwt", "--token-url", self.info["token_url"],
                         "--revocation-url", issuer + "/revoke",
                         "--introspection-url", issuer + "/introspect",
                         "--client-auth", "private_key_jwt", "--private-key-stdin",
                         client_id=self.info["jwt_ec_client_id"], stdin=pem)
        self.assertEqual(added.returncode, 0, added.stderr)
        access = self.token("jwt")["access_token"]
        looked = self.run_cli(["introspect", "jwt"])
        self.assertEqual(looked.returncode, 0, looked.stderr)
        self.assertEqual(json.loads(looked.stdout)["client_id"], self.info["jwt_ec_client_id"])
        self.assertEqual(self.run_cli(["revoke", "jwt"]).returncode, 0)
        self.assertEqual(self.whoami(access), 401)


if __name__ == "__main__":
    unittest.main()
