"""The fault matrix (issue 15): tokenwright-cli against every fault a network or server throws.

One row per fault. Each row runs the real CLI against servers on 127.0.0.1 (hostile_http.py,
plus a TLS one with the self-signed certificate in tests/data) and asserts
  - the exact message on stderr (the server's address written as {server}),
  - the exit code,
  - that the next normal call with the same profile works (the fault left nothing behind:
    no poisoned cache, no stuck lock, no half-written profile).

The rows are the source of tests/FAULTS.md: the run writes the table into the working
directory (faults-table.md) and fails when the committed file differs. To regenerate it:
    TW_UPDATE_FAULTS=1 TW_SANITIZE=0 scripts/test.sh -R cli_faults
(scripts/test.sh provides the keychain; a plain ctest run skips this test.)

Usage: cli_faults.py TOKENWRIGHT_CLI   (needs a Secret Service: exits 77 without one)
"""

import json
import os
import re
import socket
import ssl
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from hostile_http import HostileServer  # noqa: E402

CLI = sys.argv.pop(1) if __name__ == "__main__" else None
SKIP = 77
SOURCE = os.path.dirname(os.path.dirname(HERE))
FAULTS_MD = os.path.join(SOURCE, "tests", "FAULTS.md")
CERT = os.path.join(SOURCE, "tests", "data", "loopback-cert.pem")
KEY = os.path.join(SOURCE, "tests", "data", "loopback-key.pem")
SECRET = "fault-matrix-secret"
GOOD_TOKEN = "good-token-0123456789"


def token_answer(handler, access_token=GOOD_TOKEN, **fields):
    body = dict(access_token=access_token, token_type="Bearer", expires_in=900)
    body.update(fields)
    HostileServer.respond(handler, 200, body)


class Switchable:
    """A HostileServer whose token endpoint answers with `fault` until `fault` is None, then
    normally. The API (/api/…) answers with `api_fault` while set, else 200 with the bearer
    token it got, or 401 for a token in `revoked`."""

    def __init__(self, port=0):
        self.fault = None
        self.api_fault = None
        self.revoked = set()
        self.issued = 0
        self.server = HostileServer(self.answer, port)

    def answer(self, server, request, handler):
        if request.path.startswith("/api") and self.api_fault:
            self.api_fault(server, request, handler)
            return
        if request.path.startswith("/api"):
            bearer = (request.header("Authorization") or "").removeprefix("Bearer ")
            if bearer in self.revoked or not bearer:
                HostileServer.respond(handler, 401, {"error": "invalid_token"})
            else:
                HostileServer.respond(handler, 200, {"items": [1, 2], "token": bearer})
            return
        if self.fault:
            self.fault(server, request, handler)
            return
        self.issued += 1
        token_answer(handler, "%s-%d" % (GOOD_TOKEN, self.issued))

    @property
    def origin(self):
        return self.server.origin

    def url(self, path):
        return self.server.url(path)

    def stop(self):
        self.server.stop()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TlsServer:
    """HTTPS on 127.0.0.1 with the self-signed loopback certificate: a token endpoint."""

    def __init__(self):
        self.server = HostileServer(lambda s, r, h: token_answer(h))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(CERT, KEY)
        self.server.httpd.socket = context.wrap_socket(self.server.httpd.socket,
                                                       server_side=True)

    @property
    def origin(self):
        return "https://127.0.0.1:%d" % self.server.httpd.server_address[1]

    def url(self, path):
        return self.origin + path

    def stop(self):
        self.server.stop()


# --- the rows -------------------------------------------------------------------------------
#
# Each row: the fault as the table names it, the exact stderr expected ({server} = the
# server's origin), the exit code, and how it is made: a `setup(case)` that returns the CLI
# arguments of the faulty call and a `recover()` that makes the next call normal (or checks
# that the call recovered by itself).

ROWS = []


def row(fault, message, exit_code, name):
    def register(setup):
        ROWS.append(dict(fault=fault, message=message, exit=exit_code, name=name, setup=setup))
        return setup
    return register


def answering(status, body, headers=()):
    return lambda s, r, h: HostileServer.respond(h, status, body, headers)


@row("connection refused",
     'tokenwright-cli: The token request could not reach 127.0.0.1: Connection refused',
     5, "connection_refused")
def _(case):
    port = free_port()
    case.add("refused", "http://127.0.0.1:%d/token" % port)

    def recover():
        case.live = Switchable(port)
        case.servers.append(case.live)
    return ["token", "refused"], recover


@row("DNS failure (host nonexistent.invalid)",
     'tokenwright-cli: The token request could not reach nonexistent.invalid: Host nonexistent.invalid not found',
     5, "dns_failure")
def _(case):
    case.add("dns", "https://nonexistent.invalid/token")

    def recover():
        live = case.switchable()
        case.edit("dns", "--token-url", live.url("/token"))
    return ["token", "dns"], recover


@row("timeout (no answer within --timeout 2)",
     'tokenwright-cli: The token request timed out: No complete answer from {server} within 2 s.',
     5, "timeout")
def _(case):
    live = case.switchable()
    live.fault = lambda s, r, h: s.drip(h, b" " * 60, 1.0)
    case.add("slow", live.url("/token"))

    def recover():
        live.fault = None
    return ["token", "slow", "--timeout", "2"], recover


@row("TLS failure (self-signed certificate), then the profile's CA file",
     'tokenwright-cli: The token request could not reach 127.0.0.1: SSL handshake failed: '
     'The certificate is self-signed, and untrusted',
     5, "tls_failure")
def _(case):
    tls = TlsServer()
    case.servers.append(tls)
    case.live = tls
    case.add("tls", tls.url("/token"))

    def recover():
        case.edit("tls", "--ca-file", CERT)
    return ["token", "tls"], recover


@row("HTTP 500",
     'tokenwright-cli: The token request failed: the server had an internal error (HTTP 500) [Internal Server Error]',
     5, "http_500")
def _(case):
    return case.token_fault(answering(500, b"Internal Server Error"))


@row("HTML 502 from a proxy",
     'tokenwright-cli: The token request failed: bad gateway (HTTP 502) [the server sent an HTML page titled "502 Bad Gateway"]',
     5, "html_502")
def _(case):
    return case.token_fault(answering(
        502, b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
        [("Content-Type", "text/html")]))


@row("429 with Retry-After: 1, then an answer",
     '',
     0, "rate_limited_retry_after")
def _(case):
    live = case.switchable()
    calls = []

    def once(s, r, h):
        calls.append(1)
        if len(calls) == 1:
            HostileServer.respond(h, 429, {"error": "slow_down"}, [("Retry-After", "1")])
        else:
            token_answer(h)
    live.fault = once
    case.add("ratelimited", live.url("/token"))
    # Recovered within the call: asked exactly twice.
    return ["token", "ratelimited"], lambda: case.assertEqual(len(calls), 2)


@row("429 without Retry-After, every time",
     'tokenwright-cli: The token request failed: too many requests (HTTP 429): too_many_requests',
     5, "rate_limited_no_retry_after")
def _(case):
    return case.token_fault(answering(429, {"error": "too_many_requests"}))


@row("429 with a Retry-After over the cap (3600 s)",
     'tokenwright-cli: The token request failed: too many requests. {server} asked to be called again in 3600 s (at {time}); not waiting longer than 60 s. (HTTP 429): slow_down',
     5, "rate_limited_long")
def _(case):
    return case.token_fault(answering(429, {"error": "slow_down"}, [("Retry-After", "3600")]))


@row("401 on a revoked token mid-session (API call)",
     '',
     0, "revoked_token_mid_session")
def _(case):
    live = case.switchable()
    case.add("revoked", live.url("/token"))
    first = case.cli(["token", "revoked"])
    case.assertEqual(first.returncode, 0, first.stderr)
    live.revoked.add(first.stdout.strip())
    # Recovered within the call: the 401 cost exactly one new token.
    return ["request", "revoked", "GET", "/items"], lambda: case.assertEqual(live.issued, 2)


@row("invalid_client",
     'tokenwright-cli: The token request failed: the credentials were refused (HTTP 401): invalid_client — Client authentication failed',
     4, "invalid_client")
def _(case):
    return case.token_fault(answering(
        401, {"error": "invalid_client", "error_description": "Client authentication failed"}))


@row("invalid_scope",
     "tokenwright-cli: The token request failed: the request was rejected (HTTP 400): invalid_scope — Scope 'x' is not allowed",
     4, "invalid_scope")
def _(case):
    return case.token_fault(answering(
        400, {"error": "invalid_scope", "error_description": "Scope 'x' is not allowed"}))


@row("malformed JSON",
     'tokenwright-cli: The answer to the token request is not valid JSON (unterminated object at byte 2). (HTTP 200) [{access_token: nope}]',
     5, "malformed_json")
def _(case):
    return case.token_fault(answering(200, b"{access_token: nope}"))


@row("truncated JSON",
     'tokenwright-cli: The answer to the token request was cut off (incomplete JSON after 33 bytes). (HTTP 200) [{"access_token": "«redacted»", "token_ty]',
     5, "truncated_json")
def _(case):
    return case.token_fault(answering(200, b'{"access_token": "abc", "token_ty'))


@row("missing access_token",
     'tokenwright-cli: The token endpoint answered 200 without an access_token (fields: expires_in, token_type). (HTTP 200)',
     5, "missing_access_token")
def _(case):
    return case.token_fault(answering(200, {"token_type": "Bearer", "expires_in": 900}))


@row("odd expires_in (\"soon\")",
     'note: expires_in "soon" is not a number: the lifetime is unknown.',
     0, "odd_expires_in")
def _(case):
    return case.token_fault(lambda s, r, h: token_answer(h, expires_in="soon"))


@row("odd expires_in (1e308)",
     'note: expires_in is 1e+308 s (more than ten years): not trusted, the lifetime is unknown.',
     0, "huge_expires_in")
def _(case):
    return case.token_fault(answering(
        200, b'{"access_token":"' + GOOD_TOKEN.encode() + b'","token_type":"Bearer",'
        b'"expires_in":1e308}'))


@row("non-bearer token_type (mac)",
     'note: token_type is "mac", not bearer; it is sent as a Bearer token.',
     0, "non_bearer_token_type")
def _(case):
    return case.token_fault(lambda s, r, h: token_answer(h, token_type="mac"))


@row("oversized answer (5 MB)",
     'tokenwright-cli: The answer to the token request was larger than expected and was not read. (HTTP 200)',
     5, "oversized_answer")
def _(case):
    return case.token_fault(answering(
        200, b'{"access_token":"abc","padding":"' + b"x" * (5 * 1024 * 1024) + b'"}'))


@row("cross-origin redirect of the token request",
     'tokenwright-cli: The token endpoint {server} redirected to {other}; not following it with your credentials.',
     5, "cross_origin_redirect")
def _(case):
    other = Switchable()
    case.servers.append(other)
    case.other = other
    spec = case.token_fault(lambda s, r, h: HostileServer.redirect(h, 307, other.url("/token")))
    case.assertEqual(other.server.seen, [])
    return spec


@row("401 from the API for a fresh token too",
     '',
     7, "api_unauthorized")
def _(case):
    live = case.switchable()
    case.add("refused", live.url("/token"))
    live.revoked.update("%s-%d" % (GOOD_TOKEN, n) for n in range(1, 3))
    return ["request", "refused", "GET", "/items"], live.revoked.clear


@row("connection closed in the middle of the answer",
     'tokenwright-cli: The answer to the token request was cut off (incomplete JSON after 28 bytes). (HTTP 200) [{"access_token": "«redacted»", "tok]',
     5, "closed_mid_answer")
def _(case):
    def cut(s, r, h):
        h.send_response(200)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", "200")
        h.end_headers()
        h.wfile.write(b'{"access_token": "abc", "tok')
        h.wfile.flush()
        h.close_connection = True
        h.connection.shutdown(socket.SHUT_RDWR)
    return case.token_fault(cut)


@row("empty 200 answer",
     'tokenwright-cli: The token request got an empty answer. (HTTP 200)',
     5, "empty_answer")
def _(case):
    return case.token_fault(answering(200, b""))


@row("API answers HTTP 500 (request: its body goes to stdout)",
     '',
     7, "api_http_500")
def _(case):
    return case.api_fault(answering(500, {"message": "internal error"}))


@row("API answers 429 with Retry-After: 1, then 200 (request)",
     'tokenwright-cli: rate limited; retrying in 1 s',
     0, "api_rate_limited")
def _(case):
    live = case.switchable()
    calls = []

    def once(s, r, h):
        calls.append(1)
        if len(calls) == 1:
            HostileServer.respond(h, 429, {"message": "slow down"}, [("Retry-After", "1")])
        else:
            HostileServer.respond(h, 200, {"items": []})
    live.api_fault = once
    case.add("apilimited", live.url("/token"))
    return ["request", "apilimited", "GET", "/items"], lambda: case.assertEqual(len(calls), 2)


# --- the test -------------------------------------------------------------------------------

RESULTS = {}


class FaultMatrix(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.config = tempfile.TemporaryDirectory()
        cls.env = dict(os.environ, TOKENWRIGHT_CONFIG_DIR=cls.config.name,
                       TOKENWRIGHT_KEYCHAIN_SERVICE="tokenwright-faults-%d" % os.getpid())

    @classmethod
    def tearDownClass(cls):
        cls.config.cleanup()

    def setUp(self):
        self.servers = []
        self.live = None
        self.other = None

    def tearDown(self):
        for server in self.servers:
            server.stop()
        listed = self.cli(["profiles", "list", "--json"])
        for profile in json.loads(listed.stdout) if listed.returncode == 0 else []:
            self.cli(["profiles", "remove", profile["id"]])

    def cli(self, args, stdin=""):
        return subprocess.run([CLI, *args], input=stdin, capture_output=True, text=True,
                              env=self.env, timeout=90)

    def switchable(self):
        server = Switchable()
        self.servers.append(server)
        if self.live is None:
            self.live = server
        return server

    def add(self, name, token_url):
        api = self.live.url("/api") if self.live else "http://127.0.0.1:9/api"
        result = self.cli(["profiles", "add", name, "--kind", "oauth2", "--token-url", token_url,
                           "--api-base", api, "--client-id", "fault-client",
                           "--client-auth", "client_secret_post"], SECRET + "\n")
        if result.returncode == 6:
            print("SKIP: no Secret Service reachable (run through scripts/test.sh)",
                  file=sys.stderr)
            sys.exit(SKIP)
        self.assertEqual(result.returncode, 0, result.stderr)

    def edit(self, name, *options):
        result = self.cli(["profiles", "edit", name, *options])
        self.assertEqual(result.returncode, 0, result.stderr)

    def token_fault(self, fault):
        live = self.switchable()
        live.fault = fault
        self.add("faulty", live.url("/token"))
        return ["token", "faulty"], lambda: setattr(live, "fault", None)

    def api_fault(self, fault):
        live = self.switchable()
        live.api_fault = fault
        self.add("apifaulty", live.url("/token"))
        return ["request", "apifaulty", "GET", "/items"], lambda: setattr(live, "api_fault", None)

    def normalized(self, text):
        for server, label in ((self.other, "{other}"), (self.live, "{server}")):
            if server is not None:
                text = text.replace(server.origin, label)
                text = text.replace(server.origin.split("://", 1)[1], label)
        # Local times in messages ("asked to be called again … (at 2026-…)").
        text = re.sub(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", "{time}", text)
        return text.strip()

    def run_row(self, spec):
        args, recover = spec["setup"](self)
        result = self.cli(args)
        message = self.normalized(result.stderr)
        RESULTS[spec["name"]] = dict(spec, message=message, exit=result.returncode)
        if os.environ.get("TW_UPDATE_FAULTS") != "1":
            self.assertEqual(message, spec["message"], "stderr: " + result.stderr)
            self.assertEqual(result.returncode, spec["exit"], result.stderr)
        self.assertNotIn(SECRET, result.stdout + result.stderr)
        # The next normal call works.
        recover()
        again = self.cli(args)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertTrue(again.stdout.strip(), "no output from the normal call")


def _make_test(spec):
    return lambda self: self.run_row(spec)


for _spec in ROWS:
    setattr(FaultMatrix, "test_" + _spec["name"], _make_test(_spec))


def table(results):
    lines = ["# Fault matrix",
             "",
             "Generated by `tests/integration/cli_faults.py` (ctest `cli_faults`) from its run:",
             "each row is one fault thrown at `tokenwright-cli`, the exact message it prints on",
             "stderr (`{server}` is the server's address, `{other}` a second server's), its exit",
             "code, and the test. Every row also checks that the next normal call with the same",
             "profile succeeds. Regenerate with",
             "`TW_UPDATE_FAULTS=1 TW_SANITIZE=0 scripts/test.sh -R cli_faults`; the test fails",
             "while this file differs from its run.",
             "",
             "| fault | message (stderr) | exit | test |",
             "|---|---|---|---|"]
    for spec in ROWS:
        got = results[spec["name"]]
        message = got["message"].replace("|", "\\|").replace("\n", "<br>") or "(none)"
        lines.append("| %s | %s | %d | `cli_faults.py::test_%s` |"
                     % (spec["fault"], message, got["exit"], spec["name"]))
    return "\n".join(lines) + "\n"


def main():
    program = unittest.main(exit=False, verbosity=2)
    if not program.result.wasSuccessful():
        return 1
    if len(RESULTS) != len(ROWS):  # a subset was asked for (-k): no table
        return 0
    generated = table(RESULTS)
    with open("faults-table.md", "w") as f:
        f.write(generated)
    if os.environ.get("TW_UPDATE_FAULTS") == "1":
        with open(FAULTS_MD, "w") as f:
            f.write(generated)
        print("wrote " + FAULTS_MD, file=sys.stderr)
        return 0
    committed = open(FAULTS_MD).read() if os.path.exists(FAULTS_MD) else ""
    if committed != generated:
        print("tests/FAULTS.md is stale: it differs from this run's table (%s). Regenerate it "
              "with TW_UPDATE_FAULTS=1 TW_SANITIZE=0 scripts/test.sh -R cli_faults."
              % os.path.abspath("faults-table.md"),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
