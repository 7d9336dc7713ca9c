"""Client.from_env() over TLS and mutual TLS, against kompasd serving
certificates made by the `openssl` tool at test time (a throwaway CA, EC P-256
keys), as tests/e2e/tls_test.cc does for the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import unittest
from typing import ClassVar, List, Sequence

import kompas
from kompas.retry import RetryPolicy
from kompasd_fixture import KompasdTestCase

_SERVER_EXT = "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
_CLIENT_EXT = "extendedKeyUsage=clientAuth\n"


class Pki:
    """A CA and leaf certificates in `dir`: `<name>.pem` and `<name>.key`."""

    def __init__(self, directory: str) -> None:
        self.dir = directory
        self.openssl = shutil.which("openssl") or ""
        self.serial = 1

    def pem(self, name: str) -> str:
        return os.path.join(self.dir, name + ".pem")

    def key(self, name: str) -> str:
        return os.path.join(self.dir, name + ".key")

    def run(self, args: Sequence[str]) -> None:
        subprocess.run([self.openssl, *args], check=True, capture_output=True, timeout=30)

    def make_key(self, name: str) -> None:
        self.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                  "-out", self.key(name)])

    def make_ca(self, name: str) -> None:
        self.make_key(name)
        self.run(["req", "-x509", "-new", "-key", self.key(name), "-subj", "/CN=" + name,
                  "-days", "2", "-out", self.pem(name)])

    def make_leaf(self, name: str, ca: str, cn: str, extensions: str) -> None:
        self.make_key(name)
        csr, ext = os.path.join(self.dir, name + ".csr"), os.path.join(self.dir, name + ".ext")
        with open(ext, "w") as f:
            f.write(extensions + "basicConstraints=CA:FALSE\n")
        self.run(["req", "-new", "-key", self.key(name), "-subj", "/CN=" + cn, "-out", csr])
        self.serial += 1
        self.run(["x509", "-req", "-in", csr, "-CA", self.pem(ca), "-CAkey", self.key(ca),
                  "-set_serial", str(self.serial), "-days", "2", "-extfile", ext,
                  "-out", self.pem(name)])


class TlsTest(KompasdTestCase):
    pki: ClassVar[Pki]
    _pki_dir: ClassVar["tempfile.TemporaryDirectory[str]"]

    @classmethod
    def setUpClass(cls) -> None:
        if not shutil.which("openssl"):
            raise unittest.SkipTest("openssl not found (apt-get install openssl)")
        cls._pki_dir = tempfile.TemporaryDirectory(prefix="kompas-py-pki-")
        cls.pki = Pki(cls._pki_dir.name)
        cls.pki.make_ca("ca")
        cls.pki.make_leaf("server", "ca", "localhost", _SERVER_EXT)
        cls.pki.make_leaf("anna", "ca", "anna-zaanstad", _CLIENT_EXT)
        flags: List[str] = [f"--tls_cert={cls.pki.pem('server')}",
                            f"--tls_key={cls.pki.key('server')}",
                            f"--tls_client_ca={cls.pki.pem('ca')}"]
        cls.kompasd_flags = tuple(flags)

    @classmethod
    def tearDownClass(cls) -> None:
        cls._pki_dir.cleanup()

    def test_token_over_tls_with_a_private_ca(self) -> None:
        tls = kompas.Client.from_env(self.env("eva-amsterdam", KOMPAS_CA=self.pki.pem("ca")))
        self.addCleanup(tls.close)
        self.assertTrue(tls.settings.tls)
        self.assertEqual(tls.caller().member_id, "eva-amsterdam")

    def test_client_certificate_without_a_token(self) -> None:
        env = self.env("", KOMPAS_CA=self.pki.pem("ca"), KOMPAS_CERT=self.pki.pem("anna"),
                       KOMPAS_KEY=self.pki.key("anna"))
        client = kompas.Client.from_env(env)
        self.addCleanup(client.close)
        self.assertEqual(client.caller().member_id, "anna-zaanstad")
        self.assertGreaterEqual(len(list(client.cases.list())), 6)

    def test_plaintext_to_a_tls_server_fails(self) -> None:
        client = kompas.Client.from_env(self.env("eva-amsterdam"),
                                        retry=RetryPolicy(max_attempts=1), timeout=5)
        self.addCleanup(client.close)
        with self.assertRaises(kompas.KompasError) as caught:
            client.caller()
        self.assertIn(caught.exception.code.name, ("UNAVAILABLE", "DEADLINE_EXCEEDED"))

    def test_a_server_certificate_from_another_ca_is_refused(self) -> None:
        other = Pki(self.path)
        other.openssl = self.pki.openssl
        other.make_ca("other-ca")
        client = kompas.Client.from_env(self.env("eva-amsterdam", KOMPAS_CA=other.pem("other-ca")),
                                        retry=RetryPolicy(max_attempts=1), timeout=5)
        self.addCleanup(client.close)
        with self.assertRaises(kompas.KompasError) as caught:
            client.caller()
        self.assertIn(caught.exception.code.name, ("UNAVAILABLE", "DEADLINE_EXCEEDED"))


if __name__ == "__main__":
    unittest.main()
