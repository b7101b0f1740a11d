"""private_key_jwt and client_secret_jwt through the real tokenwright-cli, the real keychain
(the runner's private gnome-keyring) and the sandbox's verifying token endpoint: keys from
stdin and from a file, RSA (PS256) and EC (ES256), and the PEM never reaches profiles.json,
the config directory or any output; keys that cannot sign are refused and nothing is stored."""

import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from sandbox_python_support import SandboxProcess, Served, skip  # noqa: E402

CLI = sys.argv.pop(1)
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")


def key_text(name):
    with open(os.path.join(DATA, name)) as f:
        return f.read()


def pem_fragments(pem):
    """Every 16-character piece of the PEM's base64 body: none may appear anywhere."""
    body = [line for line in pem.splitlines() if line and not line.startswith("-----")]
    return [line[i:i + 16] for line in body for i in range(0, len(line) - 15, 8)]


class ClientAssertionCli(unittest.TestCase):
    outputs = []

    @classmethod
    def setUpClass(cls):
        cls.sandbox = SandboxProcess(CLI, "--token-lifetime", "120", "--verbose")
        cls.served = Served(cls.sandbox.process.stderr)
        cls.config = tempfile.TemporaryDirectory()
        cls.env = dict(os.environ,
                       TOKENWRIGHT_CONFIG_DIR=cls.config.name,
                       TOKENWRIGHT_KEYCHAIN_SERVICE="tokenwright-jwt-%d" % os.getpid())
        probe = cls.run_cli(["profiles", "add", "probe", "--kind", "druva",
                             "--token-url", "http://127.0.0.1:9/token",
                             "--api-base", "http://127.0.0.1:9", "--client-id", "x"], "s\n")
        if probe.returncode == 6:
            cls.sandbox.stop()
            skip("no Secret Service reachable (run through scripts/test.sh)")
        assert probe.returncode == 0, probe.stderr
        cls.run_cli(["profiles", "remove", "probe"])
        cls.info = cls.sandbox.provider("oauth2")

    @classmethod
    def tearDownClass(cls):
        for name in ("rsa", "ec", "hs"):
            cls.run_cli(["profiles", "remove", name])
        cls.sandbox.stop()
        cls.config.cleanup()

    @classmethod
    def run_cli(cls, args, stdin=""):
        result = subprocess.run([CLI, *args], input=stdin, capture_output=True, text=True,
                                env=cls.env, timeout=60)
        cls.outputs.append(result.stdout + result.stderr)
        return result

    def add(self, name, client_id, *extra, stdin=""):
        return self.run_cli(["profiles", "add", name, "--kind", "oauth2",
                             "--token-url", self.info["token_url"],
                             "--api-base", self.info["api_base"],
                             "--client-id", client_id, *extra], stdin)

    def assert_token_twice(self, name):
        before = self.served.count("oauth2.token")
        first = self.run_cli(["token", name])
        self.assertEqual(first.returncode, 0, first.stderr)
        # --force signs a new assertion: the sandbox refuses a reused jti.
        forced = self.run_cli(["token", name, "--force"])
        self.assertEqual(forced.returncode, 0, forced.stderr)
        self.assertNotEqual(first.stdout, forced.stdout)
        self.assertEqual(self.served.count("oauth2.token"), before + 2)

    def assert_key_nowhere(self, pem):
        fragments = pem_fragments(pem)
        self.assertTrue(fragments)
        for root, _, files in os.walk(self.config.name):
            for file in files:
                with open(os.path.join(root, file), errors="replace") as f:
                    text = f.read()
                self.assertNotIn("PRIVATE KEY", text, file)
                for fragment in fragments:
                    self.assertNotIn(fragment, text, file)
        for output in self.outputs:
            self.assertNotIn("PRIVATE KEY", output)
            for fragment in fragments:
                self.assertNotIn(fragment, output)

    def test_rsa_key_from_stdin_signs_ps256(self):
        pem = key_text("client-rsa-pkcs1.pem")
        added = self.add("rsa", self.info["jwt_rsa_client_id"], "--client-auth",
                         "private_key_jwt", "--private-key-stdin", "--key-id", "tw-demo-rsa-1",
                         "--signing-alg", "PS256", stdin=pem)
        self.assertEqual(added.returncode, 0, added.stderr)
        self.assert_token_twice("rsa")
        shown = self.run_cli(["profiles", "show", "rsa"])
        self.assertIn("private_key_jwt", shown.stdout)
        self.assertIn("tw-demo-rsa-1", shown.stdout)
        self.assertIn("PS256", shown.stdout)
        self.run_cli(["profiles", "export"])
        self.assert_key_nowhere(pem)

    def test_ec_key_from_file_signs_es256(self):
        pem = key_text("client-ec-sec1.pem")
        added = self.add("ec", self.info["jwt_ec_client_id"], "--client-auth", "private_key_jwt",
                         "--private-key-file", os.path.join(DATA, "client-ec-sec1.pem"))
        self.assertEqual(added.returncode, 0, added.stderr)
        self.assert_token_twice("ec")
        self.assert_key_nowhere(pem)

    def test_client_secret_jwt_uses_the_secret(self):
        added = self.add("hs", self.info["client_id"], "--client-auth", "client_secret_jwt",
                         stdin=self.info["client_secret"] + "\n")
        self.assertEqual(added.returncode, 0, added.stderr)
        self.assert_token_twice("hs")

    def test_unusable_keys_are_refused_and_nothing_is_stored(self):
        rsa = key_text("client-rsa-pkcs8.pem")
        garbled = rsa[:120] + "!!!!" + rsa[124:]
        cases = [
            (garbled, [], "does not parse"),
            (rsa[: len(rsa) // 2], [], "does not parse"),
            (key_text("client-ec-pkcs8.pem"), ["--signing-alg", "RS256"], "needs an RSA key"),
            (rsa, ["--signing-alg", "HS512"], "--signing-alg"),
        ]
        for pem, extra, message in cases:
            result = self.add("bad", self.info["jwt_rsa_client_id"], "--client-auth",
                              "private_key_jwt", "--private-key-stdin", *extra, stdin=pem)
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertIn(message, result.stderr)
            for fragment in pem_fragments(rsa):
                self.assertNotIn(fragment, result.stderr)
        missing = self.add("bad", self.info["jwt_rsa_client_id"], "--client-auth",
                           "private_key_jwt")
        self.assertEqual(missing.returncode, 2)
        self.assertIn("needs the private key", missing.stderr)
        wrong_method = self.add("bad", self.info["jwt_rsa_client_id"], "--private-key-stdin",
                                stdin=rsa)
        self.assertEqual(wrong_method.returncode, 2)
        listed = self.run_cli(["profiles", "list", "--names"])
        self.assertNotIn("bad", listed.stdout.split())


if __name__ == "__main__":
    unittest.main()
