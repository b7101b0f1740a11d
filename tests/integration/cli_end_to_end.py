"""tokenwright-cli end to end: real binary, real keychain (the runner's private
gnome-keyring), sandbox over real sockets. Every kind: profiles add + token, the second
token call within the lifetime makes no network request, --json, --force, exit codes,
no secret in argv, in the config dir or in any output but the token itself."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from sandbox_python_support import SandboxProcess, Served, skip  # noqa: E402

CLI = sys.argv.pop(1)
SKIP = 77


class CliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sandbox = SandboxProcess(CLI, "--token-lifetime", "120", "--verbose")
        cls.served = Served(cls.sandbox.process.stderr)
        cls.config = tempfile.TemporaryDirectory()
        cls.env = dict(os.environ,
                       TOKENWRIGHT_CONFIG_DIR=cls.config.name,
                       TOKENWRIGHT_KEYCHAIN_SERVICE="tokenwright-e2e-%d" % os.getpid())
        probe = cls.run_cli(["profiles", "add", "probe", "--kind", "druva",
                             "--token-url", "http://127.0.0.1:9/token",
                             "--api-base", "http://127.0.0.1:9", "--client-id", "x"], "s\n")
        if probe.returncode == 6:
            cls.sandbox.stop()
            skip("no Secret Service reachable (run through scripts/test.sh)")
        assert probe.returncode == 0, probe.stderr
        cls.run_cli(["profiles", "remove", "probe"])

    @classmethod
    def tearDownClass(cls):
        for name in ("msp", "msp2", "cloud", "gov", "portal", "generic", "cv"):
            cls.run_cli(["profiles", "remove", name])
        cls.sandbox.stop()
        cls.config.cleanup()

    @classmethod
    def run_cli(cls, args, stdin=""):
        return subprocess.run([CLI, *args], input=stdin, capture_output=True, text=True,
                              env=cls.env, timeout=60)

    def p(self, name):
        return self.sandbox.provider(name)

    def add(self, name, provider, kind, *extra, secret=None):
        info = self.p(provider)
        args = ["profiles", "add", name, "--kind", kind, "--api-base", info["api_base"]]
        if "client_id" in info:
            args += ["--client-id", info["client_id"]]
        if kind in ("druva-msp", "druva") or (kind == "oauth2" and "--issuer" not in extra):
            args += ["--token-url", info["token_url"]]
        args += list(extra)
        result = self.run_cli(args, (secret if secret is not None else info["client_secret"]) + "\n")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, "")
        return result

    def token(self, name, *extra):
        return self.run_cli(["token", name, *extra])

    def check_kind(self, name, provider, kind, endpoint, *extra):
        self.add(name, provider, kind, *extra)
        before = self.served.count(endpoint)
        first = self.token(name)
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertTrue(first.stdout.endswith("\n") and first.stdout.count("\n") == 1)
        self.assertEqual(self.served.count(endpoint), before + 1)
        second = self.token(name, "--json")
        self.assertEqual(second.returncode, 0, second.stderr)
        answer = json.loads(second.stdout)
        self.assertEqual(answer["access_token"], first.stdout.strip())
        self.assertTrue(answer["cached"])
        self.assertEqual(self.served.count(endpoint), before + 1, "second call went to the network")
        for key in ("access_token", "token_type", "expires_in", "expires_at", "scope"):
            self.assertIn(key, answer)
        self.assertTrue(0 < answer["expires_in"] <= 120)
        self.assertTrue(answer["expires_at"].endswith("Z"))
        forced = self.token(name, "--force")
        self.assertEqual(forced.returncode, 0, forced.stderr)
        self.assertNotEqual(forced.stdout, first.stdout)
        self.assertEqual(self.served.count(endpoint), before + 2)
        return answer

    def test_druva_msp(self):
        self.check_kind("msp", "druva-msp", "druva-msp", "druva-msp.token")

    def test_druva_cloud_and_govcloud(self):
        self.check_kind("cloud", "druva", "druva", "druva.token")
        self.check_kind("gov", "druva-gov", "druva", "druva-gov.token", "--region", "govcloud")

    def test_oidc_portal_with_discovery(self):
        info = self.p("oidc")
        result = self.add("portal", "oidc", "oidc", "--issuer", info["issuer"])
        self.assertIn("client_secret_post", self.run_cli(["profiles", "show", "portal"]).stdout)
        self.check_kind_existing("portal", "oidc.token")

    def check_kind_existing(self, name, endpoint):
        before = self.served.count(endpoint)
        self.assertEqual(self.token(name).returncode, 0)
        self.assertEqual(self.token(name).returncode, 0)
        self.assertEqual(self.served.count(endpoint), before + 1)

    def test_generic_oauth2(self):
        self.check_kind("generic", "oauth2", "oauth2", "oauth2.token")

    def test_commvault_pair_and_renewal(self):
        info = self.p("commvault")
        pair = info["access_token"] + "\n" + info["refresh_token"]
        result = self.run_cli(["profiles", "add", "cv", "--kind", "commvault", "--api-base",
                               info["api_base"], "--created", info["created"]], pair + "\n")
        self.assertEqual(result.returncode, 0, result.stderr)
        first = json.loads(self.token("cv", "--json").stdout)
        self.assertEqual(first["access_token"], info["access_token"])
        self.assertIn("renew_by", first)
        self.assertIn("renewals_end", first)
        renewals = self.served.count("commvault.renew")
        renewed = json.loads(self.token("cv", "--force", "--json").stdout)
        self.assertNotEqual(renewed["access_token"], first["access_token"])
        self.assertEqual(self.served.count("commvault.renew"), renewals + 1)
        # The new pair was persisted: the next run uses it without renewing again.
        again = json.loads(self.token("cv", "--json").stdout)
        self.assertEqual(again["access_token"], renewed["access_token"])
        self.assertEqual(self.served.count("commvault.renew"), renewals + 1)

    def test_customer_token(self):
        self.add("msp2", "druva-msp", "druva-msp")
        result = self.token("msp2", "--customer", "no-such-customer")
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertIn("not found", result.stderr)

    def test_exit_codes_and_messages(self):
        self.assertEqual(self.token("nobody").returncode, 3)
        self.assertEqual(self.run_cli(["token"]).returncode, 2)
        self.assertEqual(self.run_cli(["frobnicate"]).returncode, 2)
        # Secrets are never taken from argv.
        self.assertEqual(self.run_cli(["profiles", "add", "argv", "--kind", "druva", "--secret", "x"]).returncode, 2)
        wrong = self.add("wrong", "druva", "druva", secret="not+the/secret")
        result = self.token("wrong")
        self.assertEqual(result.returncode, 4, result.stderr)
        self.assertIn("invalid_client", result.stderr)
        self.assertNotIn("not+the/secret", result.stderr + result.stdout)
        self.run_cli(["profiles", "remove", "wrong"])
        down = self.run_cli(["profiles", "add", "down", "--kind", "druva", "--token-url",
                             "http://127.0.0.1:9/token", "--api-base", "http://127.0.0.1:9",
                             "--client-id", "x"], "s\n")
        self.assertEqual(down.returncode, 0, down.stderr)
        result = self.token("down")
        self.assertEqual(result.returncode, 5, result.stderr)
        self.run_cli(["profiles", "remove", "down"])
        bad = self.run_cli(["profiles", "add", "bad", "--kind", "oauth2", "--token-url",
                            "http://idp.example.com/token", "--client-id", "x"], "s\n")
        self.assertEqual(bad.returncode, 2, bad.stderr)
        self.assertIn("plain HTTP", bad.stderr)

    def test_request_calls_the_api_with_the_token(self):
        self.add("api", "druva", "druva")
        ok = self.run_cli(["request", "api", "GET", "/demo/v1/whoami", "--include"])
        self.assertEqual(ok.returncode, 0, ok.stderr)
        self.assertIsInstance(json.loads(ok.stdout), dict)
        self.assertIn("200", ok.stderr.splitlines()[0])
        missing = self.run_cli(["request", "api", "GET", "/no/such/path"])
        self.assertEqual(missing.returncode, 7, missing.stderr)
        foreign = self.run_cli(["request", "api", "GET", "http://127.0.0.2:9/steal"])
        self.assertEqual(foreign.returncode, 8, foreign.stderr)
        token = self.token("api").stdout.strip()
        self.assertNotIn(token, ok.stdout + ok.stderr + foreign.stderr)
        self.run_cli(["profiles", "remove", "api"])

    def test_zz_no_secret_in_files_or_listings(self):
        if self.run_cli(["profiles", "show", "cloud"]).returncode != 0:
            self.add("cloud", "druva", "druva")
        token = self.token("cloud").stdout.strip()
        secret = self.p("druva")["client_secret"]
        for args in (["profiles", "list"], ["profiles", "list", "--json"],
                     ["profiles", "show", "cloud"], ["profiles", "show", "cloud", "--json"]):
            out = self.run_cli(args)
            self.assertEqual(out.returncode, 0)
            self.assertNotIn(secret, out.stdout + out.stderr)
            self.assertNotIn(token, out.stdout + out.stderr)
        for root, _, files in os.walk(self.config.name):
            for f in files:
                with open(os.path.join(root, f), "rb") as fh:
                    data = fh.read()
                self.assertNotIn(secret.encode(), data, f)
                self.assertNotIn(token.encode(), data, f)

    def test_zz_remove_deletes_keychain_entries(self):
        self.add("temp", "druva", "druva")
        self.assertEqual(self.token("temp").returncode, 0)
        shown = json.loads(self.run_cli(["profiles", "show", "temp", "--json"]).stdout)

        def keychain_items():
            # libsecret does not list QtKeychain's attributes here; count the items instead.
            listing = subprocess.run(["secret-tool", "search", "--all", "server",
                                      self.env["TOKENWRIGHT_KEYCHAIN_SERVICE"]],
                                     capture_output=True, text=True, env=self.env).stdout
            return listing.count("schema = org.qt.keychain")

        before = keychain_items()
        self.assertEqual(len(shown.get("secret_keys", [])), 0)  # bookkeeping is not shown
        self.assertEqual(self.run_cli(["profiles", "remove", "temp"]).returncode, 0)
        self.assertEqual(self.run_cli(["profiles", "show", "temp"]).returncode, 3)
        self.assertEqual(keychain_items(), before - 2)  # client secret and cached token


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(1 if failed else 0)
