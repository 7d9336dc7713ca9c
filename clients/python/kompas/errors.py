"""kompasd's refusals as exceptions.

Every failed call raises a KompasError subclass chosen by the gRPC code, with
the server's message and the google.rpc details kompasd attaches (see
proto/kompas/v1/errors.proto): the stable ErrorInfo `reason` and its
`metadata`, the BadRequest's field violations, the PreconditionFailure's
violations, RetryInfo's delay and, for a refusal by the PII gate, every
finding.

    try:
        client.cases.create(title="...", situation=text)
    except kompas.PersonalDataFound as e:
        for f in e.findings:
            print(f.field, f.kind, f.text_in(text))   # what to rephrase
    except kompas.InvalidArgument as e:
        for v in e.field_violations:
            print(v.field, v.reason, v.description)

The client judges nothing itself: what counts as personal data, a stale
etag or a missing role is the server's answer, passed on as it came.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Type

import grpc
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2

from kompas.v1 import privacy_pb2

# The trailer that carries a google.rpc.Status with the details.
_DETAILS_KEY = "grpc-status-details-bin"
# ErrorInfo.domain of kompasd's own reasons.
ERROR_DOMAIN = "kompas.v1"


@dataclasses.dataclass(frozen=True)
class Finding:
    """One piece of personal data the PII gate found. The span is in UTF-8
    bytes of the field's text, as the server counts; the text itself is never
    echoed back."""

    # Request field path, e.g. `case.situation` or `case.options[1]`.
    field: str
    # What was found: PERSON, BSN, PHONE, EMAIL, IBAN, ... (PiiKind without its prefix).
    kind: str
    # BLOCK (a direct identifier) or WARN (a quasi-identifier, may be acknowledged).
    severity: str
    # Byte offsets [start, end) in the field's UTF-8 text.
    start: int
    end: int
    # 0..1: how sure the gate is.
    confidence: float

    def text_in(self, text: str) -> str:
        """The found span of `text`, the field's text as it was sent."""
        return text.encode("utf-8")[self.start:self.end].decode("utf-8", errors="replace")


@dataclasses.dataclass(frozen=True)
class FieldViolation:
    """One wrong field of a request (google.rpc.BadRequest)."""

    # Field path, e.g. `case.title`.
    field: str
    # A FieldProblem name: REQUIRED, TOO_MANY_BYTES, PERSONAL_DATA, ...
    reason: str
    # English, for engineers.
    description: str


@dataclasses.dataclass(frozen=True)
class PreconditionViolation:
    """One state that does not allow the call (google.rpc.PreconditionFailure)."""

    # The ErrorReason, e.g. CASE_STATUS, QUORUM.
    type: str
    subject: str
    description: str


class KompasError(Exception):
    """A call kompasd refused or that did not reach it."""

    def __init__(self, code: grpc.StatusCode, message: str, *,
                 reason: str = "", metadata: Optional[Mapping[str, str]] = None,
                 field_violations: Sequence[FieldViolation] = (),
                 precondition_violations: Sequence[PreconditionViolation] = (),
                 findings: Sequence[Finding] = (),
                 retry_delay: Optional[float] = None) -> None:
        super().__init__(f"{code.name}: {message}" + (f" [{reason}]" if reason else ""))
        # The canonical gRPC code.
        self.code = code
        # The server's message: English, for engineers and logs; may change.
        self.message = message
        # The stable ErrorInfo reason (an ErrorReason name such as
        # ETAG_MISMATCH, PII_DETECTED, ROLE_REQUIRED); "" when none came.
        self.reason = reason
        # The refusal's facts, by the reason's documented keys.
        self.metadata: Dict[str, str] = dict(metadata or {})
        self.field_violations: List[FieldViolation] = list(field_violations)
        self.precondition_violations: List[PreconditionViolation] = list(precondition_violations)
        # The PII gate's findings; empty unless PersonalDataFound.
        self.findings: List[Finding] = list(findings)
        # Seconds the server asked to wait before retrying (RetryInfo); None when it did not say.
        self.retry_delay = retry_delay


class InvalidArgument(KompasError):
    """INVALID_ARGUMENT: the request is wrong; `field_violations` says where."""


class PersonalDataFound(InvalidArgument):
    """The PII gate refused text with personal data and stored nothing;
    `findings` lists every field, byte span and kind."""


class NotFound(KompasError):
    """NOT_FOUND: it does not exist, or is not yours to see."""


class AlreadyExists(KompasError):
    """ALREADY_EXISTS (also a request_id reused for a different request)."""


class PermissionDenied(KompasError):
    """PERMISSION_DENIED: the caller lacks the role or membership (see `reason`)."""


class Unauthenticated(KompasError):
    """UNAUTHENTICATED: no token, or an unknown, revoked or expired one."""


class Conflict(KompasError):
    """ABORTED: someone else was first (a stale etag: ETAG_MISMATCH; a moved
    phase: PHASE_MOVED). Read again and reapply the change."""


class FailedPrecondition(KompasError):
    """FAILED_PRECONDITION: the state of the case, session or standard does
    not allow this; `precondition_violations` says which."""


class ResourceExhausted(KompasError):
    """RESOURCE_EXHAUSTED: too many calls or watches; `retry_delay` says when to retry."""


class Unavailable(KompasError):
    """UNAVAILABLE: kompasd could not be reached or is stopping."""


class DeadlineExceeded(KompasError):
    """DEADLINE_EXCEEDED: no answer in time."""


_CLASSES: Dict[grpc.StatusCode, Type[KompasError]] = {
    grpc.StatusCode.INVALID_ARGUMENT: InvalidArgument,
    grpc.StatusCode.NOT_FOUND: NotFound,
    grpc.StatusCode.ALREADY_EXISTS: AlreadyExists,
    grpc.StatusCode.PERMISSION_DENIED: PermissionDenied,
    grpc.StatusCode.UNAUTHENTICATED: Unauthenticated,
    grpc.StatusCode.ABORTED: Conflict,
    grpc.StatusCode.FAILED_PRECONDITION: FailedPrecondition,
    grpc.StatusCode.RESOURCE_EXHAUSTED: ResourceExhausted,
    grpc.StatusCode.UNAVAILABLE: Unavailable,
    grpc.StatusCode.DEADLINE_EXCEEDED: DeadlineExceeded,
}


def _enum_word(enum_name: str, prefix: str) -> str:
    return enum_name[len(prefix):] if enum_name.startswith(prefix) else enum_name


def _unpack(detail: any_pb2.Any, message_type: type) -> Optional[object]:
    message: Any = message_type()
    if detail.Is(message.DESCRIPTOR) and detail.Unpack(message):
        return message
    return None


def _details(status: status_pb2.Status) -> Tuple[Dict[str, object], List[FieldViolation],
                                                List[PreconditionViolation], List[Finding],
                                                Optional[float]]:
    fields: Dict[str, object] = {"reason": "", "metadata": {}}
    violations: List[FieldViolation] = []
    preconditions: List[PreconditionViolation] = []
    findings: List[Finding] = []
    retry_delay: Optional[float] = None
    for detail in status.details:
        info = _unpack(detail, error_details_pb2.ErrorInfo)
        if isinstance(info, error_details_pb2.ErrorInfo):
            fields["reason"] = info.reason
            fields["metadata"] = dict(info.metadata)
            continue
        bad = _unpack(detail, error_details_pb2.BadRequest)
        if isinstance(bad, error_details_pb2.BadRequest):
            violations += [FieldViolation(v.field, v.reason, v.description)
                           for v in bad.field_violations]
            continue
        pre = _unpack(detail, error_details_pb2.PreconditionFailure)
        if isinstance(pre, error_details_pb2.PreconditionFailure):
            preconditions += [PreconditionViolation(v.type, v.subject, v.description)
                              for v in pre.violations]
            continue
        retry = _unpack(detail, error_details_pb2.RetryInfo)
        if isinstance(retry, error_details_pb2.RetryInfo):
            retry_delay = retry.retry_delay.seconds + retry.retry_delay.nanos / 1e9
            continue
        pf = _unpack(detail, privacy_pb2.PrivacyFindings)
        if isinstance(pf, privacy_pb2.PrivacyFindings):
            findings += [
                Finding(field=f.field,
                        kind=_enum_word(privacy_pb2.PiiKind.Name(f.kind), "PII_KIND_"),
                        severity=_enum_word(privacy_pb2.PiiSeverity.Name(f.severity),
                                            "PII_SEVERITY_"),
                        start=f.start, end=f.end, confidence=f.confidence)
                for f in pf.findings]
    return fields, violations, preconditions, findings, retry_delay


def status_details(metadata: Optional[Sequence[Tuple[str, object]]]) -> Optional[status_pb2.Status]:
    """The google.rpc.Status from a call's trailing metadata, if it carries one."""
    for key, value in metadata or ():
        if key == _DETAILS_KEY and isinstance(value, bytes):
            try:
                status: status_pb2.Status = status_pb2.Status.FromString(value)
                return status
            except Exception:  # a malformed trailer: no details rather than no error
                return None
    return None


def from_rpc_error(error: grpc.RpcError) -> KompasError:
    """The KompasError for a failed call (a grpc.RpcError that is a grpc.Call)."""
    code_fn = getattr(error, "code", None)
    code = code_fn() if callable(code_fn) else grpc.StatusCode.UNKNOWN
    if not isinstance(code, grpc.StatusCode):
        code = grpc.StatusCode.UNKNOWN
    details_fn = getattr(error, "details", None)
    message = (details_fn() if callable(details_fn) else "") or ""
    trailing_fn = getattr(error, "trailing_metadata", None)
    trailing = trailing_fn() if callable(trailing_fn) else None
    status = status_details(trailing)
    reason = ""
    metadata: Dict[str, str] = {}
    violations: List[FieldViolation] = []
    preconditions: List[PreconditionViolation] = []
    findings: List[Finding] = []
    retry_delay: Optional[float] = None
    if status is not None:
        fields, violations, preconditions, findings, retry_delay = _details(status)
        reason = str(fields["reason"])
        metadata = fields["metadata"]  # type: ignore[assignment]
    cls = _CLASSES.get(code, KompasError)
    if code == grpc.StatusCode.INVALID_ARGUMENT and (findings or reason == "PII_DETECTED"):
        cls = PersonalDataFound
    return cls(code, message, reason=reason, metadata=metadata, field_violations=violations,
               precondition_violations=preconditions, findings=findings,
               retry_delay=retry_delay)
