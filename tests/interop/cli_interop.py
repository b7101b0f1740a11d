"""tokenwright-cli against a certified OpenID provider: npm's oidc-provider (provider.mjs, the
clients of clients.json) on 127.0.0.1, real binary, real keychain. Every client
authentication method for client credentials, the device grant and the authorization code
grant with PKCE through its sign-in pages (a scripted browser, $BROWSER), revocation and
introspection — each checked at the provider itself (introspection, userinfo).

Usage: cli_interop.py TOKENWRIGHT_CLI WORK_DIR. The npm package is installed into WORK_DIR
with `npm ci` from package-lock.json, once per lockfile. Skips (77; a failure under
TOKENWRIGHT_TESTS_REQUIRE_ALL=1) without node/npm, without the npm registry, or without a
Secret Service."""

import hashlib
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
from sandbox_python_support import skip  # noqa: E402

CLI = sys.argv.pop(1)
WORK = os.path.abspath(sys.argv.pop(1))
DATA = os.path.join(HERE, "..", "data")
with open(os.path.join(HERE, "clients.json"), encoding="utf-8") as f:
    SPEC = json.load(f)
CLIENTS = SPEC["clients"]
BROWSER = "%s %s" % (sys.executable, os.path.join(HERE, "interop_browser.py"))
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


def install_provider():
    """npm ci into WORK from the lockfile; skipped when WORK already holds this lockfile's
    install (a stamp with the lockfile's hash), so reruns cost nothing."""
    node = shutil.which("node") or shutil.which("nodejs")
    npm = shutil.which("npm")
    if not node or not npm:
        skip("node and npm are needed for the oidc-provider interop tests (Debian: nodejs npm)")
    os.makedirs(WORK, exist_ok=True)
    with open(os.path.join(HERE, "package-lock.json"), "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    stamp = os.path.join(WORK, "installed.sha256")
    # ESM resolves `import 'oidc-provider'` next to the script: it runs from WORK.
    for name in ("package.json", "package-lock.json", "provider.mjs"):
        shutil.copyfile(os.path.join(HERE, name), os.path.join(WORK, name))
    if os.path.exists(stamp):
        with open(stamp, encoding="ascii") as f:
            if f.read() == digest:
                return node
    result = subprocess.run([npm, "ci", "--prefix", WORK, "--ignore-scripts", "--no-audit",
                             "--no-fund"], capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        ping = subprocess.run([npm, "ping"], capture_output=True, text=True, timeout=60)
        if ping.returncode != 0:
            skip("the npm registry cannot be reached: " + ping.stderr.strip()[-300:])
        raise RuntimeError("npm ci failed:\n" + result.stderr[-3000:])
    with open(stamp, "w") as f:
        f.write(digest)
    return node


class Provider:
    def __init__(self, node):
        self.log = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(
            [node, os.path.join(WORK, "provider.mjs"), os.path.join(HERE, "clients.json"), DATA],
            cwd=WORK, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True)
        ready, _, _ = select.select([self.process.stdout], [], [], 30)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            self.stop()
            self.log.seek(0)
            raise RuntimeError("oidc-provider did not start:\n" + self.log.read())
        self.issuer = "http://127.0.0.1:%d" % json.loads(line)["port"]
        with urllib.request.urlopen(self.issuer + "/.well-known/openid-configuration",
                                    timeout=10) as answer:
            self.metadata = json.load(answer)

    def stop(self):
        if self.process.poll() is None:
            self.process.stdin.close()  # provider.mjs exits when its stdin closes
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()
        self.log.close()

    def introspect(self, token):
        """Asks the introspection endpoint itself, as the resource server would (client
        cc-post may introspect every client's tokens: oidc-provider's default policy)."""
        body = urllib.parse.urlencode({"token": token, "client_id": "cc-post",
                                       "client_secret": CLIENTS["cc-post"]["secret"]})
        with urllib.request.urlopen(self.metadata["introspection_endpoint"], body.encode(),
                                    timeout=10) as answer:
            return json.load(answer)

    def userinfo(self, token):
        request = urllib.request.Request(self.metadata["userinfo_endpoint"],
                                         headers={"Authorization": "Bearer " + token})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, json.load(answer)
        except urllib.error.HTTPError as error:
            return error.code, None


class OidcProviderInterop(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.provider = Provider(install_provider())
        cls.config = tempfile.TemporaryDirectory()
        cls.data = tempfile.TemporaryDirectory()
        cls.env = dict(os.environ, BROWSER=BROWSER,
                       TOKENWRIGHT_CONFIG_DIR=cls.config.name,
                       TOKENWRIGHT_DATA_DIR=cls.data.name,
                       TOKENWRIGHT_KEYCHAIN_SERVICE="tokenwright-interop-%d" % os.getpid())
        cls.env.pop("TW_INTEROP_ACTION", None)
        cls.names = []
        probe = cls.add_secret_client("probe", "cc-post", "client_secret_post")
        if probe.returncode == 6:
            cls.tearDownClass()
            skip("no Secret Service reachable (run through scripts/test.sh)")
        assert probe.returncode == 0, probe.stderr

    @classmethod
    def tearDownClass(cls):
        for name in cls.names:
            cls.run_cli(["profiles", "remove", name])
        cls.provider.stop()
        cls.config.cleanup()
        cls.data.cleanup()

    @classmethod
    def run_cli(cls, args, stdin="", env=None):
        return subprocess.run([CLI, *args], input=stdin, capture_output=True, text=True,
                              env=env or cls.env, timeout=60)

    @classmethod
    def add(cls, name, client_id, *extra, stdin=""):
        cls.names.append(name)
        return cls.run_cli(["profiles", "add", name, "--kind", "oauth2",
                            "--issuer", cls.provider.issuer, "--client-id", client_id, *extra],
                           stdin)

    @classmethod
    def add_secret_client(cls, name, client_id, auth, *extra):
        return cls.add(name, client_id, "--client-auth", auth, "--scope", "api:read", *extra,
                       stdin=CLIENTS[client_id]["secret"] + "\n")

    def add_key_client(self, name, client_id, *extra):
        entry = CLIENTS[client_id]
        with open(os.path.join(DATA, entry["key"]), encoding="ascii") as f:
            pem = f.read()
        added = self.add(name, client_id, "--client-auth", "private_key_jwt",
                         "--private-key-stdin", "--key-id", entry["kid"], "--scope", "api:read",
                         *extra, stdin=pem)
        self.assertEqual(added.returncode, 0, added.stderr)

    def token(self, name, *extra, env=None):
        result = self.run_cli(["token", name, "--json", *extra], env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def assert_client_credentials(self, name, client_id):
        """A token for the API from the token endpoint, active at the provider for this
        client, introspected through the CLI too, and no secret in any output."""
        token = self.token(name)
        self.assertFalse(token["cached"])
        self.assertEqual(token["scope"], "api:read")
        self.assertEqual(token["token_type"], "Bearer")
        seen = self.provider.introspect(token["access_token"])
        self.assertTrue(seen["active"], seen)
        self.assertEqual(seen["client_id"], client_id)
        self.assertEqual(seen["aud"], SPEC["resource"])
        self.assertEqual(seen["scope"], "api:read")
        self.assertTrue(self.token(name)["cached"])
        looked = self.run_cli(["introspect", name, "--json"])
        self.assertEqual(looked.returncode, 0, looked.stderr)
        answer = json.loads(looked.stdout)
        self.assertTrue(answer["active"])
        self.assertEqual(answer["client_id"], client_id)
        secret = CLIENTS[client_id].get("secret")
        if secret:
            for output in (looked.stdout, looked.stderr):
                self.assertNotIn(secret, output)
        return token["access_token"]

    # --- client credentials, one case per client authentication method -----------------

    def test_client_secret_basic(self):
        # The secret holds a space, '+', '/', '=' and '%': RFC 6749 §2.3.1 form-encodes them
        # before Base64, and oidc-provider decodes them so.
        self.assertEqual(self.add_secret_client("basic", "cc-basic",
                                                "client_secret_basic").returncode, 0)
        self.assert_client_credentials("basic", "cc-basic")

    def test_client_secret_post(self):
        self.assert_client_credentials("probe", "cc-post")

    def test_client_secret_jwt_hs256(self):
        self.assertEqual(self.add_secret_client("hs256", "cc-hs256",
                                                "client_secret_jwt").returncode, 0)
        self.assert_client_credentials("hs256", "cc-hs256")

    def test_private_key_jwt_rs256(self):
        self.add_key_client("rs256", "pk-rs256")
        self.assert_client_credentials("rs256", "pk-rs256")

    def test_private_key_jwt_ps256(self):
        # The same RSA key as RS256 (here in PKCS#1), registered for PS256 only: an RS256
        # assertion would be refused.
        self.add_key_client("ps256", "pk-ps256", "--signing-alg", "PS256")
        self.assert_client_credentials("ps256", "pk-ps256")

    def test_private_key_jwt_es256(self):
        self.add_key_client("es256", "pk-es256")
        self.assert_client_credentials("es256", "pk-es256")

    def test_wrong_secret_is_refused_without_echo(self):
        wrong = "not-the-secret-of-cc-basic"
        self.names.append("wrong")
        added = self.run_cli(["profiles", "add", "wrong", "--kind", "oauth2",
                              "--issuer", self.provider.issuer, "--client-id", "cc-basic",
                              "--client-auth", "client_secret_basic"], wrong + "\n")
        self.assertEqual(added.returncode, 0, added.stderr)
        result = self.run_cli(["token", "wrong"])
        self.assertEqual(result.returncode, 4, result.stderr)
        self.assertIn("invalid_client", result.stderr)
        self.assertEqual(result.stdout, "")
        self.assertNotIn(wrong, result.stderr)

    def test_wrong_signing_alg_is_refused(self):
        # pk-ps256 is registered for PS256: the provider refuses an RS256 assertion.
        self.add_key_client("ps256-as-rs256", "pk-ps256", "--signing-alg", "RS256")
        result = self.run_cli(["token", "ps256-as-rs256"])
        self.assertEqual(result.returncode, 4, result.stderr)
        self.assertIn("invalid_client", result.stderr)

    # --- --client-auth auto: the method from discovery and what the profile holds -----

    def test_auto_with_a_secret_is_basic(self):
        self.assertEqual(self.add_secret_client("auto-basic", "cc-basic", "auto").returncode, 0)
        shown = self.run_cli(["profiles", "show", "auto-basic"])
        self.assertRegex(shown.stdout, r"client auth\s+auto\n")
        self.assert_client_credentials("auto-basic", "cc-basic")

    def test_auto_with_a_key_is_private_key_jwt_everywhere(self):
        # oidc-provider lists no revocation_endpoint_auth_methods_supported: revocation
        # follows the token endpoint's list, so the key signs there too (a client without
        # a secret could not use RFC 8414's client_secret_basic default).
        entry = CLIENTS["pk-rs256"]
        with open(os.path.join(DATA, entry["key"]), encoding="ascii") as f:
            pem = f.read()
        added = self.add("auto-key", "pk-rs256", "--client-auth", "auto", "--private-key-stdin",
                         "--key-id", entry["kid"], "--scope", "api:read", stdin=pem)
        self.assertEqual(added.returncode, 0, added.stderr)
        first = self.assert_client_credentials("auto-key", "pk-rs256")
        result = self.run_cli(["revoke", "auto-key"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertFalse(self.provider.introspect(first)["active"])

    # --- revocation ---------------------------------------------------------------------

    def test_revoke_ends_the_token_at_the_provider(self):
        self.assertEqual(self.add_secret_client("revoked", "cc-basic",
                                                "client_secret_basic").returncode, 0)
        first = self.assert_client_credentials("revoked", "cc-basic")
        result = self.run_cli(["revoke", "revoked"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Revoked the access token", result.stderr)
        self.assertEqual(self.provider.introspect(first), {"active": False})
        # The cache was dropped: the next token is a new, active one.
        again = self.token("revoked")
        self.assertFalse(again["cached"])
        self.assertNotEqual(again["access_token"], first)
        self.assertTrue(self.provider.introspect(again["access_token"])["active"])

    def test_revoke_with_a_signed_assertion(self):
        # oidc-provider authenticates revocation like the token endpoint: the assertion's
        # audience (our token endpoint) is accepted there too.
        self.add_key_client("revoked-es256", "pk-es256")
        first = self.assert_client_credentials("revoked-es256", "pk-es256")
        result = self.run_cli(["revoke", "revoked-es256"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertFalse(self.provider.introspect(first)["active"])

    # --- device authorization grant (RFC 8628) ------------------------------------------

    def add_device(self, name, auth="none"):
        added = self.add(name, "device", "--grant", "device_code", "--client-auth", auth,
                         "--scope", "openid offline_access")
        self.assertEqual(added.returncode, 0, added.stderr)

    def browser_env(self, **extra):
        log = tempfile.NamedTemporaryFile(delete=False)
        log.close()
        self.addCleanup(os.unlink, log.name)
        return dict(self.env, TW_INTEROP_BROWSER_LOG=log.name, **extra), log.name

    def test_device_code_signs_in_refreshes_and_revokes(self):
        self.add_device("device")
        env, log = self.browser_env(TW_INTEROP_LOGIN="device-user")
        token = self.token("device", env=env)
        with open(log, encoding="utf-8") as f:
            self.assertIn("/device/", f.read().splitlines()[-1])  # the success page
        self.assertEqual(token["scope"], "openid offline_access")
        self.assertEqual(self.provider.userinfo(token["access_token"]),
                         (200, {"sub": "device-user"}))
        # --force renews with the refresh token: no browser ("false" would fail the run).
        no_browser = dict(self.env, BROWSER="false")
        forced = self.token("device", "--force", env=no_browser)
        self.assertNotEqual(forced["access_token"], token["access_token"])
        self.assertEqual(self.provider.userinfo(forced["access_token"])[0], 200)
        # oidc-provider rotates a public client's refresh token: the new one was kept, so a
        # second renewal works too (the first refresh token is spent).
        again = self.token("device", "--force", env=no_browser)
        self.assertNotEqual(again["access_token"], forced["access_token"])
        # A public client may introspect its own tokens.
        looked = self.run_cli(["introspect", "device", "--json"])
        self.assertEqual(looked.returncode, 0, looked.stderr)
        answer = json.loads(looked.stdout)
        self.assertTrue(answer["active"])
        self.assertEqual((answer["sub"], answer["client_id"]), ("device-user", "device"))
        forced = again
        result = self.run_cli(["revoke", "device"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("refresh token and the access token", result.stderr)
        self.assertEqual(self.provider.userinfo(forced["access_token"])[0], 401)
        self.assertFalse(self.provider.introspect(forced["access_token"])["active"])

    def test_device_code_denied(self):
        # auto with nothing stored: a public client, as registered.
        self.add_device("device-denied", auth="auto")
        env, log = self.browser_env(TW_INTEROP_ACTION="deny")
        result = self.run_cli(["token", "device-denied"], env=env)
        self.assertEqual(result.returncode, 4, result.stderr)
        self.assertIn("denied", result.stderr)
        self.assertEqual(result.stdout, "")

    # --- authorization code + PKCE (RFC 6749 §4.1, RFC 7636, RFC 8252) -----------------

    def authorization_code_or_skip(self):
        help_text = self.run_cli(["profiles", "add", "--help"]).stdout
        if "authorization_code" not in help_text:
            reason = ("tokenwright-cli has no --grant authorization_code yet "
                      "(`profiles add --help` does not list it)")
            print("SKIP authorization code cases: " + reason, file=sys.stderr)
            self.skipTest(reason)

    def add_native(self, name):
        added = self.add(name, "native", "--grant", "authorization_code",
                         "--scope", "openid offline_access", "--client-auth", "none")
        self.assertEqual(added.returncode, 0, added.stderr)

    def test_authorization_code_with_pkce(self):
        self.authorization_code_or_skip()
        self.add_native("native")
        env, log = self.browser_env(TW_INTEROP_LOGIN="code-user")
        token = self.token("native", env=env)
        with open(log, encoding="utf-8") as f:
            pages = f.read().splitlines()
        # The walk ended on tokenwright-cli's own loopback page, not the provider's.
        self.assertRegex(pages[-1], r"^200 http://127\.0\.0\.1:\d+/callback ")
        self.assertNotIn(self.provider.issuer, pages[-1])
        self.assertEqual(self.provider.userinfo(token["access_token"]),
                         (200, {"sub": "code-user"}))
        seen = self.provider.introspect(token["access_token"])
        self.assertTrue(seen["active"])
        self.assertEqual(seen["client_id"], "native")
        # Renewal by refresh token, silently: a browser would fail the run.
        forced = self.token("native", "--force", env=dict(self.env, BROWSER="false"))
        self.assertNotEqual(forced["access_token"], token["access_token"])
        self.assertEqual(self.provider.userinfo(forced["access_token"])[0], 200)
        result = self.run_cli(["revoke", "native"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.provider.userinfo(forced["access_token"])[0], 401)

    def test_authorization_code_denied(self):
        self.authorization_code_or_skip()
        self.add_native("native-denied")
        env, _ = self.browser_env(TW_INTEROP_ACTION="deny")
        result = self.run_cli(["token", "native-denied"], env=env)
        self.assertEqual(result.returncode, 4, result.stderr)
        self.assertIn("denied", result.stderr)
        self.assertEqual(result.stdout, "")


if __name__ == "__main__":
    unittest.main(verbosity=2)
