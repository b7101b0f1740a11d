"""One version number (issue 13): project(VERSION) in CMakeLists.txt is what both programs'
--version print, what the AppStream release and the manual pages name, and the AppStream
file is valid with a screenshot for each image it lists (each one in resources/screenshots).
The package's own version is checked by the package test."""

import os
import shutil
import subprocess
import sys
import unittest
import xml.etree.ElementTree as ET

VERSION, DATE, SOURCE, CLI, GUI, METAINFO, *MAN_PAGES = sys.argv[1:]
del sys.argv[1:]


class Versions(unittest.TestCase):
    def run_version(self, program):
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        result = subprocess.run([program, "--version"], capture_output=True, text=True,
                                env=env, timeout=30)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.strip()

    def test_programs_print_the_project_version(self):
        self.assertEqual(self.run_version(CLI), "tokenwright-cli " + VERSION)
        self.assertEqual(self.run_version(GUI), "tokenwright " + VERSION)

    def test_appstream_release_and_screenshots(self):
        root = ET.parse(METAINFO).getroot()
        releases = root.findall("releases/release")
        self.assertGreaterEqual(len(releases), 1)
        self.assertEqual(releases[0].get("version"), VERSION)
        self.assertEqual(releases[0].get("date"), DATE)
        shots = root.findall("screenshots/screenshot")
        self.assertGreaterEqual(len(shots), 1)
        self.assertEqual([s.get("type") for s in shots].count("default"), 1)
        for shot in shots:
            url = shot.find("image").text
            self.assertTrue(url.startswith("https://"), url)
            self.assertTrue(shot.find("caption").text)
            local = os.path.join(SOURCE, "resources", "screenshots", url.rsplit("/", 1)[1])
            self.assertTrue(os.path.isfile(local), local)

    def test_appstream_file_is_valid(self):
        if not shutil.which("appstreamcli"):
            self.skipTest("appstreamcli is not installed")
        result = subprocess.run(["appstreamcli", "validate", "--no-net", METAINFO],
                                capture_output=True, text=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_manual_pages_name_the_version(self):
        for page in MAN_PAGES:
            with open(page) as f:
                th = next(line for line in f if line.startswith(".TH "))
            self.assertIn('"Tokenwright %s"' % VERSION, th)
            self.assertIn('"%s"' % DATE, th)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if result.wasSuccessful() else 1)
