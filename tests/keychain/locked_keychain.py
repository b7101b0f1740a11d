"""A locked keychain is reported as locked (exit 6), never as "no secret stored" (exit 3),
and a change attempted while it is locked changes nothing (tests/SECURITY.md).

Locking the keyring would break every other test sharing the runner's Secret Service, so
this test starts its own: a private D-Bus session with a fresh gnome-keyring, then locks
that keyring's collection through the Secret Service API.
"""

import os
import shutil
import subprocess
import sys
import tempfile

CLI = sys.argv[1]
SKIP = 77


def outer():
    if not shutil.which("dbus-run-session") or not shutil.which("gnome-keyring-daemon"):
        if os.environ.get("TOKENWRIGHT_TESTS_REQUIRE_ALL") == "1":
            print("FAIL (TOKENWRIGHT_TESTS_REQUIRE_ALL): dbus-run-session or "
                  "gnome-keyring-daemon missing", file=sys.stderr)
            return 1
        print("SKIP: dbus-run-session or gnome-keyring-daemon missing", file=sys.stderr)
        return SKIP
    scratch = tempfile.mkdtemp()
    env = dict(os.environ)
    for name in ("data", "config", "cache", "runtime", "home"):
        os.makedirs(os.path.join(scratch, name), mode=0o700)
    env.update(XDG_DATA_HOME=os.path.join(scratch, "data"),
               XDG_CONFIG_HOME=os.path.join(scratch, "config"),
               XDG_CACHE_HOME=os.path.join(scratch, "cache"),
               XDG_RUNTIME_DIR=os.path.join(scratch, "runtime"),
               HOME=os.path.join(scratch, "home"),
               TOKENWRIGHT_CONFIG_DIR=os.path.join(scratch, "tw"),
               TOKENWRIGHT_KEYCHAIN_SERVICE="tokenwright-locked-test")
    script = ("echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && "
              'exec "$0" "$1" "$2" --inner')
    try:
        return subprocess.run(["dbus-run-session", "--", "sh", "-c", script, sys.executable,
                               __file__, CLI], env=env, timeout=120).returncode
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def cli(*args, stdin=""):
    return subprocess.run([CLI, *args], input=stdin, capture_output=True, text=True, timeout=60)


def lock_default_collection():
    return subprocess.run(
        ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.secrets",
         "/org/freedesktop/secrets", "org.freedesktop.Secret.Service.Lock",
         "array:objpath:/org/freedesktop/secrets/aliases/default"],
        capture_output=True, text=True, timeout=30)


def inner():
    added = cli("profiles", "add", "locked", "--kind", "oauth2", "--token-url",
                "http://127.0.0.1:9/token", "--client-id", "x", stdin="the-secret\n")
    assert added.returncode == 0, added.stderr
    locked = lock_default_collection()
    assert locked.returncode == 0, locked.stderr
    failures = []
    token = cli("token", "locked")
    if token.returncode != 6 or "locked" not in token.stderr:
        failures.append("token: exit %d: %s" % (token.returncode, token.stderr))
    before = open(os.path.join(os.environ["TOKENWRIGHT_CONFIG_DIR"], "profiles.json")).read()
    edit = cli("profiles", "edit", "locked", "--secret-stdin", "--scope", "changed",
               stdin="new-secret\n")
    if edit.returncode != 6 or "locked" not in edit.stderr:
        failures.append("edit: exit %d: %s" % (edit.returncode, edit.stderr))
    after = open(os.path.join(os.environ["TOKENWRIGHT_CONFIG_DIR"], "profiles.json")).read()
    if before != after:
        failures.append("edit changed profiles.json while the keychain was locked")
    for failure in failures:
        print("FAIL:", failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(inner() if "--inner" in sys.argv else outer())
