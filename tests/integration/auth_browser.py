"""A scripted browser for the browser sign-in tests, given as $BROWSER: opens the
authorization URL it is called with on the sandbox, presses Approve (or Deny) on the sign-in
page, and follows the redirect to the loopback receiver, as a person's browser would.

TW_AUTH_BROWSER picks what it does:
  approve       (default) approve and follow the redirect
  deny          press Deny
  wrong-state   approve, but deliver the redirect with another state (a forged redirect)
  iss-mismatch  approve, but deliver the redirect naming another issuer (a mix-up)
  never         do nothing: the browser never comes back
  hostile       first send the loopback receiver a 20 KB request, GET /favicon.ico, a
                wrong path, a wrong Host and an idle connection; then approve
TW_AUTH_MARKER: a file that gets one line per run (so a test can tell the browser ran).
TW_AUTH_RECORD: a file that gets the redirect's code and the page the receiver answered."""

import os
import re
import socket
import sys
import urllib.error
import urllib.parse
import urllib.request

mode = os.environ.get("TW_AUTH_BROWSER", "approve")
marker = os.environ.get("TW_AUTH_MARKER")
record = os.environ.get("TW_AUTH_RECORD")
if marker:
    with open(marker, "a") as f:
        f.write(mode + "\n")
if mode == "never":
    sys.exit(0)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirect)
url = sys.argv[1]
page = opener.open(url, timeout=10).read().decode()
request_id = re.search(r'name=request value="([0-9a-f]+)"', page).group(1)
action = "deny" if mode == "deny" else "approve"
form = urllib.parse.urlencode({"request": request_id, "action": action}).encode()
authorize = urllib.parse.urlunsplit(urllib.parse.urlsplit(url)[:3] + ("", ""))
try:
    opener.open(authorize, data=form, timeout=10)
    sys.exit("the sign-in page did not redirect")
except urllib.error.HTTPError as redirect:
    assert redirect.code == 302, redirect.code
    location = redirect.headers["Location"]

target = urllib.parse.urlsplit(location)
params = urllib.parse.parse_qsl(target.query, keep_blank_values=True)
if mode == "wrong-state":
    params = [(k, "forged-state" if k == "state" else v) for k, v in params]
elif mode == "iss-mismatch":
    params = [(k, "https://evil.example/oauth2" if k == "iss" else v) for k, v in params]
location = urllib.parse.urlunsplit(target[:3] + (urllib.parse.urlencode(params), ""))

if mode == "hostile":
    port = target.port
    idle = socket.create_connection(("127.0.0.1", port))  # held open, never written to

    def raw(data):
        answer = b""
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                s.sendall(data)
                while True:
                    chunk = s.recv(4096)
                    if not chunk:
                        return answer
                    answer += chunk
        except ConnectionResetError:
            # The receiver closed with our excess bytes unread: the kernel resets.
            return answer or b"RESET"

    host = b"Host: 127.0.0.1:%d\r\n" % port
    huge = raw(b"GET /callback?" + b"a" * 20000 + b" HTTP/1.1\r\n" + host + b"\r\n")
    assert huge.startswith(b"HTTP/1.1 431") or huge == b"RESET", huge[:100]
    assert raw(b"GET /favicon.ico HTTP/1.1\r\n" + host + b"\r\n").startswith(b"HTTP/1.1 404")
    assert raw(b"GET /admin HTTP/1.1\r\n" + host + b"\r\n").startswith(b"HTTP/1.1 404")
    assert raw(b"GET /callback?code=x&state=y HTTP/1.1\r\nHost: evil.example\r\n\r\n") \
        .startswith(b"HTTP/1.1 400")

try:
    answer = urllib.request.urlopen(location, timeout=60)
    status, body = answer.status, answer.read().decode()
except urllib.error.HTTPError as error:
    status, body = error.code, error.read().decode()
if record:
    with open(record, "w") as f:
        f.write("%s\n%d\n%s\n" % (dict(params).get("code", ""), status, body))
