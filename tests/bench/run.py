"""Side-by-side benchmarks: every Tokenwright figure beside a reference measured in the same
run, interleaved (A B A B …), as medians with min–max, printed as one Markdown table.

The machines are shared and noisy: a lone absolute time means little, a ratio against a
reference taken at the same moment means a lot. Not a test; `tests/bench/run` builds a
Release tree and calls this inside a private D-Bus session with a real keychain.

usage: run.py BUILD_DIR [--quick] [--markdown FILE] [--only ROW]
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BUILD = os.path.abspath(sys.argv[1])
QUICK = "--quick" in sys.argv
MARKDOWN = sys.argv[sys.argv.index("--markdown") + 1] if "--markdown" in sys.argv else None
# --only "bulk mint" runs that row alone (a name from main()'s list).
ONLY = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
CLI = os.path.join(BUILD, "app", "cli", "tokenwright-cli")
GUI = os.path.join(BUILD, "tokenwright")
BENCH = os.path.join(BUILD, "tests", "bench")
ROUNDS = 5 if QUICK else 21


def log(*args):
    print(*args, file=sys.stderr, flush=True)


class Row:
    def __init__(self, what, ours, ref, ref_name, goal, unit="ms", lower_is_better=True,
                 difference=False):
        self.what, self.ours, self.ref, self.ref_name = what, ours, ref, ref_name
        self.goal, self.unit, self.difference = goal, unit, difference

    @staticmethod
    def fmt(samples, unit):
        if not samples:
            return "—"
        med = statistics.median(samples)
        if unit == "MB":
            return "%.1f MB (%.1f–%.1f)" % (med, min(samples), max(samples))
        if unit == "s":
            return "%.2f s (%.2f–%.2f)" % (med, min(samples), max(samples))
        if med < 1:
            return "%.3f ms (%.3f–%.3f)" % (med, min(samples), max(samples))
        return "%.1f ms (%.1f–%.1f)" % (med, min(samples), max(samples))

    def ratio(self):
        if not self.ours or not self.ref:
            return None
        if self.difference:
            return statistics.median(self.ours) - statistics.median(self.ref)
        return statistics.median(self.ours) / statistics.median(self.ref)

    def cells(self):
        r = self.ratio()
        if r is None:
            shown, met = "—", "—"
        elif self.difference:
            shown = "+%.1f MB" % r
            met = "yes" if r <= self.goal else "no (+%.1f MB over)" % (r - self.goal)
        else:
            shown = "%.2f×" % r
            met = "yes" if r <= self.goal else "no (%.0f %% over)" % ((r / self.goal - 1) * 100)
        goal = ("≤ +%d MB" % self.goal) if self.difference else (
            "≤ %.1f×" % self.goal if self.ref else "≤ %d %s" % (self.goal, self.unit))
        if not self.ref and self.ours:
            med = statistics.median(self.ours)
            met = "yes" if med <= self.goal else "no (%.0f %s over)" % (med - self.goal, self.unit)
        return [self.what, self.fmt(self.ours, self.unit), self.ref_name,
                self.fmt(self.ref, self.unit), shown, goal, met]


def timed(cmd, env=None, stdin=None):
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, input=stdin, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    elapsed = (time.perf_counter() - start) * 1000
    if result.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (cmd[0], result.returncode, result.stderr[-500:]))
    return elapsed


def first_paint(cmd, env):
    """Milliseconds from launching cmd to its first paint, as the program reports it: it gets
    the launch time (CLOCK_MONOTONIC, the clock of time.monotonic_ns) in TOKENWRIGHT_LAUNCHED_NS
    and prints {"first_paint_ms": N} at the paint, so process teardown is not counted."""
    env = dict(env, TOKENWRIGHT_LAUNCHED_NS=str(time.monotonic_ns()))
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (cmd[0], result.returncode, result.stderr[-500:]))
    return json.loads(result.stdout.strip().splitlines()[-1])["first_paint_ms"]


def interleave(a, b, rounds=ROUNDS):
    """Runs a() and b() alternately; returns both sample lists (the first pair is warm-up)."""
    xs, ys = [], []
    for i in range(rounds + 1):
        x, y = a(), b()
        if i:
            xs.append(x)
            ys.append(y)
    return xs, ys


class Sandbox:
    def __init__(self, *args):
        self.process = subprocess.Popen([CLI, "sandbox", *args], stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True)
        self.info = json.loads(self.process.stdout.readline())

    def provider(self, name):
        return self.info["providers"][name]

    def stop(self):
        self.process.terminate()
        self.process.wait()


def cli_env(config):
    return dict(os.environ, TOKENWRIGHT_CONFIG_DIR=config,
                TOKENWRIGHT_KEYCHAIN_SERVICE="tokenwright-bench-%d" % os.getpid())


def add_profile(env, name, kind, info):
    args = [CLI, "profiles", "add", name, "--kind", kind, "--token-url", info["token_url"],
            "--api-base", info["api_base"], "--client-id", info["client_id"]]
    subprocess.run(args, input=info["client_secret"] + "\n", text=True, env=env, check=True,
                   capture_output=True)


def curl_token(info, scope=True):
    data = "grant_type=client_credentials" + ("&scope=read" if scope else "")
    return ["curl", "-sS", "-f", "-u", "%s:%s" % (info["client_id"], info["client_secret"]),
            "-d", data, info["token_url"]]


def bench_cli_token(rows):
    sandbox = Sandbox()
    config = tempfile.mkdtemp()
    env = cli_env(config)
    info = sandbox.provider("druva")
    add_profile(env, "bench", "druva", info)
    subprocess.run([CLI, "token", "bench"], env=env, check=True, capture_output=True)
    ours, ref = interleave(lambda: timed([CLI, "token", "bench"], env),
                           lambda: timed(curl_token(info)))
    rows.append(Row("`tokenwright-cli token NAME` (cached)", ours, ref,
                    "`curl` POST to the same token URL", 1.5))
    ours, ref = interleave(lambda: timed([CLI, "token", "bench", "--force"], env),
                           lambda: timed(curl_token(info)))
    rows.append(Row("`token NAME --force`", ours, ref, "`curl` POST", 1.5))
    subprocess.run([CLI, "profiles", "remove", "bench"], env=env, capture_output=True)
    sandbox.stop()
    shutil.rmtree(config, ignore_errors=True)


def bench_engine(rows):
    out = subprocess.run([os.path.join(BENCH, "bench_fetch"), "60" if QUICK else "300"],
                         capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    # bench_fetch reports medians of many rounds; show them as one sample each.
    e, r = data["engine"], data["reference"]
    row = Row("engine: fresh token fetch, in process", [e["median"]], [r["median"]],
              "bare QNetworkAccessManager POST + parse", 1.2)
    row.fmt_override = True
    row.ours_text = "%.3f ms (%.3f–%.3f)" % (e["median"], e["min"], e["max"])
    row.ref_text = "%.3f ms (%.3f–%.3f)" % (r["median"], r["min"], r["max"])
    rows.append(row)


def curl_list_script(info, token):
    """The loop a user writes with curl and jq: pageSize first, then pageToken alone."""
    return ("set -e; next=$(curl -sS -f -H 'Authorization: Bearer %s' '%s/msp/v3/customers"
            "?pageSize=100' | jq -r .nextPageToken); while [ -n \"$next\" ]; do "
            "next=$(curl -sS -f -H 'Authorization: Bearer %s' --get --data-urlencode "
            "\"pageToken=$next\" '%s/msp/v3/customers' | jq -r .nextPageToken); done"
            % (token, info["api_base"], token, info["api_base"]))


def bench_customers(rows):
    count = 2000 if QUICK else 10000
    sandbox = Sandbox("--customers", str(count))
    config = tempfile.mkdtemp()
    env = cli_env(config)
    info = sandbox.provider("druva-msp")
    add_profile(env, "msp", "druva-msp", info)
    token = subprocess.run([CLI, "token", "msp"], env=env, check=True, capture_output=True,
                           text=True).stdout.strip()
    script = curl_list_script(info, token)
    ours, ref = interleave(
        lambda: timed([CLI, "customers", "msp", "--json"], env) / 1000,
        lambda: timed(["bash", "-c", script]) / 1000, rounds=3 if QUICK else 5)
    rows.append(Row("list %s Druva MSP customers" % format(count, ","), ours, ref,
                    "`curl` + `jq` loop over the same pages", 1.0, unit="s"))
    subprocess.run([CLI, "profiles", "remove", "msp"], env=env, capture_output=True)
    sandbox.stop()
    shutil.rmtree(config, ignore_errors=True)


def bench_mint(rows):
    count = 200 if QUICK else 1000
    sandbox = Sandbox("--customers", str(count), "--latency", "20")
    config = tempfile.mkdtemp()
    env = cli_env(config)
    info = sandbox.provider("druva-msp")
    add_profile(env, "msp", "druva-msp", info)
    listed = subprocess.run([CLI, "customers", "msp", "--json"], env=env, check=True,
                            capture_output=True, text=True).stdout
    ids = [c["id"] for c in json.loads(listed)][:count]
    curl_config = os.path.join(config, "curl.cfg")

    def curl_round():
        # Like a script would: its own MSP token first (not timed), then the mints.
        token = json.loads(subprocess.run(curl_token(info, scope=False), capture_output=True,
                                          text=True, check=True).stdout)["access_token"]
        # One transfer per customer, separated by `next`: without it curl applies every
        # header and data line to every URL (1,000 Authorization headers each: all 401).
        with open(curl_config, "w") as f:
            for i, gcid in enumerate(ids):
                if i:
                    f.write("next\n")
                f.write('url = "%s/msp/v2/customers/%s/token"\n' % (info["api_base"], gcid))
                f.write('header = "Authorization: Bearer %s"\n' % token)
                f.write('data = "grant_type=client_credentials"\n')
                f.write('output = "/dev/null"\n')
        return timed(["curl", "-s", "-S", "-f", "--parallel", "--parallel-max", "8", "-K",
                      curl_config]) / 1000

    id_list = ",".join(ids)
    ours, ref = interleave(
        lambda: timed([CLI, "customer-tokens", "msp", "--ids", id_list, "--concurrency", "8",
                       "--force"], env) / 1000,
        curl_round, rounds=3 if QUICK else 5)
    rows.append(Row("mint %s customer tokens, 20 ms latency, concurrency 8" % format(count, ","),
                    ours, ref, "`curl --parallel --parallel-max 8`", 1.0, unit="s"))
    subprocess.run([CLI, "profiles", "remove", "msp"], env=env, capture_output=True)
    sandbox.stop()
    shutil.rmtree(config, ignore_errors=True)


def fifty_profiles(config, sandbox):
    """profiles.json with 50 profiles of every kind (no secrets: startup never needs them)."""
    add = []
    kinds = ["druva-msp", "druva", "oauth2", "commvault", "oidc"]
    for i in range(50):
        kind = kinds[i % len(kinds)]
        info = sandbox.provider(kind)
        add.append((kind, "bench-%02d" % i, info))
    return add


def bench_startup(rows):
    if not os.path.exists(GUI) or not os.path.exists(os.path.join(BENCH, "bench_ref_window")):
        log("skipping GUI start-up: binaries missing")
        return
    helptext = subprocess.run([GUI, "--help"], capture_output=True, text=True,
                              env=dict(os.environ, QT_QPA_PLATFORM="offscreen")).stdout
    if "--measure-startup" not in helptext:
        log("skipping GUI start-up: this tokenwright has no --measure-startup")
        return
    sandbox = Sandbox()
    config = tempfile.mkdtemp()
    env = dict(cli_env(config), QT_QPA_PLATFORM="offscreen")
    for kind, name, info in fifty_profiles(config, sandbox):
        args = [CLI, "profiles", "add", name, "--kind", kind, "--api-base", info["api_base"]]
        stdin = ""
        if kind == "commvault":
            args += ["--created", info["created"]]
            stdin = info["access_token"] + "\n" + info["refresh_token"] + "\n"
        elif kind == "oidc":
            args += ["--issuer", info["issuer"], "--client-id", info["client_id"]]
            stdin = info["client_secret"] + "\n"
        else:
            args += ["--token-url", info["token_url"], "--client-id", info["client_id"]]
            stdin = info["client_secret"] + "\n"
        subprocess.run(args, input=stdin, text=True, env=env, check=True, capture_output=True)
    ref = os.path.join(BENCH, "bench_ref_window")
    ours, base = interleave(lambda: first_paint([GUI, "--measure-startup"], env),
                            lambda: first_paint([ref, "--measure-startup"], env))
    rows.append(Row("GUI start to first paint, 50 profiles (offscreen)", ours, base,
                    "a bare QMainWindow app", 1.3))
    sandbox.stop()
    shutil.rmtree(config, ignore_errors=True)


def bench_gui_memory(rows):
    probe = os.path.join(BENCH, "bench_gui_memory")
    ref = os.path.join(BENCH, "bench_ref_window")
    if not os.path.exists(probe):
        log("skipping GUI memory: bench_gui_memory missing")
        return
    sandbox = Sandbox("--customers", "10000")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    msp = json.dumps(sandbox.provider("druva-msp"))

    def rss(cmd):
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
        return json.loads(out.strip().splitlines()[-1])["rss_kb"] / 1024

    ours, base = interleave(lambda: rss([probe, msp]), lambda: rss([ref, "--measure-rss"]),
                            rounds=3)
    rows.append(Row("RSS, 50 profiles + 10,000 customers in the tab", ours, base,
                    "bare Qt app", 25, unit="MB", difference=True))
    sandbox.stop()


def bench_console_stall(rows):
    probe = os.path.join(BENCH, "bench_console_stall")
    if not os.path.exists(probe):
        log("skipping console stall: bench_console_stall missing")
        return
    sandbox = Sandbox()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    druva = json.dumps(sandbox.provider("druva"))
    samples = []
    for _ in range(3 if QUICK else 5):
        out = subprocess.run([probe, druva, "50"], env=env, capture_output=True, text=True,
                             check=True).stdout
        samples.append(json.loads(out.strip().splitlines()[-1])["longest_stall_ms"])
    rows.append(Row("console: longest UI stall while a 50 MB answer loads", samples, [], "—", 50))
    sandbox.stop()


def table(rows):
    head = ["what", "Tokenwright", "reference", "reference figure", "ratio", "goal", "met"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        cells = row.cells()
        if getattr(row, "fmt_override", False):
            cells[1], cells[3] = row.ours_text, row.ref_text
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    rows = []
    started = time.monotonic()
    for name, bench in [("GUI start-up", bench_startup), ("CLI token", bench_cli_token),
                        ("engine", bench_engine), ("customer list", bench_customers),
                        ("bulk mint", bench_mint), ("GUI memory", bench_gui_memory),
                        ("console stall", bench_console_stall)]:
        if ONLY and name != ONLY:
            continue
        log("==> %s" % name)
        try:
            bench(rows)
        except Exception as error:  # a broken row must not hide the others
            log("    failed: %s" % error)
    text = table(rows)
    print(text)
    load = os.getloadavg()
    footer = ("\nMachine: %d cores, load %.1f/%.1f/%.1f during the run; %d rounds per row "
              "(medians, min–max); %.0f s in all." % (os.cpu_count(), *load, ROUNDS,
                                                      time.monotonic() - started))
    print(footer)
    if MARKDOWN:
        with open(MARKDOWN, "w") as f:
            f.write(text + "\n" + footer + "\n")


if __name__ == "__main__":
    main()
