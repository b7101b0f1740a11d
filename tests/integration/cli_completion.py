"""Shell completion for tokenwright-cli (packaging/completions, issue 13).

bash: the completion file is sourced in a real bash and its function is called with
COMP_WORDS/COMP_CWORD set as bash sets them; COMPREPLY is checked for sub-commands,
option values and profile names (names with a space or a quote come back escaped).
fish: `complete -C` on command lines. zsh: the file parses. The names come from
`profiles list --names`, which reads profiles.json only: these runs have no D-Bus at all,
so a keychain access would fail. Without a profile store, completion offers no name,
prints nothing and creates nothing."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import uuid

CLI = os.path.abspath(sys.argv.pop(1))
SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
COMPLETIONS = os.path.join(SOURCE, "packaging", "completions")
NAMES = ["prod-msp", "prod eu", "o'neil", "staging"]


class Completion(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.config = os.path.join(self.tmp.name, "config")
        os.mkdir(self.config)
        profiles = [dict(id=str(uuid.uuid4()), name=n, kind="druva") for n in NAMES]
        with open(os.path.join(self.config, "profiles.json"), "w") as f:
            json.dump(dict(format_version=1, profiles=profiles), f)
        self.env = dict(os.environ, TOKENWRIGHT_CONFIG_DIR=self.config,
                        PATH=os.path.dirname(CLI) + os.pathsep + os.environ["PATH"],
                        DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent/no-bus")

    def tearDown(self):
        self.tmp.cleanup()

    def bash(self, *words, env=None):
        """COMPREPLY after completing the last word of `tokenwright-cli words…`."""
        script = ('source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); '
                  '_tokenwright_cli; printf "%s\\n" "${COMPREPLY[@]}"')
        result = subprocess.run(
            ["bash", "--norc", "--noprofile", "-c", script, "bash",
             os.path.join(COMPLETIONS, "tokenwright-cli.bash"), "tokenwright-cli", *words],
            capture_output=True, text=True, env=env or self.env, timeout=30)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, "")
        return [line for line in result.stdout.splitlines() if line]

    def test_names_are_listed_one_per_line_without_the_keychain(self):
        result = subprocess.run([CLI, "profiles", "list", "--names"], capture_output=True,
                                text=True, env=self.env, timeout=30)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.splitlines(), NAMES)

    def test_bash_completes_sub_commands(self):
        self.assertEqual(self.bash("pro"), ["profiles"])
        self.assertEqual(sorted(self.bash("e")), ["env", "exec"])
        self.assertEqual(self.bash("profiles", "re"), ["remove"])
        self.assertEqual(self.bash("profiles", "im"), ["import"])
        self.assertEqual(self.bash("profiles", "export", "sta"), ["staging"])
        self.assertEqual(self.bash("profiles", "import", "x.json", "--on-conflict", "re"),
                         ["rename", "replace"])
        self.assertEqual(self.bash("token", "--fo"), ["--force"])

    def test_bash_completes_profile_names(self):
        self.assertEqual(self.bash("token", "prod-"), ["prod-msp"])
        self.assertEqual(sorted(self.bash("exec", "pr")), ["prod-msp", "prod\\ eu"])
        self.assertEqual(self.bash("profiles", "show", "o"), ["o\\'neil"])
        self.assertEqual(self.bash("profiles", "rm", "stag"), ["staging"])
        self.assertEqual(self.bash("env", "--customer", "x", "st"), ["staging"])
        # Only the first plain word is a profile.
        self.assertEqual(self.bash("token", "staging", "st"), [])

    def test_bash_completes_values_and_the_command_after_the_separator(self):
        self.assertEqual(self.bash("env", "staging", "--shell", "f"), ["fish"])
        self.assertEqual(self.bash("profiles", "add", "x", "--kind", "druva-"), ["druva-msp"])
        self.assertIn("bash", self.bash("exec", "staging", "--", "bas"))
        self.assertEqual(self.bash("request", "staging", "PA"), ["PATCH"])

    def test_without_a_store_nothing_is_offered_or_created(self):
        missing = os.path.join(self.tmp.name, "no-such-config")
        env = dict(self.env, TOKENWRIGHT_CONFIG_DIR=missing)
        self.assertEqual(self.bash("token", "", env=env), [])
        self.assertFalse(os.path.exists(missing))
        with open(os.path.join(self.config, "profiles.json"), "w") as f:
            f.write("{damaged")
        self.assertEqual(self.bash("token", ""), [])  # and no error on the terminal

    def test_fish_completes_commands_and_names(self):
        if not shutil.which("fish"):
            self.skipTest("fish is not installed")

        def fish(line):
            script = 'source "%s"; complete -C "%s"' % (
                os.path.join(COMPLETIONS, "tokenwright-cli.fish"), line)
            result = subprocess.run(["fish", "--no-config", "-c", script], capture_output=True,
                                    text=True, env=self.env, timeout=30)
            self.assertEqual(result.stderr, "")
            return sorted(line.split("\t")[0] for line in result.stdout.splitlines())

        self.assertEqual(fish("tokenwright-cli tok"), ["token"])
        self.assertEqual(fish("tokenwright-cli token pr"), ["prod eu", "prod-msp"])
        self.assertEqual(fish("tokenwright-cli env staging --shell p"), ["powershell"])

    def test_zsh_completes_a_profile_name(self):
        if not shutil.which("zsh"):
            self.skipTest("zsh is not installed")
        # An interactive zsh on a pseudo-terminal (zpty) gets TAB after a partial name;
        # the completed line appears in its output. No fixed wait: the read blocks until
        # the pattern shows up, and the subprocess timeout ends a failure.
        script = r"""
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "fpath=($COMPLETIONS \$fpath); autoload -Uz compinit; compinit -u -D; PS1='> '"
zpty -w z "tokenwright-cli token sta"$'\t'
zpty -r z out '*tokenwright-cli token staging*'
print -r -- completed
"""
        result = subprocess.run(["zsh", "-f", "-c", script], capture_output=True, text=True,
                                env=dict(self.env, COMPLETIONS=COMPLETIONS), timeout=60)
        self.assertIn("completed", result.stdout, result.stderr)

    def test_zsh_file_parses(self):
        if not shutil.which("zsh"):
            self.skipTest("zsh is not installed")
        result = subprocess.run(["zsh", "-n", os.path.join(COMPLETIONS, "_tokenwright-cli")],
                                capture_output=True, text=True, timeout=30)
        self.assertEqual((result.returncode, result.stderr), (0, ""))


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(1 if failed else 0)
