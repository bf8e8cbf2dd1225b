"""clusterctl against a running shoal-node's admin (gRPC) port."""

import json
import re
import subprocess
import unittest

from harness import CLUSTERCTL, ServerTestCase, free_port, wait_until


def clusterctl(*args, timeout=30):
    return subprocess.run([CLUSTERCTL, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


def table_fields(text):
    """The `info` table as {field: first word of the value}."""
    fields = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            fields[parts[0]] = parts[1]
    return fields


class ClusterctlInfoTest(ServerTestCase):
    def admin_address(self):
        return f"127.0.0.1:{self.server.admin_port}"

    def info_json(self):
        result = clusterctl("info", "--json", self.admin_address())
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def test_table_shows_port_and_key_count(self):
        self.assertEqual(self.server.cli("FLUSHALL").stdout, "OK\n")
        result = clusterctl("info", self.admin_address())
        self.assertEqual(result.returncode, 0, result.stderr)
        fields = table_fields(result.stdout)
        self.assertEqual(fields["port"], str(self.server.port))
        self.assertEqual(fields["admin_port"], str(self.server.admin_port))
        self.assertEqual(fields["keys"], "0")
        self.assertEqual(fields["pid"], str(self.server.proc.pid))
        self.assertEqual(fields["role"], "master")

        self.assertEqual(self.server.cli("MSET", "a", "1", "b", "2", "c", "3").stdout, "OK\n")
        self.assertEqual(self.server.cli("SET", "d", "4", "EX", "1000").stdout, "OK\n")
        result = clusterctl("info", self.admin_address())
        self.assertEqual(result.returncode, 0, result.stderr)
        fields = table_fields(result.stdout)
        self.assertEqual(fields["keys"], "4")
        self.assertEqual(fields["expires"], "1")
        self.assertRegex(result.stdout, r"(?m)^id\s+[0-9a-f]{40}$")

        self.server.cli("DEL", "a", "b")
        self.assertEqual(table_fields(clusterctl("info", self.admin_address()).stdout)["keys"],
                         "2")

    def test_json(self):
        self.server.cli("FLUSHALL")
        lines = "".join(f"SET json:{i} v\n" for i in range(25))
        self.server.cli(input=lines)
        info = self.info_json()
        for field in ("id", "version", "redis_version", "role", "host", "port", "admin_port",
                      "uptime_seconds", "keys", "expires", "used_memory", "connected_clients",
                      "pid", "cluster_enabled"):
            self.assertIn(field, info)
        self.assertEqual(info["port"], self.server.port)
        self.assertEqual(info["admin_port"], self.server.admin_port)
        self.assertEqual(info["keys"], 25)
        self.assertEqual(info["pid"], self.server.proc.pid)
        self.assertEqual(info["redis_version"], "7.0.15")
        self.assertIs(info["cluster_enabled"], False)
        self.assertGreater(info["used_memory"], 0)
        # The id is the node's run_id, as INFO reports it.
        run_id = re.search(r"run_id:(\w+)", self.server.cli("INFO", "server").stdout).group(1)
        self.assertEqual(info["id"], run_id)

    def test_uptime_advances(self):
        first = self.info_json()["uptime_seconds"]
        wait_until(lambda: self.info_json()["uptime_seconds"] > first, timeout=5,
                   what="uptime to advance")

    def test_unreachable_address_exits_1(self):
        result = clusterctl("info", "--timeout", "2", f"127.0.0.1:{free_port()}")
        self.assertEqual(result.returncode, 1, result)
        self.assertIn("cannot reach", result.stderr)
        self.assertEqual(result.stdout, "")

    def test_client_port_instead_of_admin_port_fails(self):
        result = clusterctl("info", "--timeout", "2", f"127.0.0.1:{self.server.port}")
        self.assertEqual(result.returncode, 1, result)
        self.assertEqual(result.stdout, "")

    def test_unimplemented_subcommand_exits_2(self):
        for sub in ("create", "reshard", "check"):
            with self.subTest(sub=sub):
                result = clusterctl(sub, self.admin_address())
                self.assertEqual(result.returncode, 2, result)
                self.assertIn("not implemented", result.stderr)

    def test_usage_errors_exit_2(self):
        self.assertEqual(clusterctl("no-such-subcommand").returncode, 2)
        self.assertEqual(clusterctl("info").returncode, 2)
        self.assertEqual(clusterctl("info", "not-an-address").returncode, 2)
        help_run = clusterctl("--help")
        self.assertEqual(help_run.returncode, 0)
        self.assertIn("info", help_run.stdout)


if __name__ == "__main__":
    unittest.main()
