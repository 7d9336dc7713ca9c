"""The Python client against a real kompasd: paging, refusals, retries."""

from __future__ import annotations

import os
import threading
import time
import unittest
from typing import Any, Callable, List

import grpc

import kompas
from kompas.retry import RetryPolicy
from kompas.v1 import case_pb2
from kompasd_fixture import COMMUNITY_NAME, KompasdTestCase

FRAMING = {"task": "Jeugdwet", "purpose": "Passende hulp voor het gezin",
           "necessary_data": "Alleen de hulpvraag", "legal_basis_and_proportionality":
           "Toestemming van de ouders; minder gegevens kan niet"}


class PagingTest(KompasdTestCase):
    # 120 creates at once; the rate limit is tested below.
    kompasd_flags = ("--rate_limit_per_second=1000", "--rate_limit_burst=1000")

    def test_lists_120_cases_across_pages_without_gaps_or_duplicates(self) -> None:
        client = self.client("anna-zaanstad")
        before = {c.name for c in client.cases.list()}
        created = {client.cases.create(title="Een casus voor de paginering", status="open",
                                       situation="Een ouder vraagt om hulp.").name
                   for _ in range(120)}
        self.assertEqual(len(created), 120)

        listed = list(client.cases.list(page_size=7))
        names = [c.name for c in listed]
        self.assertEqual(len(names), len(set(names)), "a case was listed twice")
        self.assertEqual(set(names), before | created, "a case is missing")
        times = [(c.create_time.seconds, c.create_time.nanos) for c in listed]
        self.assertEqual(times, sorted(times, reverse=True), "not newest first across pages")

        # It really took many pages: the first page of 7 has a next_page_token.
        first = client.call(client.case_stub.ListCases,
                            case_pb2.ListCasesRequest(parent=COMMUNITY_NAME, page_size=7))
        self.assertEqual(len(first.cases), 7)
        self.assertTrue(first.next_page_token)

        # Filters go with every page.
        open_names = {c.name for c in client.cases.list(status="open", page_size=9)}
        self.assertTrue(created <= open_names)
        self.assertEqual(len(open_names), len(list(client.cases.list(status="OPEN"))))


class RefusalTest(KompasdTestCase):
    def test_pii_refusal_is_personal_data_found_with_exact_spans(self) -> None:
        client = self.client("anna-zaanstad")
        # Made-up test input, not real data: 06-12345678 is a placeholder mobile
        # number and example.nl a reserved example domain; the gate must refuse both.
        situation = "Zij belde met 06-12345678 en mailde naar j.devries@example.nl gisteren."
        before = len(list(client.cases.list()))
        with self.assertRaises(kompas.PersonalDataFound) as caught:
            client.cases.create(title="Een vraag van school", situation=situation,
                                framing=FRAMING, status="open")
        e = caught.exception
        self.assertEqual(e.code, grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual(e.reason, "PII_DETECTED")
        self.assertIn("personal data", e.message)
        spans = sorted((f.field, f.kind, f.severity, f.start, f.end) for f in e.findings)
        phone_start = situation.encode().index(b"06-12345678")
        mail = b"j.devries@example.nl"
        mail_start = situation.encode().index(mail)
        self.assertEqual(spans, [
            ("case.situation", "EMAIL", "BLOCK", mail_start, mail_start + len(mail)),
            ("case.situation", "PHONE", "BLOCK", phone_start, phone_start + 11),
        ])
        self.assertEqual(sorted(f.text_in(situation) for f in e.findings),
                         ["06-12345678", "j.devries@example.nl"])
        self.assertTrue(all(v.field == "case.situation" for v in e.field_violations))
        self.assertEqual(len(list(client.cases.list())), before, "nothing is stored")

    def test_byte_spans_count_utf8_bytes(self) -> None:
        client = self.client("anna-zaanstad")
        situation = "Café één: bel 06-12345678."
        with self.assertRaises(kompas.PersonalDataFound) as caught:
            client.cases.create(title="Een vraag", situation=situation)
        (f,) = [f for f in caught.exception.findings if f.kind == "PHONE"]
        self.assertEqual((f.start, f.end), (situation.encode().index(b"06"),
                                            situation.encode().index(b"06") + 11))
        self.assertEqual(f.text_in(situation), "06-12345678")

    def test_stale_etag_is_conflict(self) -> None:
        client = self.client("anna-zaanstad")
        case = client.cases.create(title="Een casus om te wijzigen", status="open")
        stale = case_pb2.Case()
        stale.CopyFrom(case)
        case.title = "Eerste wijziging"
        client.cases.update(case, ["title"])
        stale.title = "Tweede wijziging op een oude versie"
        with self.assertRaises(kompas.Conflict) as caught:
            client.cases.update(stale, ["title"])
        self.assertEqual(caught.exception.code, grpc.StatusCode.ABORTED)
        self.assertEqual(caught.exception.reason, "ETAG_MISMATCH")
        self.assertEqual(client.cases.get(case.name).title, "Eerste wijziging")

    def test_not_found_permission_denied_invalid_argument(self) -> None:
        client = self.client("anna-zaanstad")
        gone = client.cases.create(title="Een casus die verdwijnt")
        client.cases.delete(gone.name)
        with self.assertRaises(kompas.NotFound) as nf:
            client.cases.get(gone.name)
        self.assertEqual(nf.exception.reason, "NOT_FOUND")
        self.assertEqual(nf.exception.metadata.get("kind"), "cases")
        with self.assertRaises(kompas.PermissionDenied) as pd:
            client.kompas.publish("Nieuwe versie")  # stewards only
        self.assertEqual(pd.exception.reason, "ROLE_REQUIRED")
        with self.assertRaises(kompas.InvalidArgument) as ia:
            client.cases.create(title="")
        self.assertNotIsInstance(ia.exception, kompas.PersonalDataFound)
        self.assertEqual(ia.exception.reason, "INVALID_FIELDS")
        self.assertIn("case.title", [v.field for v in ia.exception.field_violations])

    def test_no_token_is_unauthenticated(self) -> None:
        client = self.client("")
        with self.assertRaises(kompas.Unauthenticated):
            list(client.cases.list())

    def test_from_env_uses_the_token_kompas_login_saved(self) -> None:
        os.makedirs(os.path.join(self.home, ".config", "kompas"))
        with open(os.path.join(self.home, ".config", "kompas", "token"), "w") as f:
            f.write(self.server.token("eva-amsterdam") + "\n")
        client = self.client("")
        self.assertEqual(client.caller().member_id, "eva-amsterdam")


class DropOnce(grpc.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    """Lets the first call of `method` reach the server and do its work, then
    loses the answer as a dropped connection would (UNAVAILABLE)."""

    class Dropped(grpc.RpcError):  # type: ignore[misc]
        def code(self) -> grpc.StatusCode:
            return grpc.StatusCode.UNAVAILABLE

        def details(self) -> str:
            return "connection dropped (test)"

        def trailing_metadata(self) -> tuple:  # type: ignore[type-arg]
            return ()

    def __init__(self, method: str) -> None:
        self.method = method
        self.request_ids: List[str] = []

    def intercept_unary_unary(self, continuation: Callable[..., Any], details: Any,
                              request: Any) -> Any:
        outcome = continuation(details, request)
        if details.method.endswith(self.method):
            self.request_ids.append(request.request_id)
            outcome.result()  # the server has done the work
            if len(self.request_ids) == 1:
                raise DropOnce.Dropped()
        return outcome


class RetryTest(KompasdTestCase):
    def test_a_create_retried_after_a_drop_creates_one_case(self) -> None:
        drop = DropOnce("/CreateCase")
        client = kompas.Client.from_env(self.env("anna-zaanstad"), interceptors=[drop])
        self.addCleanup(client.close)
        case = client.cases.create(title="Maar één keer aangemaakt", status="open")
        self.assertEqual(len(drop.request_ids), 2, "the create was not retried")
        self.assertEqual(drop.request_ids[0], drop.request_ids[1])
        self.assertTrue(drop.request_ids[0])
        same = [c.name for c in client.cases.list() if c.title == "Maar één keer aangemaakt"]
        self.assertEqual(same, [case.name])

    def test_a_reflection_retried_after_a_drop_is_posted_once(self) -> None:
        client = self.client("anna-zaanstad")
        case = client.cases.create(title="Een casus met een reflectie", status="open")
        drop = DropOnce("/CreateReflection")
        eva = kompas.Client.from_env(self.env("eva-amsterdam"), interceptors=[drop])
        self.addCleanup(eva.close)
        eva.reflections.create(case.name, kind="advice", text="Vraag eerst toestemming.")
        self.assertEqual(len(drop.request_ids), 2)
        self.assertEqual(len(set(drop.request_ids)), 1)
        self.assertEqual(len(list(client.reflections.list(case.name))), 1)


class RateLimitTest(KompasdTestCase):
    kompasd_flags = ("--rate_limit_per_second=1", "--rate_limit_burst=3")

    def test_resource_exhausted_is_retried_after_the_servers_retry_info(self) -> None:
        no_retry = self.client("anna-zaanstad", retry=RetryPolicy(max_attempts=1))
        with self.assertRaises(kompas.ResourceExhausted) as caught:
            for _ in range(10):
                no_retry.caller()
        e = caught.exception
        self.assertEqual(e.reason, "RATE_LIMITED")
        assert e.retry_delay is not None, "no RetryInfo"
        self.assertGreater(e.retry_delay, 0.0)
        self.assertLessEqual(e.retry_delay, float(e.metadata["retry_after_seconds"]))

        slept: List[float] = []
        lock = threading.Lock()

        def sleep(seconds: float) -> None:
            with lock:
                slept.append(seconds)
            time.sleep(seconds)

        settings = kompas.Settings.from_env(self.env("eva-amsterdam"))
        # A backoff of its own would be 30 s or more: every wait seen must be
        # the server's RetryInfo (at most a second at one call per second).
        patient = kompas.Client(settings, sleep=sleep,
                                retry=RetryPolicy(max_attempts=10, initial_backoff=30))
        self.addCleanup(patient.close)
        for _ in range(6):
            self.assertEqual(patient.caller().member_id, "eva-amsterdam")
        self.assertTrue(slept, "the rate limit was never hit")
        self.assertTrue(all(0.0 < s <= 1.0 for s in slept), slept)


if __name__ == "__main__":
    unittest.main()
