"""Secrets from an external command (`profiles add --secret-command`), end to end: real
binary, real keychain, the sandbox's generic OAuth 2.0 server, real small scripts. The
command's output is the client secret each time it is needed and is stored nowhere (not in
profiles.json, the keychain or the audit log); the arguments reach the program as given,
with no shell; a command that hangs, prints nothing or too much, exits non-zero or cannot be
found fails with a specific message, exit 9, and nothing secret in it."""

import base64
import json
import os
import stat
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from sandbox_python_support import SandboxProcess, skip  # noqa: E402

CLI = sys.argv.pop(1)
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_SECRET_COMMAND = 9


def quoted(word):
    """One word in the syntax of --secret-command (QProcess::splitCommand)."""
    return '"' + word.replace('"', '"""') + '"'


class SecretCommandCli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sandbox = SandboxProcess(CLI, "--token-lifetime", "300")
        cls.tmp = tempfile.TemporaryDirectory()
        cls.config = os.path.join(cls.tmp.name, "config")
        cls.data = os.path.join(cls.tmp.name, "data")
        cls.work = os.path.join(cls.tmp.name, "work")  # the CLI's working directory
        for d in (cls.config, cls.data, cls.work):
            os.makedirs(d)
        cls.env = dict(os.environ,
                       TOKENWRIGHT_CONFIG_DIR=cls.config,
                       TOKENWRIGHT_DATA_DIR=cls.data,
                       TOKENWRIGHT_KEYCHAIN_SERVICE="tokenwright-secretcmd-%d" % os.getpid())
        cls.info = cls.sandbox.provider("oauth2")
        cls.secret = cls.info["client_secret"]
        probe = cls.cli(["profiles", "add", "probe", "--kind", "oauth2", "--token-url",
                         cls.info["token_url"], "--client-id", "x"], "s\n")
        if probe.returncode == 6:
            cls.sandbox.stop()
            skip("no Secret Service reachable (run through scripts/test.sh)")
        assert probe.returncode == 0, probe.stderr
        cls.cli(["profiles", "remove", "probe"])

    @classmethod
    def tearDownClass(cls):
        listed = cls.cli(["profiles", "list", "--names"]).stdout.split()
        for name in listed:
            cls.cli(["profiles", "remove", name])
        cls.sandbox.stop()
        cls.tmp.cleanup()

    @classmethod
    def cli(cls, args, stdin="", env=None):
        return subprocess.run([CLI, *args], input=stdin, capture_output=True, text=True,
                              env=env or cls.env, cwd=cls.work, timeout=120)

    def script(self, name, body, executable=True):
        """A small Python program; `body` sees SECRET, and its own pid file."""
        path = os.path.join(self.tmp.name, name)
        with open(path, "w") as f:
            f.write("#!%s\nimport os, sys, time\nSECRET = %r\n%s\n"
                    % (sys.executable, self.secret, body))
        os.chmod(path, stat.S_IRWXU if executable else stat.S_IRUSR | stat.S_IWUSR)
        return path

    def add(self, name, command, *extra, stdin=""):
        return self.cli(["profiles", "add", name, "--kind", "oauth2", "--token-url",
                         self.info["token_url"], "--api-base", self.info["api_base"],
                         "--client-id", self.info["client_id"], "--secret-command", command,
                         *extra], stdin)

    def token(self, name, *extra):
        return self.cli(["token", name, "--force", *extra])

    def keychain_listing(self):
        return subprocess.run(["secret-tool", "search", "--all", "server",
                               self.env["TOKENWRIGHT_KEYCHAIN_SERVICE"]],
                              capture_output=True, text=True, env=self.env).stdout

    def in_keychain(self, value):
        """Whether any keychain item of this test holds `value` (QtKeychain stores base64)."""
        listing = self.keychain_listing()
        return value in listing or base64.b64encode(value.encode()).decode() in listing

    def assert_failure(self, result, *fragments, code=EXIT_SECRET_COMMAND):
        self.assertEqual(result.returncode, code, result.stderr)
        self.assertEqual(result.stdout, "")
        for fragment in fragments:
            self.assertIn(fragment, result.stderr)
        self.assertNotIn(self.secret, result.stderr)

    def test_secret_comes_from_the_command_and_is_stored_nowhere(self):
        ok = self.script("ok.py", "sys.stdout.write(SECRET + '\\n')")
        added = self.add("ok", ok)
        self.assertEqual(added.returncode, 0, added.stderr)
        self.assertNotIn("Client secret", added.stderr)  # no prompt: the command gives it
        shown = json.loads(self.cli(["profiles", "show", "ok", "--json"]).stdout)
        self.assertEqual(shown["secret_command"], [ok])
        token = self.token("ok")
        self.assertEqual(token.returncode, 0, token.stderr)
        self.assertTrue(token.stdout.strip())
        for root, _, files in os.walk(self.tmp.name):
            for f in files:
                if root.startswith(self.work) or f.endswith(".py"):
                    continue
                with open(os.path.join(root, f), "rb") as fh:
                    self.assertNotIn(self.secret.encode(), fh.read(), os.path.join(root, f))
        self.assertIn("org.qt.keychain", self.keychain_listing())  # the cached token is there …
        self.assertFalse(self.in_keychain(self.secret))  # … the secret is not

    def test_line_endings(self):
        for name, body in (("crlf", "sys.stdout.write(SECRET + '\\r\\n')"),
                           ("bare", "sys.stdout.write(SECRET)")):
            self.assertEqual(self.add(name, self.script(name + ".py", body)).returncode, 0)
            token = self.token(name)
            self.assertEqual(token.returncode, 0, name + ": " + token.stderr)
        # Only one line break is taken off; what is left is not one line of text.
        two = self.script("two.py", "sys.stdout.write(SECRET + '\\n\\n')")
        self.assertEqual(self.add("two", two).returncode, 0)
        self.assert_failure(self.token("two"), "control characters")
        tab = self.script("tab.py", "sys.stdout.write('ab\\tcd')")
        self.assertEqual(self.add("tab", tab).returncode, 0)
        self.assert_failure(self.token("tab"), "control characters")

    def test_hang_is_stopped_at_the_timeout_and_the_process_killed(self):
        pidfile = os.path.join(self.tmp.name, "hang.pid")
        hang = self.script("hang.py", "open(%r, 'w').write(str(os.getpid()))\n"
                                      "time.sleep(600)" % pidfile)
        self.assertEqual(self.add("hang", hang, "--secret-command-timeout", "2").returncode, 0)
        shown = self.cli(["profiles", "show", "hang"]).stdout
        self.assertIn("command timeout", shown)
        started = time.monotonic()
        result = self.token("hang")
        elapsed = time.monotonic() - started
        self.assert_failure(result, "did not finish within 2 s", "hang.py")
        self.assertGreaterEqual(elapsed, 1.5)
        self.assertLess(elapsed, 15)
        with open(pidfile) as f:
            pid = int(f.read())
        with self.assertRaises(ProcessLookupError):  # killed and reaped, not left running
            os.kill(pid, 0)

    def test_prints_nothing(self):
        empty = self.script("empty.py", "pass")
        self.assertEqual(self.add("empty", empty).returncode, 0)
        self.assert_failure(self.token("empty"), "printed nothing", "empty.py")
        newline = self.script("newline.py", "print()")
        self.assertEqual(self.add("newline", newline).returncode, 0)
        self.assert_failure(self.token("newline"), "printed nothing")

    def test_exit_code_and_first_stderr_line_without_the_secret(self):
        failing = self.script(
            "failing.py",
            "sys.stdout.write(SECRET + '\\n')\n"
            "sys.stderr.write('\\n  vault: access denied for ' + SECRET + ' \\x1b[31m\\n"
            "second line\\n')\n"
            "sys.exit(3)")
        self.assertEqual(self.add("failing", failing).returncode, 0)
        result = self.token("failing")
        self.assert_failure(result, "exit code 3", "vault: access denied for «redacted»")
        self.assertNotIn("second line", result.stderr)
        self.assertNotIn("\x1b", result.stderr)
        with open(os.path.join(self.data, "audit.jsonl"), encoding="utf-8") as f:
            audit = f.read()
        self.assertIn("exit code 3", audit)
        self.assertNotIn(self.secret, audit)

    def test_program_not_found_or_not_executable(self):
        missing = os.path.join(self.tmp.name, "no-such-dir", "tw-secret")
        self.assertEqual(self.add("missing", missing).returncode, 0)
        self.assert_failure(self.token("missing"), '"%s" was not found' % missing)
        self.assertEqual(self.add("unknown", "tw-no-such-program-4711 show x").returncode, 0)
        self.assert_failure(self.token("unknown"), '"tw-no-such-program-4711" was not found')
        plain = self.script("plain.py", "print(SECRET)", executable=False)
        self.assertEqual(self.add("plain", plain).returncode, 0)
        self.assert_failure(self.token("plain"), '"%s" is not executable' % plain)

    def test_arguments_reach_the_program_intact_without_a_shell(self):
        words = ["a b", 'say "hi"', "x;y", "$(touch pwned)", "`touch pwned2`", "*", "'q'"]
        argv = self.script("argv.py",
                           "if sys.argv[1:] == %r:\n"
                           "    print(SECRET)\n"
                           "else:\n"
                           "    sys.exit('argv was %%r' %% sys.argv[1:])" % words)
        line = " ".join([argv] + [quoted(w) for w in words])
        self.assertEqual(self.add("argv", line).returncode, 0)
        shown = json.loads(self.cli(["profiles", "show", "argv", "--json"]).stdout)
        self.assertEqual(shown["secret_command"], [argv] + words)
        token = self.token("argv")
        self.assertEqual(token.returncode, 0, token.stderr)
        self.assertEqual(os.listdir(self.work), [])  # nothing ran `touch`
        # The line `profiles show` prints gives the same list back.
        text = self.cli(["profiles", "show", "argv"]).stdout
        displayed = [l for l in text.splitlines() if l.startswith("secret command")][0]
        displayed = displayed[len("secret command"):].strip()
        edited = self.cli(["profiles", "edit", "argv", "--secret-command", displayed])
        self.assertEqual(edited.returncode, 0, edited.stderr)
        again = json.loads(self.cli(["profiles", "show", "argv", "--json"]).stdout)
        self.assertEqual(again["secret_command"], [argv] + words)

    def test_too_much_output(self):
        huge = self.script("huge.py", "sys.stdout.write('x' * 200000)")
        self.assertEqual(self.add("huge", huge).returncode, 0)
        self.assert_failure(self.token("huge"), "more than 64 KiB")
        endless = self.script("endless.py", "while True:\n    sys.stdout.write('y' * 4096)")
        self.assertEqual(self.add("endless", endless, "--secret-command-timeout", "60")
                         .returncode, 0)
        started = time.monotonic()
        self.assert_failure(self.token("endless"), "more than 64 KiB")
        self.assertLess(time.monotonic() - started, 30)  # stopped at the cap, not the deadline

    def test_edit_switches_between_keychain_and_command(self):
        added = self.cli(["profiles", "add", "switch", "--kind", "oauth2", "--token-url",
                          self.info["token_url"], "--client-id", self.info["client_id"]],
                         self.secret + "\n")
        self.assertEqual(added.returncode, 0, added.stderr)
        self.assertTrue(self.in_keychain(self.secret))
        ok = self.script("switch.py", "print(SECRET)")
        edited = self.cli(["profiles", "edit", "switch", "--secret-command", ok])
        self.assertEqual(edited.returncode, 0, edited.stderr)
        self.assertIn("Removed the stored secret", edited.stderr)
        self.assertFalse(self.in_keychain(self.secret))
        self.assertEqual(self.token("switch").returncode, 0)
        both = self.cli(["profiles", "edit", "switch", "--secret-stdin"], "other\n")
        self.assert_failure(both, "secret command", code=EXIT_USAGE)
        cleared = self.cli(["profiles", "edit", "switch", "--no-secret-command"])
        self.assertEqual(cleared.returncode, 0, cleared.stderr)
        self.assertIn("no secret yet", cleared.stderr)
        self.assertNotIn("secret_command",
                         json.loads(self.cli(["profiles", "show", "switch", "--json"]).stdout))
        self.assert_failure(self.token("switch"), "No client secret is stored",
                            code=EXIT_NOT_FOUND)

    def test_private_key_and_commvault_password_from_commands(self):
        # private_key_jwt: the PEM, line breaks and all, from a program that is not ours.
        key = os.path.join(DATA, "client-rsa-pkcs1.pem")
        added = self.cli(["profiles", "add", "jwt", "--kind", "oauth2", "--token-url",
                          self.info["token_url"], "--client-id", self.info["jwt_rsa_client_id"],
                          "--client-auth", "private_key_jwt", "--key-id", "tw-demo-rsa-1",
                          "--secret-command", "cat " + quoted(key)])
        self.assertEqual(added.returncode, 0, added.stderr)
        token = self.token("jwt")
        self.assertEqual(token.returncode, 0, token.stderr)
        self.assertNotIn("PRIVATE KEY", self.keychain_listing())
        # A Commvault login session: the password.
        cv = self.sandbox.provider("commvault")
        password = self.script("cvpass.py", "print(%r)" % cv["password"])
        added = self.cli(["profiles", "add", "cvlogin", "--kind", "commvault", "--api-base",
                          cv["api_base"], "--username", cv["username"], "--secret-command",
                          password])
        self.assertEqual(added.returncode, 0, added.stderr)
        token = self.token("cvlogin")
        self.assertEqual(token.returncode, 0, token.stderr)
        self.assertFalse(self.in_keychain(cv["password"]))

    def test_refused_where_there_is_no_secret_to_give(self):
        cv = self.sandbox.provider("commvault")
        result = self.cli(["profiles", "add", "cv", "--kind", "commvault", "--api-base",
                           cv["api_base"], "--secret-command", "pass show cv"])
        self.assert_failure(result, "token pair", code=EXIT_USAGE)
        public = self.cli(["profiles", "add", "public", "--kind", "oauth2", "--token-url",
                           self.info["token_url"], "--client-id", "x", "--client-auth", "none",
                           "--secret-command", "pass show x"])
        self.assert_failure(public, "no secret for a secret command", code=EXIT_USAGE)
        for bad in ("", '""', "   "):
            empty = self.add("blank", bad)
            self.assert_failure(empty, "names no program", code=EXIT_USAGE)
        timeout = self.add("slow", "pass", "--secret-command-timeout", "0")
        self.assert_failure(timeout, "--secret-command-timeout", code=EXIT_USAGE)

    def test_export_carries_the_command_and_import_asks_no_secret_for_it(self):
        ok = self.script("shared.py", "print(SECRET)")
        self.assertEqual(self.add("shared", ok, "--secret-command-timeout", "7").returncode, 0)
        path = os.path.join(self.tmp.name, "export.json")
        exported = self.cli(["profiles", "export", "shared", "-o", path])
        self.assertEqual(exported.returncode, 0, exported.stderr)
        with open(path) as f:
            document = json.load(f)
        profile = document["profiles"][0]
        self.assertEqual(profile["secret_command"], [ok])
        self.assertEqual(profile["options"]["secret_command_timeout_sec"], 7)
        self.assertNotIn(self.secret, json.dumps(document))
        other = dict(self.env, TOKENWRIGHT_CONFIG_DIR=os.path.join(self.tmp.name, "other"))
        # Standard input is empty: a prompt for this profile would fail the import.
        imported = self.cli(["profiles", "import", path, "--with-secrets-stdin"], "", other)
        self.assertEqual(imported.returncode, 0, imported.stderr)
        self.assertIn("its secret comes from the command: " + ok, imported.stdout)
        self.assertNotIn("no secret yet", imported.stderr)
        token = self.cli(["token", "shared"], env=other)
        self.assertEqual(token.returncode, 0, token.stderr)
        self.cli(["profiles", "remove", "shared"], env=other)
        # A command that is not a list of strings is refused, naming the field.
        profile["secret_command"] = "pass show x"
        bad = os.path.join(self.tmp.name, "bad.json")
        with open(bad, "w") as f:
            json.dump(document, f)
        refused = self.cli(["profiles", "import", bad], "", other)
        self.assert_failure(refused, "secret_command must be a list of strings", code=EXIT_USAGE)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(1 if failed else 0)
