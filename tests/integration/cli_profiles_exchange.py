"""`profiles export` / `profiles import` end to end (issue 13): real binary, real keychain
(the runner's private gnome-keyring), the sandbox on 127.0.0.1.

A round trip of every kind moves no secret (the export is searched for every secret and
token, raw and encoded) and, given the secrets on stdin, the imported profiles fetch
tokens. Import refuses a newer format, unknown kinds, duplicate names and anything named
like a secret, naming the field; a taken name refuses the import unless --on-conflict says
skip, rename or replace; every refusal leaves profiles.json byte for byte as it was.
Export and an import without secrets never touch the keychain."""

import base64
import json
import os
import subprocess
import sys
import tempfile
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from sandbox_python_support import SandboxProcess  # noqa: E402

CLI = os.path.abspath(sys.argv.pop(1))
SKIP = 77
NO_BUS = "unix:path=/nonexistent/tokenwright-no-bus"


def forms(value):
    """A value as it could leak: raw, percent- and form-encoded, JSON-escaped, base64."""
    return {value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value),
            json.dumps(value)[1:-1], base64.b64encode(value.encode()).decode()}


class Exchange(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.service = "tokenwright-exchange-%d" % os.getpid()
        cls.env = cls.env_for("home")
        probe = cls.cli(["profiles", "add", "probe", "--kind", "oauth2", "--token-url",
                         "http://127.0.0.1:9/t", "--client-id", "x"], "s\n")
        if probe.returncode == 6:
            print("SKIP: no Secret Service reachable (run through scripts/test.sh)",
                  file=sys.stderr)
            sys.exit(SKIP)
        assert probe.returncode == 0, probe.stderr
        cls.cli(["profiles", "remove", "probe"])
        cls.sandbox = SandboxProcess(CLI, "--token-lifetime", "300")

    @classmethod
    def tearDownClass(cls):
        machines = [d for d in os.listdir(cls.tmp.name)
                    if os.path.isdir(os.path.join(cls.tmp.name, d))]
        for env in map(cls.env_for, machines):
            listed = cls.cli(["profiles", "list", "--json"], env=env)
            for profile in json.loads(listed.stdout) if listed.returncode == 0 else []:
                cls.cli(["profiles", "remove", profile["id"]], env=env)
        cls.sandbox.stop()
        cls.tmp.cleanup()

    @classmethod
    def env_for(cls, machine):
        return dict(os.environ, TOKENWRIGHT_CONFIG_DIR=os.path.join(cls.tmp.name, machine),
                    TOKENWRIGHT_KEYCHAIN_SERVICE=cls.service + "-" + machine)

    @classmethod
    def cli(cls, args, stdin="", env=None):
        return subprocess.run([CLI, *args], input=stdin, capture_output=True, text=True,
                              env=env or cls.env, timeout=60)

    def store_bytes(self, env):
        path = os.path.join(env["TOKENWRIGHT_CONFIG_DIR"], "profiles.json")
        if not os.path.exists(path):
            return None
        with open(path, "rb") as f:
            return f.read()

    def write(self, name, document):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w") as f:
            f.write(document if isinstance(document, str) else json.dumps(document))
        return path

    def add_every_kind(self, env, prefix):
        """One profile per kind, each with its secret(s); returns name -> secret lines."""
        p = self.sandbox.provider
        added = {}

        def add(name, args, secret):
            result = self.cli(["profiles", "add", prefix + name, *args], secret + "\n", env)
            self.assertEqual(result.returncode, 0, result.stderr)
            added[prefix + name] = secret

        for name, provider, kind in (("msp", "druva-msp", "druva-msp"),
                                     ("cloud", "druva", "druva"),
                                     ("generic", "oauth2", "oauth2")):
            info = p(provider)
            add(name, ["--kind", kind, "--token-url", info["token_url"], "--api-base",
                       info["api_base"], "--client-id", info["client_id"],
                       "--param", "tenant=t1"], info["client_secret"])
        info = p("oidc")
        add("portal", ["--kind", "oidc", "--issuer", info["issuer"], "--api-base",
                       info["api_base"], "--client-id", info["client_id"]],
            info["client_secret"])
        info = p("commvault")
        add("cv", ["--kind", "commvault", "--api-base", info["api_base"], "--created",
                   info["created"]], info["access_token"] + "\n" + info["refresh_token"])
        return added

    def comparable(self, env):
        listed = json.loads(self.cli(["profiles", "list", "--json"], env=env).stdout)
        out = {}
        for profile in listed:
            for volatile in ("id", "created_at", "updated_at"):
                profile.pop(volatile, None)
            profile.get("commvault", {}).pop("created", None)
            out[profile.pop("name")] = profile
        return out

    def test_round_trip_moves_no_secret_and_imports_with_secrets(self):
        home, other = self.env_for("rt-home"), self.env_for("rt-other")
        secrets = self.add_every_kind(home, "rt-")
        tokens = []
        for name in secrets:
            token = self.cli(["token", name], env=home)
            self.assertEqual(token.returncode, 0, token.stderr)
            tokens.append(token.stdout.strip())
        path = os.path.join(self.tmp.name, "export.json")
        # Export never touches the keychain: it works with no D-Bus at all.
        exported = self.cli(["profiles", "export", *secrets, "-o", path],
                            env=dict(home, DBUS_SESSION_BUS_ADDRESS=NO_BUS))
        self.assertEqual(exported.returncode, 0, exported.stderr)
        self.assertEqual(exported.stdout, "")
        self.assertEqual(os.stat(path).st_mode & 0o077, 0)
        with open(path) as f:
            text = f.read()
        document = json.loads(text)
        self.assertEqual(document["format"], "tokenwright-profiles")
        self.assertEqual(document["format_version"], 1)
        self.assertEqual(len(document["profiles"]), len(secrets))
        for value in list(secrets.values()) + tokens:
            for line in value.splitlines():
                for form in forms(line):
                    self.assertNotIn(form, text)
        for field in ("secret_keys", "id", "client_secret", "access_token", "refresh_token",
                      "password"):
            self.assertNotIn('"%s":' % field, text)
        self.assertEqual(self.cli(["profiles", "export"], env=home).stdout.count('"name"'),
                         len(secrets))

        stdin = "".join(secrets[name] + "\n" for name in secrets)  # file order
        imported = self.cli(["profiles", "import", path, "--with-secrets-stdin"], stdin, other)
        self.assertEqual(imported.returncode, 0, imported.stderr)
        self.assertEqual(len(imported.stdout.splitlines()), len(secrets))
        self.assertEqual(self.comparable(other), self.comparable(home))
        for name in secrets:
            token = self.cli(["token", name, "--force"], env=other)
            self.assertEqual(token.returncode, 0, name + ": " + token.stderr)

    def test_import_without_secrets_needs_no_keychain(self):
        home = self.env_for("home")
        info = self.sandbox.provider("druva")
        added = self.cli(["profiles", "add", "bare", "--kind", "druva", "--token-url",
                          info["token_url"], "--api-base", info["api_base"], "--client-id",
                          info["client_id"]], info["client_secret"] + "\n", home)
        self.assertEqual(added.returncode, 0, added.stderr)
        path = os.path.join(self.tmp.name, "bare.json")
        self.assertEqual(self.cli(["profiles", "export", "bare", "-o", path], env=home)
                         .returncode, 0)
        elsewhere = dict(self.env_for("nobus"), DBUS_SESSION_BUS_ADDRESS=NO_BUS)
        imported = self.cli(["profiles", "import", path], env=elsewhere)
        self.assertEqual(imported.returncode, 0, imported.stderr)
        self.assertIn("no secret yet", imported.stderr)
        self.assertIn("bare", self.cli(["profiles", "list", "--names"], env=elsewhere).stdout)

    def test_conflicts(self):
        env = self.env_for("conflicts")
        info = self.sandbox.provider("druva")
        base = ["--kind", "druva", "--token-url", info["token_url"], "--client-id", "one"]
        self.assertEqual(self.cli(["profiles", "add", "prod", *base, "--api-base",
                                   info["api_base"]], "s\n", env).returncode, 0)
        document = json.loads(self.cli(["profiles", "export"], env=env).stdout)
        document["profiles"][0]["client_id"] = "two"
        document["profiles"].append(dict(document["profiles"][0], name="fresh"))
        path = self.write("conflict.json", document)
        before = self.store_bytes(env)

        refused = self.cli(["profiles", "import", path], env=env)
        self.assertEqual(refused.returncode, 2, refused.stderr)
        self.assertIn("prod", refused.stderr)
        self.assertIn("--on-conflict", refused.stderr)
        self.assertEqual(self.store_bytes(env), before, "a refused import changed the store")

        skipped = self.cli(["profiles", "import", path, "--on-conflict", "skip"], env=env)
        self.assertEqual(skipped.returncode, 0, skipped.stderr)
        self.assertIn('skipped "prod"', skipped.stdout)
        shown = json.loads(self.cli(["profiles", "show", "prod", "--json"], env=env).stdout)
        self.assertEqual(shown["client_id"], "one")
        self.assertIn('added "fresh"', skipped.stdout)

        renamed = self.cli(["profiles", "import", path, "--on-conflict", "rename"], env=env)
        self.assertEqual(renamed.returncode, 0, renamed.stderr)
        names = self.cli(["profiles", "list", "--names"], env=env).stdout.splitlines()
        self.assertEqual(sorted(names), ["fresh", "fresh (2)", "prod", "prod (2)"])

        replaced = self.cli(["profiles", "import", path, "--on-conflict", "replace"], env=env)
        self.assertEqual(replaced.returncode, 0, replaced.stderr)
        after = json.loads(self.cli(["profiles", "show", "prod", "--json"], env=env).stdout)
        self.assertEqual((after["id"], after["client_id"]), (shown["id"], "two"))

        other_kind = json.loads(json.dumps(document))
        other_kind["profiles"] = [dict(document["profiles"][0], kind="oauth2")]
        before = self.store_bytes(env)
        result = self.cli(["profiles", "import", self.write("kind.json", other_kind),
                           "--on-conflict", "replace"], env=env)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("kind cannot change", result.stderr)
        self.assertEqual(self.store_bytes(env), before)
        bad = self.cli(["profiles", "import", path, "--on-conflict", "merge"], env=env)
        self.assertEqual(bad.returncode, 2)

    def test_bad_files_are_refused_naming_the_field(self):
        env = self.env_for("bad")
        self.cli(["profiles", "add", "keep", "--kind", "oauth2", "--token-url",
                  "http://127.0.0.1:9/t", "--client-id", "x"], "s\n", env)
        before = self.store_bytes(env)
        good = {"name": "new", "kind": "oauth2", "token_url": "http://127.0.0.1:9/t",
                "client_id": "c"}

        def doc(*profiles, version=1, **extra):
            return dict(format="tokenwright-profiles", format_version=version,
                        profiles=list(profiles), **extra)

        cases = [
            ("newer", doc(good, version=2), "newer Tokenwright"),
            ("kind", doc(dict(good, kind="vault")), "profiles[0] (\"new\").kind"),
            ("dupe", doc(good, dict(good, name="NEW")), "profiles[1].name"),
            ("secret", doc(dict(good, client_secret="s3cr3t")), "profiles[0].client_secret"),
            ("token", doc(dict(good, access_token="t")), "profiles[0].access_token"),
            ("option", doc(dict(good, options={"password": "p"})),
             "profiles[0].options.password"),
            ("param", doc(dict(good, extra_params=[["api_key", "k"]])), "extra_params[0]"),
            ("root", doc(good, refresh_token="r"), "document.refresh_token"),
            ("auth", doc(dict(good, client_auth="magic")), "client_auth"),
            ("url", doc(dict(good, token_url="not a url")), "profiles[0]"),
            ("format", {"format_version": 1, "profiles": []}, "Not a Tokenwright profile"),
            ("json", "{not json", "Not valid JSON"),
        ]
        for name, document, expected in cases:
            result = self.cli(["profiles", "import", self.write(name + ".json", document)],
                              env=env)
            self.assertEqual(result.returncode, 2, name + ": " + result.stderr)
            self.assertIn(expected, result.stderr, name)
            self.assertIn("Nothing was imported", result.stderr, name)
            self.assertNotIn("s3cr3t", result.stderr)
            self.assertEqual(self.store_bytes(env), before, name)
        missing = self.cli(["profiles", "import", os.path.join(self.tmp.name, "none.json")],
                           env=env)
        self.assertEqual(missing.returncode, 3)

        short = self.cli(["profiles", "import", self.write("two.json", doc(
            good, dict(good, name="other"))), "--with-secrets-stdin"], "only-one\n", env)
        self.assertEqual(short.returncode, 2, short.stderr)
        self.assertIn('No secret for "other"', short.stderr)
        self.assertEqual(self.store_bytes(env), before)

        out = os.path.join(self.tmp.name, "never.json")
        unknown = self.cli(["profiles", "export", "keep", "nobody", "-o", out], env=env)
        self.assertEqual(unknown.returncode, 3)
        self.assertFalse(os.path.exists(out))

    def test_export_leaves_out_parameters_named_like_secrets(self):
        env = self.env_for("params")
        added = self.cli(["profiles", "add", "p", "--kind", "oauth2", "--token-url",
                          "http://127.0.0.1:9/t", "--client-id", "x", "--param",
                          "client_assertion=eyJhbGciOi.secret-value", "--param", "tenant=t1"],
                         "s\n", env)
        self.assertEqual(added.returncode, 0, added.stderr)
        exported = self.cli(["profiles", "export", "p"], env=env)
        self.assertEqual(exported.returncode, 0)
        self.assertNotIn("secret-value", exported.stdout)
        self.assertIn("tenant", exported.stdout)
        self.assertIn("client_assertion", exported.stderr)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(1 if failed else 0)
