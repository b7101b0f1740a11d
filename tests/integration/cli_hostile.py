"""tokenwright-cli against hostile servers and a failing keychain (issue 9; tests/SECURITY.md).

Real binary, real keychain (the runner's private gnome-keyring), hostile HTTP servers from
hostile_http.py on 127.0.0.1. Asserts exit codes, what stdout and stderr hold (never a
secret, never an escape sequence), and what a second, foreign server received.
"""

import base64
import json
import os
import subprocess
import sys
import tempfile
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from hostile_http import HostileServer  # noqa: E402
from sandbox_python_support import skip  # noqa: E402

CLI = sys.argv.pop(1)
SKIP = 77
SECRET = "Zq+7/u=:%&pK secret"
CLIENT = "hostile-client"
NO_BUS = "unix:path=/nonexistent/tokenwright-no-bus"


def secret_forms(secret=SECRET):
    raw = f"{CLIENT}:{secret}".encode()
    rfc = (urllib.parse.quote_plus(CLIENT) + ":" + urllib.parse.quote_plus(secret)).encode()
    return [secret.encode(), urllib.parse.quote(secret, safe="").encode(),
            urllib.parse.quote_plus(secret).encode(), json.dumps(secret)[1:-1].encode(),
            base64.b64encode(raw), base64.b64encode(rfc)]


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def leaks(data, secret=SECRET):
    data = data if isinstance(data, bytes) else data.encode()
    return [f for f in secret_forms(secret) if f in data]


class CliHostile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.config = tempfile.TemporaryDirectory()
        cls.env = dict(os.environ, TOKENWRIGHT_CONFIG_DIR=cls.config.name,
                       TOKENWRIGHT_KEYCHAIN_SERVICE="tokenwright-hostile-%d" % os.getpid())
        probe = cls.cli(["profiles", "add", "probe", "--kind", "oauth2", "--token-url",
                         "http://127.0.0.1:9/t", "--client-id", "x"], "s\n")
        if probe.returncode == 6:
            skip("no Secret Service reachable (run through scripts/test.sh)")
        assert probe.returncode == 0, probe.stderr
        cls.cli(["profiles", "remove", "probe"])
        cls.servers = []

    @classmethod
    def tearDownClass(cls):
        cls.config.cleanup()

    def tearDown(self):
        for server in self.servers:
            server.stop()
        self.servers = []
        listed = self.cli(["profiles", "list", "--json"])
        for profile in json.loads(listed.stdout) if listed.returncode == 0 else []:
            self.cli(["profiles", "remove", profile["id"]])

    @classmethod
    def cli(cls, args, stdin="", env=None, timeout=60):
        return subprocess.run([CLI, *args], input=stdin, capture_output=True, text=True,
                              env=env or cls.env, timeout=timeout)

    def server(self, script=None):
        s = HostileServer(script)
        self.servers.append(s)
        return s

    def add(self, name, server, *extra, kind="oauth2", secret=SECRET, env=None):
        args = ["profiles", "add", name, "--kind", kind, "--token-url", server.url("/token"),
                "--api-base", server.url("/api" if kind == "oauth2" else "/"),
                "--client-id", CLIENT, *extra]
        if kind == "oauth2" and "--client-auth" not in extra:
            args += ["--client-auth", "client_secret_post"]
        result = self.cli(args, secret + "\n", env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result

    def assertClean(self, result):
        """Nothing secret and no escape sequence in what the user sees."""
        for stream in (result.stdout, result.stderr):
            self.assertEqual(leaks(stream), [], stream)
            self.assertNotIn("\x1b", stream)
        self.assertNotIn("QIODevice", result.stderr)

    # --- §1 redirects ---

    def test_token_redirect_to_another_origin_sends_the_secret_nowhere(self):
        other = self.server(lambda s, r, h: HostileServer.token(h, "foreign-token-0123456789"))
        for status in (302, 307, 308):
            first = self.server(lambda s, r, h, st=status: HostileServer.redirect(
                h, st, other.url("/token")))
            self.add("redir-%d" % status, first)
            result = self.cli(["token", "redir-%d" % status])
            self.assertIn(result.returncode, (4, 5), result.stderr)
            self.assertEqual(result.stdout, "")
            self.assertIn(first.origin, result.stderr)
            self.assertIn(other.origin, result.stderr)
            self.assertIn("not following it with your credentials", result.stderr)
            self.assertClean(result)
        self.assertEqual(other.seen, [], "the second server received a request")

    # --- §2 token values and headers ---

    def test_a_token_with_control_characters_is_never_printed(self):
        server = self.server(lambda s, r, h: HostileServer.respond(
            h, 200, {"access_token": "ok\x1b]0;pwned\x07", "token_type": "bearer"}))
        self.add("ctl", server)
        result = self.cli(["token", "ctl"])
        self.assertEqual(result.returncode, 5, result.stderr)
        self.assertEqual(result.stdout, "")
        self.assertIn("access_token", result.stderr)
        self.assertClean(result)

    def test_request_headers_with_line_breaks_are_refused(self):
        server = self.server(lambda s, r, h: HostileServer.token(h))
        self.add("hdr", server)
        result = self.cli(["request", "hdr", "GET", "/x", "-H", "X-A: b\r\nX-Injected: 1"])
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertTrue(all("X-Injected" not in r.raw().decode() for r in server.seen))

    # --- §3 time ---

    def test_timeout_is_an_overall_deadline(self):
        server = self.server(lambda s, r, h: s.drip(h, b" " * 300, 1.0))
        self.add("drip", server)
        # The drip lasts 300 s: only the deadline ends the command before run()'s own 40 s.
        result = self.cli(["token", "drip", "--timeout", "2"], timeout=40)
        self.assertEqual(result.returncode, 5, result.stderr)
        self.assertIn("within 2 s", result.stderr)
        self.assertClean(result)

    def test_a_long_retry_after_fails_at_once(self):
        server = self.server(lambda s, r, h: HostileServer.respond(
            h, 429, {"error": "slow_down"}, [("Retry-After", "3600")]))
        self.add("slow", server)
        result = self.cli(["token", "slow"])
        self.assertEqual(result.returncode, 5, result.stderr)
        self.assertIn("3600 s", result.stderr)
        self.assertEqual(len(server.seen), 1)

    # --- §4 size ---

    def test_an_answer_over_the_body_cap_exits_non_zero(self):
        def script(s, r, h):
            if r.path == "/token":
                HostileServer.token(h)
            else:
                HostileServer.respond(h, 200, b"[" + b"1," * (1024 * 1024) + b"1]")
        self.add("big", self.server(script))
        result = self.cli(["request", "big", "GET", "/big", "--max-body", "1"])
        self.assertEqual(result.returncode, 5, result.stderr)
        self.assertEqual(result.stdout, "")

    # --- §5 keychain failures ---

    def test_edit_without_a_keychain_changes_nothing(self):
        server = self.server(lambda s, r, h: HostileServer.token(h) if SECRET.encode() in
                             urllib.parse.unquote_to_bytes(r.body.replace(b"+", b"%20"))
                             else HostileServer.respond(h, 401, {"error": "invalid_client"}))
        self.add("keep", server)
        profiles = os.path.join(self.config.name, "profiles.json")
        before = read(profiles)
        no_keychain = dict(self.env, DBUS_SESSION_BUS_ADDRESS=NO_BUS)
        result = self.cli(["profiles", "edit", "keep", "--secret-stdin", "--scope", "changed"],
                          "new-secret\n", env=no_keychain)
        self.assertEqual(result.returncode, 6, result.stderr)
        self.assertIn("not changed", result.stderr)
        self.assertEqual(read(profiles), before)
        # The old secret still works once the keychain is back.
        self.assertEqual(self.cli(["token", "keep"]).returncode, 0)

    def test_add_without_a_keychain_adds_nothing(self):
        server = self.server(lambda s, r, h: HostileServer.token(h))
        no_keychain = dict(self.env, DBUS_SESSION_BUS_ADDRESS=NO_BUS)
        result = self.cli(["profiles", "add", "ghost", "--kind", "oauth2", "--token-url",
                           server.url("/token"), "--client-id", CLIENT], SECRET + "\n",
                          env=no_keychain)
        self.assertEqual(result.returncode, 6, result.stderr)
        self.assertNotIn("ghost", self.cli(["profiles", "list"]).stdout)

    def test_remove_without_a_keychain_names_what_it_kept(self):
        def script(s, r, h):
            if r.path == "/token":
                HostileServer.token(h)
            else:
                HostileServer.respond(h, 200, {"ok": True})
        server = self.server(script)
        self.add("doomed", server)
        self.assertEqual(self.cli(["request", "doomed", "GET", "/x"]).returncode, 0)
        shown = json.loads(self.cli(["profiles", "show", "doomed", "--json"]).stdout)
        history = os.path.join(self.config.name, "history", shown["id"] + ".json")
        self.assertTrue(os.path.exists(history))
        no_keychain = dict(self.env, DBUS_SESSION_BUS_ADDRESS=NO_BUS)
        result = self.cli(["profiles", "remove", "doomed"], env=no_keychain)
        self.assertEqual(result.returncode, 6, result.stderr)
        self.assertIn("client_secret", result.stderr)
        self.assertNotIn("Removed", result.stderr)
        self.assertIn("doomed", self.cli(["profiles", "list"]).stdout)
        # Later, with the keychain: gone, and its history with it.
        result = self.cli(["profiles", "remove", "doomed"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertFalse(os.path.exists(history))

    # --- §6 customer ids ---

    def test_customer_ids_are_one_safe_segment(self):
        def script(s, r, h):
            if r.path == "/token":
                HostileServer.token(h, "msp-token-0123456789")
            else:
                HostileServer.token(h, "customer-token-0123456789")
        server = self.server(script)
        self.add("msp", server, kind="druva-msp")
        for bad in ("", ".", ".."):
            result = self.cli(["customer-token", "msp", bad])
            self.assertEqual(result.returncode, 2, (bad, result.stderr))
            self.assertEqual(result.stdout, "", bad)
            result = self.cli(["token", "msp", "--customer", bad])
            self.assertEqual(result.returncode, 2, (bad, result.stderr))
            self.assertEqual(result.stdout, "", bad)
        self.assertEqual(self.cli(["customer-token", "msp", "../../x"]).returncode, 0)
        minted = [r.path for r in server.seen if r.path != "/token"]
        self.assertEqual(minted, ["/msp/v2/customers/..%2F..%2Fx/token"])

    # --- §7 CSV ---

    def test_csv_cells_cannot_start_a_formula(self):
        def script(s, r, h):
            if r.path == "/token":
                HostileServer.token(h)
            else:
                HostileServer.respond(h, 200, {"customers": [
                    {"id": "=1+1", "customerName": "=HYPERLINK(\"http://x\")"},
                    {"id": "c2", "customerName": "+cmd|' /C calc'!A0"},
                    {"id": "c3", "customerName": "@SUM(1)"},
                    {"id": "c4", "customerName": "-2+3"},
                    {"id": "c5", "customerName": "\tTab"}], "nextPageToken": ""})
        self.add("csv", self.server(script), kind="druva-msp")
        result = self.cli(["customers", "csv", "--csv"])
        self.assertEqual(result.returncode, 0, result.stderr)
        for line in result.stdout.splitlines()[1:]:
            for cell in line.split(","):
                cell = cell.strip('"')
                self.assertFalse(cell[:1] in ("=", "+", "-", "@", "\t", "\r"), line)

    # --- §8 terminal safety and names ---

    def test_escape_sequences_from_servers_never_reach_the_terminal(self):
        server = self.server(lambda s, r, h: HostileServer.respond(
            h, 400, {"error": "invalid_scope\x1b[2J", "error_description": "\x1b]0;t\x07bad"}))
        self.add("esc", server)
        result = self.cli(["token", "esc"])
        self.assertEqual(result.returncode, 4, result.stderr)
        self.assertClean(result)
        self.assertIn("invalid_scope", result.stderr)

    def test_profile_names_are_plain_text(self):
        server = self.server()
        for name in ("bad\x1bname", "rtl\u202eevil", "tab\there"):
            result = self.cli(["profiles", "add", name, "--kind", "oauth2", "--token-url",
                               server.url("/token"), "--client-id", "x"], "s\n")
            self.assertEqual(result.returncode, 2, (name, result.stderr))
        self.add("first", server)
        first_id = json.loads(self.cli(["profiles", "show", "first", "--json"]).stdout)["id"]
        result = self.cli(["profiles", "add", first_id, "--kind", "oauth2", "--token-url",
                           server.url("/token"), "--client-id", "x"], "s\n")
        self.assertEqual(result.returncode, 2, result.stderr)
        result = self.cli(["profiles", "edit", "first", "--scope", "x"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr.strip(), 'Updated profile "first".')

    def test_a_duplicated_id_is_reported_not_loaded(self):
        server = self.server()
        self.add("one", server)
        path = os.path.join(self.config.name, "profiles.json")
        data = json.loads(read(path))
        twin = dict(data["profiles"][0], name="twin")
        data["profiles"].append(twin)
        text = json.dumps(data).encode()
        write(path, text)
        result = self.cli(["profiles", "list"])
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("same id", result.stderr)
        self.assertEqual(read(path), text)
        data["profiles"].pop()
        write(path, json.dumps(data).encode())

    # --- §9 redaction by value ---

    def test_our_secret_echoed_by_the_server_is_redacted(self):
        basic = base64.b64encode(f"{CLIENT}:{SECRET}".encode()).decode()
        echo = {"error": "invalid_client",
                "error_description": f"got {SECRET} / {urllib.parse.quote(SECRET)} / {basic}"}
        server = self.server(lambda s, r, h: HostileServer.respond(h, 401, echo))
        self.add("echo", server, "--client-auth", "basic-raw")
        result = self.cli(["token", "echo"])
        self.assertEqual(result.returncode, 4, result.stderr)
        self.assertClean(result)
        self.assertIn("redacted", result.stderr)

    # --- §10 TLS off ---

    def test_tls_off_warns_on_every_use(self):
        def script(s, r, h):
            if r.path == "/token":
                HostileServer.token(h)
            else:
                HostileServer.respond(h, 200, {"ok": True})
        self.add("notls", self.server(script), "--no-verify-tls")
        for args in (["token", "notls"], ["request", "notls", "GET", "/x"]):
            result = self.cli(args)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("TLS certificate verification is OFF", result.stderr)


if __name__ == "__main__":
    unittest.main()
