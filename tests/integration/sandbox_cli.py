"""`tokenwright-cli sandbox`: first stdout line is describe() as compact JSON, serves real
requests, exits 0 on SIGINT/SIGTERM, and refuses a port in use with a clear message."""

import base64
import json
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request

from sandbox_python_support import SandboxProcess, check

cli = sys.argv[1]

for sig in (signal.SIGTERM, signal.SIGINT):
    sandbox = SandboxProcess(cli, "--token-lifetime", "120", "--customers", "7")
    info = sandbox.info
    check(info["base"].startswith("http://127.0.0.1:"), "base URL: %s" % info["base"])
    for name in ("druva-msp", "druva", "druva-gov", "oidc", "commvault", "oauth2"):
        check(name in info["providers"], "provider %s missing" % name)
    msp = sandbox.provider("druva-msp")
    request = urllib.request.Request(
        msp["token_url"],
        data=b"grant_type=client_credentials",
        headers={
            "Authorization": "Basic "
            + base64.b64encode(("%s:%s" % (msp["client_id"], msp["client_secret"])).encode()).decode(),
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    token = json.load(urllib.request.urlopen(request, timeout=10))
    check(token["expires_in"] == 120, "--token-lifetime not applied: %r" % token)
    listing = urllib.request.Request(
        msp["api_base"] + "/msp/v3/customers?pageSize=100",
        headers={"Authorization": "Bearer " + token["access_token"]},
    )
    customers = json.load(urllib.request.urlopen(listing, timeout=10))
    check(len(customers["customers"]) == 7, "--customers not applied")
    code = sandbox.stop(sig)
    check(code == 0, "exit code after signal %d: %d" % (sig, code))

# A port in use: a clear message and a non-zero exit.
with socket.socket() as busy:
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    port = busy.getsockname()[1]
    result = subprocess.run([cli, "sandbox", "--port", str(port)], capture_output=True, text=True, timeout=20)
    check(result.returncode != 0, "port in use still exited 0")
    check(str(port) in result.stderr and "in use" in result.stderr, "unclear message: " + result.stderr)
    check(result.stdout == "", "printed a describe line although it could not listen")

# A fixed port is honoured.
with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    free = probe.getsockname()[1]
with SandboxProcess(cli, "--port", str(free)) as sandbox:
    check(sandbox.info["base"] == "http://127.0.0.1:%d" % free, "--port not honoured")

result = subprocess.run([cli, "sandbox", "--latency", "soon"], capture_output=True, text=True, timeout=20)
check(result.returncode == 2 and "--latency" in result.stderr, "bad option not reported: " + result.stderr)
print("sandbox CLI: OK")
