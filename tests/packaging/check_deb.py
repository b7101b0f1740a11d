"""The .deb (issue 13): built with cpack from this build tree, it holds what a Debian user
expects (programs, manual pages, completions, desktop entry, icon, AppStream file,
copyright and changelog), carries the project version, passes lintian without an error,
and declares what the programs load at run time: every library or plugin they dlopen()
(SVG icon and image plugins for the window, libsecret for QtKeychain) belongs to a package
that its Depends pull in. Its dependencies resolve with apt (simulated; nothing is
installed), and the programs run from the unpacked package."""

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

BUILD, VERSION = sys.argv[1:3]
del sys.argv[1:]
SKIP = 77

EXPECTED_FILES = [
    "usr/bin/tokenwright",
    "usr/bin/tokenwright-cli",
    "usr/share/man/man1/tokenwright.1.gz",
    "usr/share/man/man1/tokenwright-cli.1.gz",
    "usr/share/bash-completion/completions/tokenwright-cli",
    "usr/share/zsh/vendor-completions/_tokenwright-cli",
    "usr/share/fish/vendor_completions.d/tokenwright-cli.fish",
    "usr/share/applications/tokenwright.desktop",
    "usr/share/icons/hicolor/scalable/apps/tokenwright.svg",
    "usr/share/metainfo/io.tokenwright.Tokenwright.metainfo.xml",
    "usr/share/doc/tokenwright/copyright",
    "usr/share/doc/tokenwright/changelog.gz",
]


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=300, **kwargs)


def package_names(field):
    """Package names in a Depends-style field, alternatives included."""
    names = []
    for part in re.split(r"[,|]", field):
        name = part.strip().split(" ")[0].split(":")[0]
        if name:
            names.append(name)
    return names


def installed_closure(roots):
    """Every installed package that `roots` depend on, directly or not (Pre-Depends too)."""
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        out = run(["dpkg-query", "-W", "-f=${Depends}, ${Pre-Depends}, ${Provides}", name])
        if out.returncode == 0:
            todo.extend(n for n in package_names(out.stdout) if n not in seen)
    return seen


def owner(path):
    out = run(["dpkg", "-S", path if path.startswith("/") else "*/" + path])
    if out.returncode != 0:
        return None
    return out.stdout.splitlines()[0].split(":")[0]


def dlopened(output):
    """Files the dynamic loader reports as loaded by dlopen() (LD_DEBUG=files)."""
    found = set()
    for line in output.splitlines():
        match = re.search(r"file=(\S+) \[\d+\];\s+dynamically loaded by", line)
        if not match:
            continue
        name = match.group(1)
        # An unversioned libfoo.so is the -dev symlink, tried first when present; without
        # it the loader takes the versioned name, which its own package declares.
        if not name.startswith("/") and name.endswith(".so"):
            continue
        # Qt asks for an optimised variant (libqsvg.so.avx2) before the plugin itself.
        if name.startswith("/") and not os.path.exists(name):
            continue
        found.add(name)
    return found


class Deb(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        for tool in ("cpack", "dpkg-deb", "lintian"):
            if not shutil.which(tool):
                print("SKIP: %s is not installed" % tool, file=sys.stderr)
                sys.exit(SKIP)
        cls.tmp = tempfile.TemporaryDirectory()
        built = run(["cpack", "-G", "DEB", "-B", cls.tmp.name, "--config",
                     os.path.join(BUILD, "CPackConfig.cmake")], cwd=BUILD)
        assert built.returncode == 0, built.stdout + built.stderr
        debs = glob.glob(os.path.join(cls.tmp.name, "*.deb"))
        assert len(debs) == 1, debs
        cls.deb = debs[0]
        cls.root = os.path.join(cls.tmp.name, "root")
        assert run(["dpkg-deb", "-x", cls.deb, cls.root]).returncode == 0

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def field(self, name):
        return run(["dpkg-deb", "-f", self.deb, name]).stdout.strip()

    def test_version_and_name(self):
        self.assertEqual(self.field("Package"), "tokenwright")
        self.assertEqual(self.field("Version"), VERSION)
        self.assertTrue(os.path.basename(self.deb).startswith("tokenwright_%s_" % VERSION))

    def test_contents(self):
        for path in EXPECTED_FILES:
            self.assertTrue(os.path.isfile(os.path.join(self.root, path)), path)
        for page in glob.glob(os.path.join(self.root, "usr/share/man/man1/*.gz")):
            header = open(page, "rb").read(10)
            self.assertEqual(header[:2], b"\x1f\x8b", page)
            self.assertEqual(header[4:8], b"\0\0\0\0", page + ": gzip time stamp (use -n)")

    def test_lintian_finds_no_error(self):
        result = run(["lintian", "--tag-display-limit", "0", self.deb])
        errors = [l for l in result.stdout.splitlines() if l.startswith("E:")]
        self.assertEqual(errors, [], result.stdout)

    def test_run_time_loads_are_declared(self):
        depends = package_names(self.field("Depends"))
        for name in ("libqt6svg6", "libsecret-1-0", "libqt6keychain1", "libqt6widgets6"):
            self.assertIn(name, depends)
        closure = installed_closure(depends)
        env = dict(os.environ, LD_DEBUG="files", QT_QPA_PLATFORM="offscreen",
                   TOKENWRIGHT_CONFIG_DIR=os.path.join(self.tmp.name, "config"),
                   TOKENWRIGHT_KEYCHAIN_SERVICE="tokenwright-deb-%d" % os.getpid())
        gui = run([os.path.join(self.root, "usr/bin/tokenwright"), "--demo",
                   "--measure-startup"], env=env)
        self.assertEqual(gui.returncode, 0, gui.stderr[-2000:])
        # Any keychain access makes QtKeychain dlopen() libsecret, keychain or not.
        cli = run([os.path.join(self.root, "usr/bin/tokenwright-cli"), "profiles", "add",
                   "probe", "--kind", "oauth2", "--token-url", "http://127.0.0.1:9/t",
                   "--client-id", "x"], input="s\n", env=env)
        run([os.path.join(self.root, "usr/bin/tokenwright-cli"), "profiles", "remove",
             "probe"], env=dict(env, LD_DEBUG=""))
        loaded = dlopened(gui.stderr) | dlopened(cli.stderr)
        self.assertTrue(any("libqsvgicon" in f for f in loaded), "the SVG icon engine")
        self.assertTrue(any("libsecret" in f for f in loaded), "libsecret")
        missing = {}
        for path in sorted(loaded):
            package = owner(path)
            self.assertIsNotNone(package, path)
            if package not in closure:
                missing[path] = package
        self.assertEqual(missing, {}, "loaded at run time but not pulled in by Depends")

    def test_programs_run_from_the_package(self):
        cli = run([os.path.join(self.root, "usr/bin/tokenwright-cli"), "--version"])
        self.assertEqual(cli.stdout.strip(), "tokenwright-cli " + VERSION)
        man = run(["man", "-l", os.path.join(self.root, "usr/share/man/man1/tokenwright-cli.1.gz")],
                  env=dict(os.environ, MANWIDTH="80"))
        self.assertIn("exec NAME", man.stdout)

    def test_dependencies_resolve_with_apt(self):
        if not shutil.which("apt-get") or os.geteuid() != 0:
            self.skipTest("needs apt-get as root (it only simulates)")
        result = run(["apt-get", "install", "--simulate", "--no-install-recommends", self.deb])
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("Inst tokenwright", result.stdout)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if result.wasSuccessful() else 1)
