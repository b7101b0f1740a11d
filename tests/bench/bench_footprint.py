"""Prints size and speed figures a user notices: binary sizes, the GUI's memory in demo
mode, and how long `tokenwright-cli token` takes with a cached and with a fresh token.
Run inside a session with a Secret Service (scripts/test.sh sets one up; or
`dbus-run-session` with an unlocked gnome-keyring). Not a test: figures only.

usage: bench_footprint.py BUILD_DIR
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

build = sys.argv[1]
gui = os.path.join(build, "tokenwright")
cli = os.path.join(build, "app", "cli", "tokenwright-cli")


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def stripped_mb(path):
    out = os.path.join(tempfile.mkdtemp(), "stripped")
    subprocess.run(["strip", "-o", out, path], check=True)
    return os.path.getsize(out) / 1e6


print("binaries, stripped: tokenwright %.1f MB, tokenwright-cli %.1f MB (Qt shared libraries not counted)"
      % (stripped_mb(gui), stripped_mb(cli)))

env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
demo = subprocess.Popen([gui, "--demo"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(6)  # every demo profile has fetched its token by now
print("GUI --demo (7 profiles, live tokens, offscreen): %.1f MB resident" % (rss_kb(demo.pid) / 1024))
demo.terminate()
demo.wait()

config = tempfile.mkdtemp()
env = dict(os.environ, TOKENWRIGHT_CONFIG_DIR=config,
           TOKENWRIGHT_KEYCHAIN_SERVICE="tokenwright-bench-%d" % os.getpid())
sandbox = subprocess.Popen([cli, "sandbox"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
info = json.loads(sandbox.stdout.readline())["providers"]["druva"]
subprocess.run([cli, "profiles", "add", "bench", "--kind", "druva", "--token-url", info["token_url"],
                "--api-base", info["api_base"], "--client-id", info["client_id"]],
               input=info["client_secret"] + "\n", text=True, env=env, check=True,
               capture_output=True)


def timed(args, runs=20):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([cli, *args], env=env, check=True, capture_output=True)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


print("tokenwright-cli token (fresh fetch, --force): %.0f ms median of 20" % timed(["token", "bench", "--force"]))
print("tokenwright-cli token (cached in the keychain): %.0f ms median of 20" % timed(["token", "bench"]))
subprocess.run([cli, "profiles", "remove", "bench"], env=env, capture_output=True)
sandbox.terminate()
sandbox.wait()
