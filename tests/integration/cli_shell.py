"""`tokenwright-cli exec` and `env` end to end (issue 13): real binary, real keychain (the
runner's private gnome-keyring), the sandbox and hostile servers on 127.0.0.1.

exec: the token reaches the command only through its environment (never a command line),
the API base too, stdin/stdout/stderr are the command's own, its exit status comes back
(126/127/128+N as a shell reports them), `--` is required and everything after it is the
command's, and no command runs when no token can be had.
env: lines that sh, bash, zsh and fish evaluate back to exactly the token and API base,
also when a hostile server's token and the API base hold quotes, $, backticks and
backslashes; PowerShell lines quoted by its rules."""

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from hostile_http import HostileServer  # noqa: E402
from sandbox_python_support import SandboxProcess, Served  # noqa: E402

CLI = os.path.abspath(sys.argv.pop(1))
SKIP = 77
PY = sys.executable

# Prints what the command received: its environment's two variables, its own command line
# and that of its parent (tokenwright-cli), as JSON.
SHOW = r"""
import json, os
def cmdline(pid):
    with open('/proc/%s/cmdline' % pid, 'rb') as f:
        return f.read().decode('utf-8', 'replace')
print(json.dumps({'token': os.environ.get('TOKEN'), 'mine': os.environ.get('MY_TOKEN'),
                  'base': os.environ.get('TOKENWRIGHT_API_BASE', '<unset>'),
                  'argv': cmdline('self'), 'parent_argv': cmdline(os.getppid())}))
"""

# A token and an API base that would break out of any careless quoting (a token is any
# printable ASCII but space; a URL keeps quotes, $ and parentheses but not backticks,
# double quotes or backslashes). An expansion would change the value read back; a command
# that ran would leave MARK.
HOSTILE_TOKEN = "t0k'en\"$(touch${IFS}MARK)`touch${IFS}MARK`$HOME\\'\\"
HOSTILE_PATH = "/api/it's/$(id)/$HOME/'$'/end;a&b=$(id)"


class CliShell(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.config = tempfile.TemporaryDirectory()
        cls.work = tempfile.TemporaryDirectory()
        cls.env = dict(os.environ, TOKENWRIGHT_CONFIG_DIR=cls.config.name,
                       TOKENWRIGHT_KEYCHAIN_SERVICE="tokenwright-shell-%d" % os.getpid())
        probe = cls.cli(["profiles", "add", "probe", "--kind", "oauth2", "--token-url",
                         "http://127.0.0.1:9/t", "--client-id", "x"], "s\n")
        if probe.returncode == 6:
            print("SKIP: no Secret Service reachable (run through scripts/test.sh)",
                  file=sys.stderr)
            sys.exit(SKIP)
        assert probe.returncode == 0, probe.stderr
        cls.cli(["profiles", "remove", "probe"])
        cls.sandbox = SandboxProcess(CLI, "--token-lifetime", "300")
        info = cls.sandbox.provider("druva")
        cls.api_base = info["api_base"]
        added = cls.cli(["profiles", "add", "api", "--kind", "druva", "--token-url",
                         info["token_url"], "--api-base", info["api_base"], "--client-id",
                         info["client_id"]], info["client_secret"] + "\n")
        assert added.returncode == 0, added.stderr
        cls.token = cls.cli(["token", "api"]).stdout.strip()
        assert cls.token

    @classmethod
    def tearDownClass(cls):
        listed = cls.cli(["profiles", "list", "--json"])
        for profile in json.loads(listed.stdout) if listed.returncode == 0 else []:
            cls.cli(["profiles", "remove", profile["id"]])
        cls.sandbox.stop()
        cls.config.cleanup()
        cls.work.cleanup()

    @classmethod
    def cli(cls, args, stdin="", env=None, text=True):
        return subprocess.run([CLI, *args], input=stdin, capture_output=True, text=text,
                              env=env or cls.env, timeout=60, cwd=cls.work.name)

    def shown(self, *args, env=None):
        result = self.cli(["exec", "api", *args, "--", PY, "-c", SHOW], env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    # --- exec ---

    def test_exec_puts_token_and_base_only_in_the_environment(self):
        seen = self.shown()
        self.assertEqual(seen["token"], self.token)
        self.assertEqual(seen["base"], self.api_base)
        self.assertNotIn(self.token, seen["argv"])
        self.assertNotIn(self.token, seen["parent_argv"])
        self.assertIn("exec", seen["parent_argv"])  # it was tokenwright-cli's command line

    def test_exec_env_var_and_stale_values(self):
        stale = dict(self.env, TOKEN="stale", TOKENWRIGHT_API_BASE="http://stale.invalid")
        seen = self.shown(env=stale)
        self.assertEqual((seen["token"], seen["base"]), (self.token, self.api_base))
        seen = self.shown("--env", "MY_TOKEN", env=stale)
        self.assertEqual(seen["mine"], self.token)
        self.assertEqual(seen["token"], "stale")  # only the named variable is set
        self.assertEqual(seen["base"], self.api_base)
        for bad in ("1X", "A-B", "A=B", "TOKENWRIGHT_API_BASE", ""):
            result = self.cli(["exec", "api", "--env", bad, "--", "true"])
            self.assertEqual(result.returncode, 2, bad)
            self.assertIn("--env", result.stderr)

    def test_exec_and_env_for_an_msp_customer(self):
        info = self.sandbox.provider("druva-msp")
        added = self.cli(["profiles", "add", "msp", "--kind", "druva-msp", "--token-url",
                          info["token_url"], "--api-base", info["api_base"], "--client-id",
                          info["client_id"]], info["client_secret"] + "\n")
        self.assertEqual(added.returncode, 0, added.stderr)
        customers = self.cli(["customers", "msp", "--json"])
        self.assertEqual(customers.returncode, 0, customers.stderr)
        gcid = json.loads(customers.stdout)[0]["id"]
        expected = self.cli(["token", "msp", "--customer", gcid]).stdout.strip()
        msp_token = self.cli(["token", "msp"]).stdout.strip()
        self.assertNotEqual(expected, msp_token)
        seen = json.loads(self.cli(["exec", "msp", "--customer", gcid, "--", PY, "-c", SHOW])
                          .stdout)
        self.assertEqual((seen["token"], seen["base"]), (expected, info["api_base"]))
        lines = self.cli(["env", "msp", "--customer", gcid]).stdout
        self.assertEqual(self.evaluated(["sh"], lines)["TOKEN"], expected)
        # Only druva-msp has customer tokens; the customer id is checked like `token`'s.
        self.assertEqual(self.cli(["exec", "api", "--customer", gcid, "--", "true"])
                         .returncode, 2)
        self.assertEqual(self.cli(["env", "msp", "--customer", "no-such-customer"])
                         .returncode, 3)

    def test_exec_passes_the_exit_status_through(self):
        def status(*command):
            return self.cli(["exec", "api", "--", *command]).returncode
        self.assertEqual(status("true"), 0)
        self.assertEqual(status("false"), 1)
        self.assertEqual(status("sh", "-c", "exit 42"), 42)
        self.assertEqual(status("sh", "-c", "exit 255"), 255)
        self.assertEqual(status("sh", "-c", "kill -TERM $$"), 128 + 15)
        missing = self.cli(["exec", "api", "--", "no-such-command-tokenwright"])
        self.assertEqual(missing.returncode, 127)
        self.assertIn("no-such-command-tokenwright", missing.stderr)
        self.assertIn("not found", missing.stderr)
        plain = os.path.join(self.work.name, "not-executable")
        with open(plain, "w") as f:
            f.write("#!/bin/sh\nexit 0\n")
        os.chmod(plain, stat.S_IRUSR | stat.S_IWUSR)
        self.assertEqual(status(plain), 126)

    def test_exec_forwards_stdin_stdout_and_stderr_untouched(self):
        data = bytes(range(256)) * 4096  # 1 MiB, every byte value
        result = self.cli(["exec", "api", "--", "sh", "-c", "cat; echo to-stderr >&2"],
                          stdin=data, text=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, data)
        self.assertEqual(result.stderr, b"to-stderr\n")

    def test_exec_does_not_renew_the_token_the_command_holds(self):
        # A 3-second token and a command that outlives it: a renewal behind the command's
        # back (a Commvault renewal ends the token it holds) would be a second fetch.
        with SandboxProcess(CLI, "--token-lifetime", "3", "--verbose") as short:
            served = Served(short.process.stderr)
            info = short.provider("druva")
            added = self.cli(["profiles", "add", "short", "--kind", "druva", "--token-url",
                              info["token_url"], "--api-base", info["api_base"],
                              "--client-id", info["client_id"]], info["client_secret"] + "\n")
            self.assertEqual(added.returncode, 0, added.stderr)
            result = self.cli(["exec", "short", "--", "sleep", "4"])
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(served.count("druva.token"), 1)
            self.cli(["profiles", "remove", "short"])

    def test_exec_command_gets_default_signal_handling(self):
        # SIGINT, SIGQUIT and SIGPIPE, which tokenwright-cli ignores, must not stay ignored
        # in the command (an ignored signal survives exec).
        result = self.cli(["exec", "api", "--", "sh", "-c", "grep SigIgn /proc/$$/status"])
        self.assertEqual(result.returncode, 0, result.stderr)
        ignored = int(result.stdout.split()[1], 16)
        for number in (signal.SIGINT, signal.SIGQUIT, signal.SIGPIPE):
            self.assertFalse(ignored & (1 << (number - 1)), signal.Signals(number).name)
        piped = subprocess.run("%s exec api -- yes | head -n 1" % CLI, shell=True, env=self.env,
                               capture_output=True, text=True, timeout=60)
        self.assertEqual((piped.stdout, piped.stderr), ("y\n", ""))

    def test_exec_passes_sigterm_on_and_leaves_sigint_to_the_command(self):
        # A supervisor stopping tokenwright-cli (SIGTERM) stops the command too; Ctrl-C
        # reaches the command from the terminal, so the CLI itself ignores SIGINT.
        script = ('trap "echo got-term; exit 7" TERM; echo ready; '
                  'while :; do sleep 0.05; done')
        process = subprocess.Popen([CLI, "exec", "api", "--", "sh", "-c", script],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env=self.env, cwd=self.work.name, start_new_session=True)
        try:
            self.assertEqual(process.stdout.readline(), "ready\n")
            process.send_signal(signal.SIGINT)  # to the CLI only: ignored
            process.send_signal(signal.SIGTERM)
            out, err = process.communicate(timeout=60)
        finally:
            # Its own process group: a failure here cannot leave the command running.
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()
        self.assertEqual(process.returncode, 7, err)
        self.assertEqual(out, "got-term\n")

    def test_exec_options_after_the_separator_belong_to_the_command(self):
        result = self.cli(["exec", "api", "--", "sh", "-c", 'printf "%s|" "$@"', "sh",
                           "--env", "X", "--customer", "y", "--", "--help"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, "--env|X|--customer|y|--|--help|")

    def test_exec_without_separator_or_token_runs_nothing(self):
        mark = os.path.join(self.work.name, "ran")
        result = self.cli(["exec", "api", "touch", mark])
        self.assertEqual(result.returncode, 2)
        self.assertIn("`--`", result.stderr)
        self.assertEqual(self.cli(["exec", "api", "--"]).returncode, 2)
        self.assertEqual(self.cli(["exec", "nobody", "--", "touch", mark]).returncode, 3)
        self.assertEqual(self.cli(["exec", "api", "--customer", "..", "--", "touch", mark])
                         .returncode, 2)
        refused = HostileServer(lambda s, r, h: HostileServer.respond(
            h, 401, {"error": "invalid_client"}))
        try:
            info = self.sandbox.provider("druva")
            added = self.cli(["profiles", "add", "refused", "--kind", "oauth2", "--token-url",
                              refused.url("/token"), "--client-id", "c"], "wrong\n")
            self.assertEqual(added.returncode, 0, added.stderr)
            result = self.cli(["exec", "refused", "--", "touch", mark])
            self.assertEqual(result.returncode, 4, result.stderr)
            self.assertIn("invalid_client", result.stderr)
        finally:
            refused.stop()
        self.assertFalse(os.path.exists(mark))

    # --- env ---

    def evaluated(self, shell_argv, lines, names=("TOKEN", "TOKENWRIGHT_API_BASE")):
        """Runs the lines in a real shell and reads the variables back exactly."""
        if not shutil.which(shell_argv[0]):
            self.skipTest(shell_argv[0] + " is not installed")
        fish = shell_argv[0] == "fish"
        show = "".join("printf '%%s<%s>' \"$%s\"\n" % (n, n) for n in names)
        script = os.path.join(self.work.name, "eval-script")
        with open(script, "w") as f:
            # What `eval "$(tokenwright-cli env …)"` and `… | source` do with the output.
            f.write(("cat lines | source\n" if fish else 'eval "$(cat lines)"\n') + show)
        with open(os.path.join(self.work.name, "lines"), "w") as f:
            f.write(lines)
        result = subprocess.run([*shell_argv, script], capture_output=True, text=True,
                                cwd=self.work.name, timeout=30,
                                env=dict(os.environ, HOME="/home-of-test"))
        self.assertEqual(result.stderr, "")
        values = {}
        rest = result.stdout
        for n in names:
            value, _, rest = rest.partition("<%s>" % n)
            values[n] = value
        self.assertFalse(os.path.exists(os.path.join(self.work.name, "MARK")), lines)
        return values

    def test_env_lines_evaluate_back_to_the_values(self):
        for shell in ("sh", "bash", "zsh"):
            out = self.cli(["env", "api"] + (["--shell", shell] if shell != "sh" else []))
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertEqual(len(out.stdout.splitlines()), 2)
            self.assertEqual(self.evaluated([shell], out.stdout),
                             {"TOKEN": self.token, "TOKENWRIGHT_API_BASE": self.api_base})
        out = self.cli(["env", "api", "--shell", "fish", "--env", "T2"])
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(self.evaluated(["fish"], out.stdout, ("T2", "TOKENWRIGHT_API_BASE")),
                         {"T2": self.token, "TOKENWRIGHT_API_BASE": self.api_base})
        ps = self.cli(["env", "api", "--shell", "powershell"])
        self.assertEqual(ps.stdout, "$env:TOKEN = '%s'\n$env:TOKENWRIGHT_API_BASE = '%s'\n"
                         % (self.token, self.api_base))

    def test_env_quotes_a_hostile_token_and_api_base(self):
        server = HostileServer(lambda s, r, h: HostileServer.token(h, HOSTILE_TOKEN))
        try:
            added = self.cli(["profiles", "add", "hostile", "--kind", "oauth2", "--token-url",
                              server.url("/token"), "--api-base", server.url(HOSTILE_PATH),
                              "--client-id", "c", "--client-auth", "client_secret_post"],
                             "s\n")
            self.assertEqual(added.returncode, 0, added.stderr)
            base = json.loads(self.cli(["profiles", "show", "hostile", "--json"]).stdout)
            base = base["api_base"]
            self.assertIn("'", base)
            self.assertIn("$(id)", base)
            expected = {"TOKEN": HOSTILE_TOKEN, "TOKENWRIGHT_API_BASE": base}
            for shell in ("sh", "bash", "zsh", "fish"):
                out = self.cli(["env", "hostile", "--shell", shell])
                self.assertEqual(out.returncode, 0, out.stderr)
                self.assertEqual(self.evaluated([shell], out.stdout), expected, shell)
            ps = self.cli(["env", "hostile", "--shell", "powershell"]).stdout
            self.assertEqual(ps, "$env:TOKEN = '%s'\n$env:TOKENWRIGHT_API_BASE = '%s'\n"
                             % (HOSTILE_TOKEN.replace("'", "''"), base.replace("'", "''")))
            seen = json.loads(self.cli(["exec", "hostile", "--", PY, "-c", SHOW]).stdout)
            self.assertEqual((seen["token"], seen["base"]), (HOSTILE_TOKEN, base))
        finally:
            server.stop()

    def test_env_failures_print_nothing_to_eval(self):
        for args, code in ((["env", "nobody"], 3), (["env", "api", "--shell", "csh"], 2),
                           (["env"], 2), (["env", "api", "--env", "A;B"], 2)):
            result = self.cli(args)
            self.assertEqual(result.returncode, code, args)
            self.assertEqual(result.stdout, "", args)
            self.assertTrue(result.stderr.startswith("tokenwright-cli: "), args)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(1 if failed else 0)
