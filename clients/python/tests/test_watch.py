"""sessions.watch() against a real kompasd that stops, crashes and comes back."""

from __future__ import annotations

import threading
import time
import unittest
from typing import Callable, List, Optional

from kompas.v1 import session_pb2
from kompasd_fixture import KompasdTestCase

# Bound on every wait of this test (seconds).
_WAIT = 90.0


class WatchTest(KompasdTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.events: List[session_pb2.SessionEvent] = []
        self.error: Optional[BaseException] = None
        self.lock = threading.Lock()

    def wait_for(self, what: str, condition: Callable[[], bool]) -> None:
        deadline = time.monotonic() + _WAIT
        while time.monotonic() < deadline:
            with self.lock:
                if condition() or self.error is not None:
                    break
            time.sleep(0.05)
        with self.lock:
            self.assertIsNone(self.error, f"the watch failed while waiting for {what}")
            self.assertTrue(condition(), f"timed out waiting for {what}: {self.sequences()}")

    def sequences(self) -> List[int]:
        return [e.sequence for e in self.events]

    def watch_in_background(self, name: str, member: str, after: int = 0) -> threading.Thread:
        watcher = self.client(member)

        def run() -> None:
            try:
                for event in watcher.sessions.watch(name, after_sequence=after):
                    with self.lock:
                        self.events.append(event)
            except BaseException as e:  # reported by wait_for and the test
                with self.lock:
                    self.error = e

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def test_resumes_across_restarts_with_every_event_once(self) -> None:
        anna = self.client("anna-zaanstad")
        bram = self.client("bram-enschede")  # the facilitator
        eva = self.client("eva-amsterdam")
        case = anna.cases.create(title="Een casus voor de intervisie", status="open")
        session = bram.sessions.create(case.name, method="incident")

        thread = self.watch_in_background(session.name, "anna-zaanstad")
        self.wait_for("the start event", lambda: len(self.events) >= 1)
        anna.sessions.join(session.name)
        self.wait_for("anna joining", lambda: len(self.events) >= 2)

        # kompasd stops (SIGTERM: it tells watchers where to resume) and
        # starts again; events happen before the watcher is back.
        self.restart_server()
        for c in (anna, bram, eva):
            self.assertTrue(c.wait_for_connection(30))
        eva.sessions.join(session.name)
        bram.sessions.advance(session.name)
        self.wait_for("the events after the restart", lambda: len(self.events) >= 4)

        # A crash: kill -9, no goodbye to the watcher.
        self.restart_server(kill=True)
        for c in (bram,):
            self.assertTrue(c.wait_for_connection(30))
        bram.sessions.advance(session.name)
        bram.sessions.close(session.name)

        thread.join(_WAIT)
        self.assertFalse(thread.is_alive(), f"the watch did not end: {self.sequences()}")
        self.assertIsNone(self.error)
        self.assertEqual(self.sequences(), list(range(1, 7)))
        kinds = [e.WhichOneof("change") for e in self.events]
        self.assertEqual(kinds, ["phase_changed", "participant_joined", "participant_joined",
                                 "phase_changed", "phase_changed", "closed"])
        self.assertEqual(self.events[2].participant_joined,
                         "communities/wijkteams/members/eva-amsterdam")

    def test_after_sequence_skips_what_was_seen(self) -> None:
        anna = self.client("anna-zaanstad")
        bram = self.client("bram-enschede")
        case = anna.cases.create(title="Nog een casus voor de intervisie", status="open")
        session = bram.sessions.create(case.name)
        anna.sessions.join(session.name)
        bram.sessions.advance(session.name)
        bram.sessions.close(session.name)
        events = list(anna.sessions.watch(session.name, after_sequence=2))
        self.assertEqual([e.sequence for e in events], [3, 4])
        # A closed session with nothing after the cursor ends at once.
        self.assertEqual(list(anna.sessions.watch(session.name, after_sequence=4)), [])


if __name__ == "__main__":
    unittest.main()
