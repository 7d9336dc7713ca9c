"""kompasd as a real server process for the Python client's tests.

The Python twin of tests/e2e/kompasd_fixture.h: kompasd on a free loopback
port with a fresh temp-dir store, the demo community and the demo members'
tokens (--demo_tokens_file). Every wait is bounded, so a hung child fails the
test instead of hanging ctest.

    class CasesTest(KompasdTestCase):
        def test_lists(self) -> None:
            client = self.client("anna-zaanstad")
            self.assertGreaterEqual(len(list(client.cases.list())), 6)
            self.restart_server()        # SIGTERM, then the same store and port

The binaries come from the environment ctest sets (KOMPASD, KOMPAS_EXPORT,
KOMPAS_SOURCE_DIR); see clients/python/CMakeLists.txt. The members of the demo
community: anna-zaanstad and eva-amsterdam (professionals), bram-enschede
(facilitator), chris-utrecht (privacy officer), dewi-westland (steward),
export-bot (exporter).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from typing import Dict, List, Mapping, Optional, Sequence

import kompas

COMMUNITY = "wijkteams"
COMMUNITY_NAME = "communities/wijkteams"

KOMPASD = os.environ.get("KOMPASD", "")
KOMPAS_EXPORT = os.environ.get("KOMPAS_EXPORT", "")
SOURCE_DIR = os.environ.get(
    "KOMPAS_SOURCE_DIR",
    os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))
PYTHON = os.environ.get("KOMPAS_PYTHON3", sys.executable)
EXAMPLES = os.path.join(SOURCE_DIR, "clients", "python", "examples")

# How long kompasd may take to start serving or to stop (seconds).
_START_TIMEOUT = 60.0
_STOP_TIMEOUT = 60.0


class Kompasd:
    """One kompasd process on `data_dir`; `work_dir` holds its port file, log
    and demo tokens."""

    def __init__(self, work_dir: str, flags: Sequence[str] = ()) -> None:
        if not KOMPASD:
            raise unittest.SkipTest("KOMPASD is not set: run the tests through ctest")
        self.work_dir = work_dir
        self.data_dir = os.path.join(work_dir, "db")
        self.tokens_file = os.path.join(work_dir, "demo-tokens")
        self.log_file = os.path.join(work_dir, "kompasd.log")
        self.flags = list(flags)
        self.port = 0
        self._process: Optional[subprocess.Popen[bytes]] = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, port: int = 0) -> None:
        """Starts kompasd (on `port`, 0: any free one) and waits until it serves."""
        assert self._process is None, "kompasd runs already"
        port_file = os.path.join(self.work_dir, "port")
        if os.path.exists(port_file):
            os.unlink(port_file)
        argv = [
            KOMPASD,
            f"--address=127.0.0.1:{port}",
            f"--data_dir={self.data_dir}",
            f"--port_file={port_file}",
            f"--municipalities={SOURCE_DIR}/data/municipalities.tsv",
            f"--seed={SOURCE_DIR}/data/demo_community.json",
            f"--demo_tokens_file={self.tokens_file}",
            "--drain_ms=100",
        ] + self.flags
        with open(self.log_file, "ab") as log:
            self._process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                             stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                self._process = None
                raise AssertionError("kompasd did not start:\n" + self.log())
            try:
                with open(port_file) as f:
                    text = f.read().strip()
                if text:
                    self.port = int(text)
                    return
            except (FileNotFoundError, ValueError):
                pass
            time.sleep(0.05)
        self.kill()
        raise AssertionError("kompasd did not serve within a minute:\n" + self.log())

    def stop(self) -> int:
        """SIGTERM; its exit code (a kill after a minute gives -9)."""
        if self._process is None:
            return 0
        self._process.send_signal(signal.SIGTERM)
        try:
            code = self._process.wait(_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._process.kill()
            code = self._process.wait()
        self._process = None
        return code

    def kill(self) -> None:
        """SIGKILL: a crash."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def token(self, member: str) -> str:
        """The demo token kompasd issued for `member`."""
        with open(self.tokens_file) as f:
            for line in f:
                fields = line.rstrip("\n").split("\t")
                if len(fields) == 3 and fields[0] == member:
                    return fields[2]
        raise AssertionError(f"no demo token for {member}")

    def log(self) -> str:
        try:
            with open(self.log_file, errors="replace") as f:
                return f.read()[-20000:]
        except FileNotFoundError:
            return ""


class KompasdTestCase(unittest.TestCase):
    """Each test gets its own temp directory and kompasd (started in setUp,
    stopped in tearDown, where it must exit 0)."""

    # More kompasd flags for every test of the class.
    kompasd_flags: Sequence[str] = ()

    def setUp(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="kompas-py-")
        self.path = self._dir.name
        self.home = os.path.join(self.path, "home")
        os.makedirs(self.home)
        self.server = Kompasd(self.path, self.kompasd_flags)
        self.server.start()
        self._clients: List[kompas.Client] = []

    def tearDown(self) -> None:
        for c in self._clients:
            c.close()
        running = self.server.running
        code = self.server.stop()
        self._dir.cleanup()
        if running:
            self.assertEqual(code, 0, "kompasd did not exit cleanly")

    def restart_server(self, kill: bool = False) -> None:
        """Stops (or kills) kompasd and starts it again on the same store and port."""
        port = self.server.port
        if kill:
            self.server.kill()
        else:
            self.assertEqual(self.server.stop(), 0, self.server.log())
        self.server.start(port=port)

    def env(self, member: str, **more: str) -> Dict[str, str]:
        """The environment of a script run as `member`: KOMPAS_SERVER,
        KOMPAS_TOKEN, KOMPAS_COMMUNITY, HOME and PYTHONPATH."""
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.home,
            "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
            "PYTHONDONTWRITEBYTECODE": "1",
            "KOMPAS_SERVER": self.server.address,
            "KOMPAS_COMMUNITY": COMMUNITY,
        }
        if member:
            env["KOMPAS_TOKEN"] = self.server.token(member)
        env.update(more)
        return env

    def client(self, member: str, **options: object) -> kompas.Client:
        """A Client signed in as `member`, through Client.from_env()."""
        c = kompas.Client.from_env(self.env(member), **options)  # type: ignore[arg-type]
        self._clients.append(c)
        return c

    def run_example(self, member: str, script: str, args: Sequence[str],
                    env: Optional[Mapping[str, str]] = None,
                    stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
        """Runs clients/python/examples/`script` as `member`; bounded."""
        all_env = self.env(member)
        all_env.update(env or {})
        return subprocess.run([PYTHON, os.path.join(EXAMPLES, script), *args], input=stdin,
                              capture_output=True, env=all_env, timeout=120)

    def export_tool(self, member: str, args: Sequence[str]) -> subprocess.CompletedProcess[bytes]:
        """Runs kompas-export as `member`; bounded."""
        if not KOMPAS_EXPORT:
            raise unittest.SkipTest("KOMPAS_EXPORT is not set: run the tests through ctest")
        return subprocess.run([KOMPAS_EXPORT, "--server", self.server.address, *args],
                              capture_output=True, env=self.env(member), timeout=120)
