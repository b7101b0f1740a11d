"""The browser sign-in (authorization code + PKCE, RFC 6749 §4.1, RFC 7636, RFC 8252,
RFC 9207) through the real CLI and keychain against the sandbox, with a scripted browser
($BROWSER = auth_browser.py) pressing Approve or Deny on the sandbox's sign-in page and
following the redirect to the CLI's loopback receiver."""

import base64
import hashlib
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from sandbox_python_support import SandboxProcess, Served, skip  # noqa: E402

CLI = sys.argv.pop(1)
HERE = os.path.dirname(os.path.abspath(__file__))
BROWSER = "%s %s" % (sys.executable, os.path.join(HERE, "auth_browser.py"))
CLIENT = "tw-demo-browser"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post(url, fields):
    try:
        answer = urllib.request.urlopen(url, data=urllib.parse.urlencode(fields).encode(),
                                        timeout=10)
        return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


class AuthorizationCodeCli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sandbox = SandboxProcess(CLI, "--verbose")
        cls.served = Served(cls.sandbox.process.stderr)
        cls.config = tempfile.TemporaryDirectory()
        cls.work = tempfile.TemporaryDirectory()
        cls.service = "tokenwright-authcode-%d" % os.getpid()
        cls.env = dict(os.environ, BROWSER=BROWSER,
                       TOKENWRIGHT_CONFIG_DIR=cls.config.name,
                       TOKENWRIGHT_KEYCHAIN_SERVICE=cls.service)
        cls.info = cls.sandbox.provider("oauth2")
        cls.names = []
        added = cls.add("web")
        if added.returncode == 6:
            cls.sandbox.stop()
            skip("no Secret Service reachable (run through scripts/test.sh)")
        assert added.returncode == 0, added.stderr

    @classmethod
    def tearDownClass(cls):
        for name in cls.names:
            cls.run_cli(["profiles", "remove", name])
        cls.sandbox.stop()
        cls.config.cleanup()
        cls.work.cleanup()

    @classmethod
    def run_cli(cls, args, timeout=60, **env):
        return subprocess.run([CLI, *args], input="", capture_output=True, text=True,
                              env=dict(cls.env, **env), timeout=timeout)

    @classmethod
    def add(cls, name, *extra):
        cls.names.append(name)
        return cls.run_cli(["profiles", "add", name, "--kind", "oauth2",
                            "--issuer", cls.info["issuer"], "--api-base", cls.info["api_base"],
                            "--client-id", CLIENT, "--client-auth", "none",
                            "--grant", "authorization_code", "--scope", "read", *extra])

    def files(self):
        marker = os.path.join(self.work.name, "marker-%s" % self.id())
        record = os.path.join(self.work.name, "record-%s" % self.id())
        return marker, record

    def runs(self, marker):
        if not os.path.exists(marker):
            return 0
        with open(marker) as f:
            return len(f.read().splitlines())

    def recorded(self, record):
        with open(record) as f:
            code, status, page = f.read().split("\n", 2)
        return code, int(status), page

    def cached_token(self, name):
        """The profile's cached token entry in the keychain, as JSON (None when absent)."""
        shown = json.loads(self.run_cli(["profiles", "show", name, "--json"]).stdout)
        found = subprocess.run(["secret-tool", "lookup", "server", self.service,
                                "user", "%s/token:default" % shown["id"]],
                               capture_output=True, env=self.env)
        if found.returncode != 0 or not found.stdout:
            return None
        data = found.stdout
        try:
            return json.loads(data)
        except ValueError:
            return json.loads(base64.b64decode(data))

    def assert_quiet(self, result, *values):
        """Nothing secret on stderr: no code, verifier or token."""
        self.assertNotIn("code_verifier", result.stderr)
        for value in values:
            if value:
                self.assertNotIn(value, result.stderr)

    def test_sign_in_then_refresh_silently_with_rotation(self):
        marker, record = self.files()
        first = self.run_cli(["token", "web", "--json"], TW_AUTH_MARKER=marker,
                             TW_AUTH_RECORD=record)
        self.assertEqual(first.returncode, 0, first.stderr)
        token = json.loads(first.stdout)
        self.assertEqual(token["scope"], "read")
        self.assertEqual(self.runs(marker), 1)
        code, status, page = self.recorded(record)
        self.assertEqual(status, 200)
        self.assertIn("Signed in to web", page)
        self.assert_quiet(first, code, token["access_token"])
        cached = self.cached_token("web")
        self.assertIsNotNone(cached)
        old_refresh = cached["refresh_token"]
        self.assertTrue(old_refresh)
        self.assertNotIn(old_refresh, first.stderr)

        # A valid token is reused; --force renews with the refresh token: no browser.
        self.assertTrue(json.loads(self.run_cli(["token", "web", "--json"]).stdout)["cached"])
        forced = self.run_cli(["token", "web", "--force"], TW_AUTH_MARKER=marker)
        self.assertEqual(forced.returncode, 0, forced.stderr)
        self.assertEqual(self.runs(marker), 1, "the browser was opened for a refresh")
        self.assertNotEqual(forced.stdout.strip(), token["access_token"])
        new_refresh = self.cached_token("web")["refresh_token"]
        self.assertNotEqual(new_refresh, old_refresh)

        # Rotation: the old refresh token is dead at the sandbox, the new one works.
        status, answer = post(self.info["token_url"], {
            "grant_type": "refresh_token", "refresh_token": old_refresh, "client_id": CLIENT})
        self.assertEqual((status, answer["error"]), (400, "invalid_grant"))
        status, answer = post(self.info["token_url"], {
            "grant_type": "refresh_token", "refresh_token": new_refresh, "client_id": CLIENT})
        self.assertEqual(status, 200, answer)

    def test_a_refused_refresh_token_falls_back_to_the_browser(self):
        self.assertEqual(self.add("fallback").returncode, 0)
        marker, _ = self.files()
        self.assertEqual(self.run_cli(["token", "fallback"], TW_AUTH_MARKER=marker).returncode, 0)
        stored = self.cached_token("fallback")["refresh_token"]
        # Someone else uses the refresh token up (the sandbox rotates it): ours is now dead.
        self.assertEqual(post(self.info["token_url"], {
            "grant_type": "refresh_token", "refresh_token": stored, "client_id": CLIENT})[0], 200)
        forced = self.run_cli(["token", "fallback", "--force"], TW_AUTH_MARKER=marker)
        self.assertEqual(forced.returncode, 0, forced.stderr)
        self.assertEqual(self.runs(marker), 2)

    def test_forged_state_is_refused_and_nothing_is_stored(self):
        self.assertEqual(self.add("forged").returncode, 0)
        marker, record = self.files()
        exchanges = self.served.count("oauth2.token")
        result = self.run_cli(["token", "forged"], TW_AUTH_BROWSER="wrong-state",
                              TW_AUTH_RECORD=record)
        self.assertEqual(result.returncode, 8, result.stderr)
        self.assertIn("state did not match", result.stderr)
        self.assertIn("possible forged redirect", result.stderr)
        self.assertEqual(result.stdout, "")
        code, status, page = self.recorded(record)
        self.assertEqual(status, 400)
        self.assertIn("state did not match", page)
        self.assert_quiet(result, code)
        self.assertEqual(self.served.count("oauth2.token"), exchanges, "the code was exchanged")
        self.assertIsNone(self.cached_token("forged"))

    def test_issuer_mix_up_is_refused(self):
        self.assertEqual(self.add("mixup").returncode, 0)
        exchanges = self.served.count("oauth2.token")
        result = self.run_cli(["token", "mixup"], TW_AUTH_BROWSER="iss-mismatch")
        self.assertEqual(result.returncode, 8, result.stderr)
        self.assertIn("evil.example", result.stderr)
        self.assertIn("mix-up", result.stderr)
        self.assertEqual(self.served.count("oauth2.token"), exchanges)
        self.assertIsNone(self.cached_token("mixup"))

    def test_denied_sign_in_fails_clearly(self):
        self.assertEqual(self.add("denied").returncode, 0)
        _, record = self.files()
        result = self.run_cli(["token", "denied"], TW_AUTH_BROWSER="deny", TW_AUTH_RECORD=record)
        self.assertEqual(result.returncode, 4, result.stderr)
        self.assertIn("sign-in was denied", result.stderr)
        self.assertIn("access_denied", result.stderr)
        self.assertIn("The user denied the request", result.stderr)
        self.assertEqual(result.stdout, "")
        self.assertIn("denied", self.recorded(record)[2])
        self.assertIsNone(self.cached_token("denied"))

    def test_a_browser_that_never_comes_back_times_out(self):
        self.assertEqual(self.add("gone").returncode, 0)
        started = time.monotonic()
        result = self.run_cli(["token", "gone", "--sign-in-timeout", "2"],
                              TW_AUTH_BROWSER="never")
        self.assertLess(time.monotonic() - started, 20)
        self.assertEqual(result.returncode, 4, result.stderr)
        self.assertIn("did not finish within 2 seconds", result.stderr)
        self.assertEqual(result.stdout, "")
        self.assertEqual(self.run_cli(["token", "gone", "--sign-in-timeout", "0"]).returncode, 2)

    def test_hostile_requests_to_the_loopback_port_do_not_end_the_flow(self):
        self.assertEqual(self.add("hostile").returncode, 0)
        _, record = self.files()
        result = self.run_cli(["token", "hostile"], TW_AUTH_BROWSER="hostile",
                              TW_AUTH_RECORD=record)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.count("\n"), 1)
        self.assertEqual(self.recorded(record)[1], 200)

    def test_no_browser_prints_the_url(self):
        self.assertEqual(self.add("manual", "--login-hint", "ann@example.com").returncode, 0)
        marker, record = self.files()
        process = subprocess.Popen([CLI, "token", "manual", "--no-browser"],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True,
                                   env=dict(self.env, TW_AUTH_MARKER=marker))
        line = process.stderr.readline()
        match = re.match(r"Open this URL to sign in: (\S+)$", line.strip())
        self.assertTrue(match, line)
        url = match.group(1)
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
        self.assertEqual(query["code_challenge_method"], "S256")
        self.assertEqual(query["login_hint"], "ann@example.com")
        self.assertRegex(query["redirect_uri"], r"^http://127\.0\.0\.1:\d+/callback$")
        self.assertGreaterEqual(len(query["state"]), 22)
        self.assertEqual(self.runs(marker), 0)
        # The person opens it by hand.
        subprocess.run([sys.executable, os.path.join(HERE, "auth_browser.py"), url],
                       env=dict(self.env, TW_AUTH_RECORD=record), check=True, timeout=60)
        out, err = process.communicate(timeout=60)
        self.assertEqual(process.returncode, 0, err)
        self.assertEqual(out.count("\n"), 1)
        self.assertNotIn(self.recorded(record)[0], line + err)

    def test_sandbox_refuses_a_replayed_code_plain_pkce_and_a_wrong_verifier(self):
        """The sandbox as a strict server, driven directly with our own PKCE pair."""
        issuer = self.info["issuer"]
        discovery = json.loads(urllib.request.urlopen(
            issuer + "/.well-known/openid-configuration", timeout=10).read())
        self.assertEqual(discovery["code_challenge_methods_supported"], ["S256"])
        self.assertIs(discovery["authorization_response_iss_parameter_supported"], True)
        authorize = discovery["authorization_endpoint"]
        redirect = "http://127.0.0.1:9/callback"
        opener = urllib.request.build_opener(NoRedirect)

        def location_of(url, data=None):
            try:
                opener.open(url, data=data, timeout=10)
            except urllib.error.HTTPError as answer:
                self.assertEqual(answer.code, 302)
                target = urllib.parse.urlsplit(answer.headers["Location"])
                self.assertEqual(urllib.parse.urlunsplit(target[:3] + ("", "")), redirect)
                return dict(urllib.parse.parse_qsl(target.query))
            self.fail("no redirect")

        def start(verifier, method="S256"):
            challenge = (base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                         .rstrip(b"=").decode() if method == "S256" else verifier)
            return authorize + "?" + urllib.parse.urlencode({
                "response_type": "code", "client_id": CLIENT, "redirect_uri": redirect,
                "state": "st", "code_challenge": challenge,
                "code_challenge_method": method})

        verifier = secrets.token_urlsafe(32)
        # plain is refused with an error redirect that still carries state and iss.
        refused = location_of(start(verifier, "plain"))
        self.assertEqual(refused["error"], "invalid_request")
        self.assertEqual((refused["state"], refused["iss"]), ("st", issuer))

        def approved_code(verifier):
            page = opener.open(start(verifier), timeout=10).read().decode()
            request = re.search(r'name=request value="([0-9a-f]+)"', page).group(1)
            answer = location_of(authorize, urllib.parse.urlencode(
                {"request": request, "action": "approve"}).encode())
            self.assertEqual((answer["state"], answer["iss"]), ("st", issuer))
            return answer["code"]

        exchange = {"grant_type": "authorization_code", "client_id": CLIENT,
                    "redirect_uri": redirect}
        code = approved_code(verifier)
        status, first = post(self.info["token_url"],
                             dict(exchange, code=code, code_verifier=verifier))
        self.assertEqual(status, 200, first)
        status, again = post(self.info["token_url"],
                             dict(exchange, code=code, code_verifier=verifier))
        self.assertEqual((status, again["error"]), (400, "invalid_grant"))
        self.assertIn("already used", again["error_description"])
        # RFC 6749 §4.1.2: what the replayed code gave is revoked.
        status, _ = post(self.info["token_url"], {"grant_type": "refresh_token",
                                                  "refresh_token": first["refresh_token"],
                                                  "client_id": CLIENT})
        self.assertEqual(status, 400)

        other = approved_code(verifier)
        status, wrong = post(self.info["token_url"],
                             dict(exchange, code=other, code_verifier=secrets.token_urlsafe(32)))
        self.assertEqual((status, wrong["error"]), (400, "invalid_grant"))
        self.assertIn("PKCE", wrong["error_description"])
        third = approved_code(verifier)
        status, moved = post(self.info["token_url"],
                             dict(exchange, code=third, code_verifier=verifier,
                                  redirect_uri="http://127.0.0.1:10/callback"))
        self.assertEqual((status, moved["error"]), (400, "invalid_grant"))
        self.assertIn("redirect_uri", moved["error_description"])


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(1 if failed else 0)
