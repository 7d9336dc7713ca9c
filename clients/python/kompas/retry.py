"""When a failed call is tried again.

Only UNAVAILABLE (kompasd unreachable or stopping) and RESOURCE_EXHAUSTED (too
many calls) are retried: every other code is an answer. The wait is the
server's RetryInfo delay when it gave one, else an exponential backoff. A
create retried this way sends the same request, so the same `request_id`:
kompasd returns what the first attempt created instead of a duplicate.
"""

from __future__ import annotations

import dataclasses
import random
from typing import Optional

import grpc

from kompas.errors import KompasError

RETRIED_CODES = frozenset({grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.RESOURCE_EXHAUSTED})


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a call. RetryPolicy(max_attempts=1)
    never retries."""

    # Attempts in all, the first included.
    max_attempts: int = 5
    # Wait before the first retry, in seconds, doubling (times `multiplier`)
    # per retry up to `max_backoff`.
    initial_backoff: float = 0.25
    max_backoff: float = 8.0
    multiplier: float = 2.0
    # Up to this fraction of a backoff is added at random, so that many
    # scripts do not retry in lockstep. 0: exact waits.
    jitter: float = 0.2
    # A RetryInfo asking for a longer wait than this (seconds) is not waited
    # for: the error is raised.
    max_retry_delay: float = 120.0

    def delay(self, attempt: int, error: KompasError) -> Optional[float]:
        """Seconds to wait after failed attempt number `attempt` (1 for the
        first) before the next one; None: give up and raise `error`."""
        if error.code not in RETRIED_CODES or attempt >= self.max_attempts:
            return None
        if error.retry_delay is not None:
            return error.retry_delay if error.retry_delay <= self.max_retry_delay else None
        backoff = min(self.initial_backoff * self.multiplier ** (attempt - 1), self.max_backoff)
        return backoff * (1.0 + self.jitter * random.random())
