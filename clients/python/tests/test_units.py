"""The Python client without a server: settings, errors, retries."""

from __future__ import annotations

import os
import tempfile
import unittest
from typing import Any, List, Optional, Sequence, Tuple

import grpc
from google.protobuf import any_pb2, duration_pb2
from google.rpc import error_details_pb2, status_pb2

import kompas
from kompas import errors
from kompas.retry import RetryPolicy
from kompas.v1 import case_pb2, privacy_pb2


class FakeRpcError(grpc.RpcError):  # type: ignore[misc]
    """What a failed unary call raises: a grpc.RpcError that is a grpc.Call."""

    def __init__(self, code: grpc.StatusCode, message: str = "",
                 details: Sequence[Any] = ()) -> None:
        super().__init__()
        self._code, self._message = code, message
        self._trailing: Tuple[Tuple[str, Any], ...] = ()
        if details:
            status = status_pb2.Status(code=code.value[0], message=message)
            for d in details:
                packed = any_pb2.Any()
                packed.Pack(d)
                status.details.append(packed)
            self._trailing = (("grpc-status-details-bin", status.SerializeToString()),)

    def code(self) -> grpc.StatusCode:
        return self._code

    def details(self) -> str:
        return self._message

    def trailing_metadata(self) -> Tuple[Tuple[str, Any], ...]:
        return self._trailing


class SettingsTest(unittest.TestCase):
    def setUp(self) -> None:
        self._dir = tempfile.TemporaryDirectory()
        self.home = self._dir.name

    def tearDown(self) -> None:
        self._dir.cleanup()

    def test_defaults_are_the_clis(self) -> None:
        s = kompas.Settings.from_env({"HOME": self.home})
        self.assertEqual(s.server, "127.0.0.1:50051")
        self.assertEqual(s.token, "")
        self.assertFalse(s.tls)

    def test_an_empty_variable_counts_as_unset(self) -> None:
        s = kompas.Settings.from_env({"HOME": self.home, "KOMPAS_SERVER": "", "KOMPAS_TLS": ""})
        self.assertEqual(s.server, kompas.DEFAULT_SERVER)
        self.assertFalse(s.tls)

    def test_reads_the_token_kompas_login_saved(self) -> None:
        os.makedirs(os.path.join(self.home, ".config", "kompas"))
        with open(os.path.join(self.home, ".config", "kompas", "token"), "w") as f:
            f.write("  saved-token \n")
        self.assertEqual(kompas.Settings.from_env({"HOME": self.home}).token, "saved-token")
        # KOMPAS_TOKEN wins over the file; XDG_CONFIG_HOME over HOME.
        self.assertEqual(kompas.Settings.from_env(
            {"HOME": self.home, "KOMPAS_TOKEN": "env-token"}).token, "env-token")
        self.assertEqual(kompas.Settings.from_env(
            {"HOME": self.home, "XDG_CONFIG_HOME": os.path.join(self.home, "none")}).token, "")

    def test_refuses_plaintext_token_to_another_machine(self) -> None:
        env = {"HOME": self.home, "KOMPAS_SERVER": "kompas.example.nl:443",
               "KOMPAS_TOKEN": "t"}
        with self.assertRaisesRegex(kompas.SettingsError, "unencrypted"):
            kompas.Settings.from_env(env)
        self.assertTrue(kompas.Settings.from_env(env, insecure=True).insecure)
        self.assertTrue(kompas.Settings.from_env(dict(env, KOMPAS_TLS="1")).tls)
        # Without a token there is nothing to protect.
        kompas.Settings.from_env({"HOME": self.home, "KOMPAS_SERVER": "kompas.example.nl:443"})

    def test_loopback_targets_may_be_plaintext(self) -> None:
        for server in ("127.0.0.1:50051", "localhost:1", "[::1]:5", "unix:/tmp/k.sock",
                       "dns:///127.0.0.1:9"):
            kompas.Settings.from_env({"HOME": self.home, "KOMPAS_SERVER": server,
                                      "KOMPAS_TOKEN": "t"})

    def test_ca_and_cert_imply_tls_and_go_with_their_key(self) -> None:
        pem = os.path.join(self.home, "ca.pem")
        with open(pem, "w") as f:
            f.write("-----BEGIN CERTIFICATE-----\n")
        s = kompas.Settings.from_env({"HOME": self.home, "KOMPAS_CA": pem})
        self.assertTrue(s.tls)
        self.assertEqual(s.ca_pem, b"-----BEGIN CERTIFICATE-----\n")
        with self.assertRaisesRegex(kompas.SettingsError, "go together"):
            kompas.Settings.from_env({"HOME": self.home, "KOMPAS_CERT": pem})
        s = kompas.Settings.from_env({"HOME": self.home, "KOMPAS_CERT": pem, "KOMPAS_KEY": pem})
        self.assertTrue(s.tls)
        with self.assertRaisesRegex(kompas.SettingsError, "cannot read"):
            kompas.Settings.from_env({"HOME": self.home, "KOMPAS_CA": pem + ".missing"})

    def test_refuses_a_token_that_is_not_printable_ascii(self) -> None:
        with self.assertRaisesRegex(kompas.SettingsError, "printable ASCII"):
            kompas.Settings.from_env({"HOME": self.home, "KOMPAS_TOKEN": "tök"})

    def test_tls_flag_values(self) -> None:
        for value, tls in (("1", True), ("true", True), ("yes", True), ("0", False),
                           ("off", False)):
            self.assertEqual(kompas.Settings.from_env(
                {"HOME": self.home, "KOMPAS_TLS": value}).tls, tls)
        with self.assertRaises(kompas.SettingsError):
            kompas.Settings.from_env({"HOME": self.home, "KOMPAS_TLS": "maybe"})


class ErrorsTest(unittest.TestCase):
    def test_pii_refusal_carries_the_findings(self) -> None:
        findings = privacy_pb2.PrivacyFindings(findings=[privacy_pb2.TextFinding(
            field="case.situation", kind=privacy_pb2.PII_KIND_PHONE,
            severity=privacy_pb2.PII_SEVERITY_BLOCK, start=4, end=15, confidence=0.9)])
        info = error_details_pb2.ErrorInfo(reason="PII_DETECTED", domain="kompas.v1",
                                           metadata={"findings": "1", "kinds": "PHONE"})
        bad = error_details_pb2.BadRequest(field_violations=[
            error_details_pb2.BadRequest.FieldViolation(field="case.situation",
                                                        description="contains personal data",
                                                        reason="PERSONAL_DATA")])
        e = errors.from_rpc_error(FakeRpcError(grpc.StatusCode.INVALID_ARGUMENT, "pii",
                                               [info, bad, findings]))
        self.assertIsInstance(e, kompas.PersonalDataFound)
        self.assertIsInstance(e, kompas.InvalidArgument)
        self.assertEqual(e.code, grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual(e.message, "pii")
        self.assertEqual(e.reason, "PII_DETECTED")
        self.assertEqual(e.metadata["kinds"], "PHONE")
        self.assertEqual(e.findings, [kompas.Finding("case.situation", "PHONE", "BLOCK", 4, 15,
                                                     0.9)])
        self.assertEqual(e.field_violations[0].reason, "PERSONAL_DATA")
        self.assertEqual(e.findings[0].text_in("Bel 06-12345678 nu"), "06-12345678")

    def test_codes_choose_the_class(self) -> None:
        for code, cls in ((grpc.StatusCode.NOT_FOUND, kompas.NotFound),
                          (grpc.StatusCode.PERMISSION_DENIED, kompas.PermissionDenied),
                          (grpc.StatusCode.ABORTED, kompas.Conflict),
                          (grpc.StatusCode.INVALID_ARGUMENT, kompas.InvalidArgument),
                          (grpc.StatusCode.INTERNAL, kompas.KompasError)):
            e = errors.from_rpc_error(FakeRpcError(code, "m"))
            self.assertIs(type(e), cls)
            self.assertEqual(e.code, code)
            self.assertEqual(e.reason, "")

    def test_retry_info_and_preconditions(self) -> None:
        retry = error_details_pb2.RetryInfo(retry_delay=duration_pb2.Duration(seconds=2,
                                                                              nanos=500000000))
        pre = error_details_pb2.PreconditionFailure(violations=[
            error_details_pb2.PreconditionFailure.Violation(type="QUORUM", subject="s",
                                                            description="d")])
        e = errors.from_rpc_error(FakeRpcError(grpc.StatusCode.RESOURCE_EXHAUSTED, "slow",
                                               [retry, pre]))
        self.assertIsInstance(e, kompas.ResourceExhausted)
        self.assertEqual(e.retry_delay, 2.5)
        self.assertEqual(e.precondition_violations[0].type, "QUORUM")


class FakeMethod:
    """A unary stub method that fails with the given codes, then succeeds."""

    def __init__(self, failures: Sequence[FakeRpcError]) -> None:
        self.failures = list(failures)
        self.requests: List[Any] = []

    def __call__(self, request: Any, timeout: Optional[float] = None,
                 metadata: Any = None) -> str:
        self.requests.append((request, request.SerializeToString()))
        if self.failures:
            raise self.failures.pop(0)
        return "ok"


class RetryTest(unittest.TestCase):
    def client(self, policy: RetryPolicy) -> Tuple[kompas.Client, List[float]]:
        slept: List[float] = []
        c = kompas.Client(kompas.Settings(server="127.0.0.1:1"), retry=policy, sleep=slept.append)
        self.addCleanup(c.close)
        return c, slept

    def test_retries_unavailable_with_backoff_and_the_same_request(self) -> None:
        c, slept = self.client(RetryPolicy(jitter=0, initial_backoff=0.25))
        method = FakeMethod([FakeRpcError(grpc.StatusCode.UNAVAILABLE),
                             FakeRpcError(grpc.StatusCode.UNAVAILABLE)])
        request = case_pb2.CreateCaseRequest(request_id=kompas.new_request_id())
        self.assertEqual(c.call(method, request), "ok")
        self.assertEqual(slept, [0.25, 0.5])
        sent = {wire for _, wire in method.requests}
        self.assertEqual(len(method.requests), 3)
        self.assertEqual(len(sent), 1, "every attempt sends the same request_id")

    def test_honours_retry_info(self) -> None:
        c, slept = self.client(RetryPolicy(jitter=0))
        retry = error_details_pb2.RetryInfo(retry_delay=duration_pb2.Duration(seconds=3))
        method = FakeMethod([FakeRpcError(grpc.StatusCode.RESOURCE_EXHAUSTED, "slow", [retry])])
        self.assertEqual(c.call(method, case_pb2.GetCaseRequest()), "ok")
        self.assertEqual(slept, [3.0])

    def test_other_codes_are_answers(self) -> None:
        c, slept = self.client(RetryPolicy())
        for code in (grpc.StatusCode.INTERNAL, grpc.StatusCode.ABORTED,
                     grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.INVALID_ARGUMENT):
            method = FakeMethod([FakeRpcError(code, "no")])
            with self.assertRaises(kompas.KompasError) as caught:
                c.call(method, case_pb2.GetCaseRequest())
            self.assertEqual(caught.exception.code, code)
            self.assertEqual(len(method.requests), 1)
        self.assertEqual(slept, [])

    def test_gives_up_after_max_attempts(self) -> None:
        c, slept = self.client(RetryPolicy(max_attempts=3, jitter=0))
        method = FakeMethod([FakeRpcError(grpc.StatusCode.UNAVAILABLE, "down")] * 5)
        with self.assertRaises(kompas.Unavailable):
            c.call(method, case_pb2.GetCaseRequest())
        self.assertEqual(len(method.requests), 3)
        self.assertEqual(len(slept), 2)

    def test_a_too_long_retry_info_is_not_waited_for(self) -> None:
        c, slept = self.client(RetryPolicy(max_retry_delay=10))
        retry = error_details_pb2.RetryInfo(retry_delay=duration_pb2.Duration(seconds=600))
        method = FakeMethod([FakeRpcError(grpc.StatusCode.RESOURCE_EXHAUSTED, "", [retry])])
        with self.assertRaises(kompas.ResourceExhausted) as caught:
            c.call(method, case_pb2.GetCaseRequest())
        self.assertEqual(caught.exception.retry_delay, 600)
        self.assertEqual(slept, [])


class NamesTest(unittest.TestCase):
    def test_version_names(self) -> None:
        c = kompas.Client(kompas.Settings(community="wijkteams"))
        self.addCleanup(c.close)
        v = c.kompas.version_name
        self.assertEqual(v("latest"), "communities/wijkteams/kompasVersions/latest")
        self.assertEqual(v(3), "communities/wijkteams/kompasVersions/3")
        self.assertEqual(v("v12"), "communities/wijkteams/kompasVersions/12")
        self.assertEqual(v("communities/x/kompasVersions/2"), "communities/x/kompasVersions/2")
        for bad in ("0", "v", "three", "-1"):
            with self.assertRaises(ValueError):
                v(bad)
        self.assertEqual(c.name("cases", "abc"), "communities/wijkteams/cases/abc")
        self.assertEqual(c.name("cases", "communities/o/cases/x"), "communities/o/cases/x")


if __name__ == "__main__":
    unittest.main()
