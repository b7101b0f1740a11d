"""tokenwright-cli customers / customer-tokens end to end: the real binary, a real keychain
(the runner's private gnome-keyring), `tokenwright-cli sandbox` over real sockets. Paging of
both MSP kinds as docs/providers.md says, the three output formats (JSON exactly as the server
sent it, aligned table, RFC 4180 CSV), bulk tokens with per-customer errors and exit codes."""

import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from sandbox_python_support import SandboxProcess, Served, skip  # noqa: E402

CLI = sys.argv.pop(1)
SKIP = 77
CUSTOMERS = 230  # three Druva pages of 100, five portal pages of 50


class CustomersCliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sandbox = SandboxProcess(CLI, "--customers", str(CUSTOMERS), "--verbose")
        cls.served = Served(cls.sandbox.process.stderr)
        cls.config = tempfile.TemporaryDirectory()
        cls.env = dict(os.environ,
                       TOKENWRIGHT_CONFIG_DIR=cls.config.name,
                       TOKENWRIGHT_KEYCHAIN_SERVICE="tokenwright-customers-%d" % os.getpid())
        msp = cls.sandbox.provider("druva-msp")
        probe = cls.run_cli(["profiles", "add", "msp", "--kind", "druva-msp",
                             "--token-url", msp["token_url"], "--api-base", msp["api_base"],
                             "--client-id", msp["client_id"]], msp["client_secret"] + "\n")
        if probe.returncode == 6:
            cls.sandbox.stop()
            skip("no Secret Service reachable (run through scripts/test.sh)")
        assert probe.returncode == 0, probe.stderr
        portal = cls.sandbox.provider("oidc")
        added = cls.run_cli(["profiles", "add", "portal", "--kind", "oidc",
                             "--issuer", portal["issuer"], "--api-base", portal["api_base"],
                             "--client-id", portal["client_id"]], portal["client_secret"] + "\n")
        assert added.returncode == 0, added.stderr
        cloud = cls.sandbox.provider("druva")
        added = cls.run_cli(["profiles", "add", "cloud", "--kind", "druva",
                             "--token-url", cloud["token_url"], "--api-base", cloud["api_base"],
                             "--client-id", cloud["client_id"]], cloud["client_secret"] + "\n")
        assert added.returncode == 0, added.stderr

    @classmethod
    def tearDownClass(cls):
        for name in ("msp", "portal", "cloud"):
            cls.run_cli(["profiles", "remove", name])
        cls.sandbox.stop()
        cls.config.cleanup()

    @classmethod
    def run_cli(cls, args, stdin=""):
        return subprocess.run([CLI, *args], input=stdin, capture_output=True, text=True,
                              env=cls.env, timeout=120)

    def ok(self, *args):
        result = self.run_cli(list(args))
        self.assertEqual(result.returncode, 0, result.stderr)
        return result

    def test_druva_json_is_every_object_as_sent(self):
        before = self.served.count("druva-msp.customers")
        customers = json.loads(self.ok("customers", "msp", "--json").stdout)
        self.assertEqual(len(customers), CUSTOMERS)
        self.assertEqual(self.served.count("druva-msp.customers"), before + 3)
        self.assertEqual(len({c["id"] for c in customers}), CUSTOMERS)
        # Every field of §1 is there, and the undocumented one on every 7th customer.
        for key in ("id", "customerName", "accountName", "address", "phone", "features",
                    "tenantAdmins", "status", "createdOn", "activeSince", "attributes", "cloud"):
            self.assertIn(key, customers[0])
        self.assertEqual(customers[2]["partnerNotes"], "field not in any document")
        self.assertIsInstance(customers[0]["status"], int)  # not turned into words

    def test_druva_table_is_aligned(self):
        lines = self.ok("customers", "msp").stdout.splitlines()
        self.assertEqual(len(lines), CUSTOMERS + 1)
        self.assertEqual(lines[0].split(), ["ID", "NAME", "STATUS", "CLOUD"])
        status_at = lines[0].index("STATUS")
        cloud_at = lines[0].index("CLOUD")
        words = {"ready", "creation pending", "tenant processing"}
        clouds = {"public", "FIPS", "FedRAMP"}
        for line in lines[1:]:
            self.assertIn(line[status_at:cloud_at].strip(), words, line)
            self.assertIn(line[cloud_at:].strip(), clouds, line)
        seen = {line[status_at:cloud_at].strip() for line in lines[1:]}
        self.assertEqual(seen, words)

    def test_csv_is_rfc4180(self):
        # Bytes: text mode would turn the CRLF record ends into "\n".
        done = subprocess.run([CLI, "customers", "msp", "--csv"], capture_output=True,
                              env=self.env, timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr)
        raw = done.stdout.decode("utf-8")
        rows = list(csv.reader(io.StringIO(raw, newline="")))
        self.assertEqual(rows[0][:5], ["id", "name", "account_name", "status", "cloud"])
        self.assertEqual(len(rows), CUSTOMERS + 1)
        by_id = {c["id"]: c for c in json.loads(self.ok("customers", "msp", "--json").stdout)}
        for row in rows[1:]:
            self.assertEqual(row[1], by_id[row[0]]["customerName"])
        # Names with a comma were quoted, and each record ends in CRLF.
        self.assertTrue(any("," in row[1] for row in rows[1:]))
        self.assertTrue(raw.endswith("\r\n"))

    def test_portal_pages_and_null_names(self):
        before = self.served.count("oidc.customers")
        customers = json.loads(self.ok("customers", "portal", "--json").stdout)
        self.assertEqual(len(customers), CUSTOMERS)
        self.assertEqual(self.served.count("oidc.customers"), before + 5)
        self.assertIsNone(customers[7]["name"])
        self.assertEqual(set(customers[0]), {"id", "name"})
        table = self.ok("customers", "portal").stdout.splitlines()
        self.assertEqual(len(table), CUSTOMERS + 1)

    def test_customer_tokens_by_id(self):
        ids = [c["id"] for c in json.loads(self.ok("customers", "msp", "--json").stdout)[:3]]
        before = self.served.count("druva-msp.customer-token")
        plain = self.ok("customer-tokens", "msp", "--ids", ",".join(ids))
        lines = [line.split("\t") for line in plain.stdout.splitlines()]
        self.assertEqual([line[0] for line in lines], ids)
        self.assertTrue(all(len(line) == 2 and line[1].count(".") == 2 for line in lines))
        self.assertEqual(self.served.count("druva-msp.customer-token"), before + 3)
        # The same as `token --customer`: the cached token is reused, not minted again.
        single = self.ok("token", "msp", "--customer", ids[0]).stdout.strip()
        self.assertEqual(single, lines[0][1])

        mixed = self.run_cli(["customer-tokens", "msp", "--ids", ids[0] + ",nosuchcustomer",
                              "--ids", ids[1], "--json"])
        self.assertEqual(mixed.returncode, 3, mixed.stderr)  # not found
        answer = json.loads(mixed.stdout)
        self.assertEqual([a["customer_id"] for a in answer], [ids[0], "nosuchcustomer", ids[1]])
        self.assertIn("access_token", answer[0])
        self.assertTrue(0 < answer[0]["expires_in"] <= 1800)
        self.assertNotIn("access_token", answer[1])
        self.assertIn("not found", answer[1]["error"])
        self.assertIsNone(answer[1]["expires_in"])
        plain = self.run_cli(["customer-tokens", "msp", "--ids", "nosuchcustomer"])
        self.assertEqual(plain.returncode, 3)
        self.assertTrue(plain.stdout.startswith("nosuchcustomer\terror: "), plain.stdout)

    def test_customer_tokens_for_all(self):
        before = self.served.count("druva-msp.customer-token")
        result = self.ok("customer-tokens", "msp", "--all", "--concurrency", "8", "--json",
                         "--force")
        answer = json.loads(result.stdout)
        self.assertEqual(len(answer), CUSTOMERS)
        self.assertTrue(all("access_token" in a for a in answer))
        self.assertEqual(self.served.count("druva-msp.customer-token"), before + CUSTOMERS)

    def test_usage_and_kinds(self):
        for args in (["customers"], ["customers", "msp", "--json", "--csv"],
                     ["customer-tokens", "msp"], ["customer-tokens", "msp", "--all", "--ids", "x"],
                     ["customer-tokens", "msp", "--ids", "x", "--concurrency", "0"],
                     ["customer-tokens", "msp", "--ids", "x", "--concurrency", "17"],
                     ["customers", "cloud"], ["customer-tokens", "portal", "--all"]):
            result = self.run_cli(args)
            self.assertEqual(result.returncode, 2, (args, result.stderr))
            self.assertEqual(result.stdout, "")
        self.assertEqual(self.run_cli(["customers", "nosuchprofile"]).returncode, 3)
        self.assertIn("customer-tokens", self.run_cli(["--help"]).stdout)


if __name__ == "__main__":
    unittest.main()
