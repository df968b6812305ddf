"""The server's deployment files (installer/server) ask `hpi serve` only for
options it has, as the generated CLI reference (docs/cli.md) lists them, and
the systemd unit keeps its hardening."""

import json
import pathlib
import re
import shlex
import unittest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SERVER = ROOT / "installer" / "server"


def serve_options():
    reference = (ROOT / "docs" / "cli.md").read_text()
    section = reference.split("Usage: hpi serve [OPTIONS]", 1)[1].split("Usage: hpi serve token", 1)[0]
    return set(re.findall(r"^\s+(?:-\w, )?(--[a-z-]+)", section, re.MULTILINE))


def options_in(words):
    return {w.split("=", 1)[0] for w in words if w.startswith("--")}


class ServerFiles(unittest.TestCase):
    def test_the_systemd_unit_asks_for_options_that_exist_and_is_hardened(self):
        unit = (SERVER / "hpi-server.service").read_text()
        start = re.search(r"^ExecStart=(.*)$", unit, re.MULTILINE).group(1)
        words = shlex.split(start)
        self.assertEqual(words[:2], ["/usr/local/bin/hpi", "serve"])
        self.assertLessEqual(options_in(words), serve_options())
        self.assertIn("127.0.0.1:", start, "loopback behind a proxy")
        for setting in ["NoNewPrivileges=yes", "ProtectSystem=strict", "User=hpi", "ReadWritePaths=/var/lib/hpi-server"]:
            self.assertIn(setting, unit)

    def test_the_container_runs_as_a_user_with_options_that_exist(self):
        containerfile = (SERVER / "Containerfile").read_text()
        command = json.loads(re.search(r"^CMD (\[.*\])$", containerfile, re.MULTILINE).group(1))
        self.assertEqual(command[0], "serve")
        self.assertLessEqual(options_in(command), serve_options())
        self.assertRegex(containerfile, r"(?m)^USER hpi$")
        self.assertIn("--data-dir", command)


if __name__ == "__main__":
    unittest.main()
