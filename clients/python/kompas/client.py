"""kompas.Client: one connection to kompasd, with the API by resource.

    import kompas

    with kompas.Client.from_env() as client:              # the CLI's settings
        for case in client.cases.list(status="open"):     # follows page tokens
            print(case.name, case.title)
        doc = client.kompas.export(version="latest", format="csv")

Every call returns the generated protobuf messages (kompas.v1.*_pb2) and
raises a kompas.KompasError subclass when kompasd refuses. Unary calls are
retried on UNAVAILABLE and RESOURCE_EXHAUSTED only (see kompas.retry); a
create's request_id is made once and sent again on every retry, so a create
whose answer was lost is not done twice.

A Client is safe to use from several threads (gRPC channels are); a
generator it returns (a list, a watch) belongs to the thread iterating it.
"""

from __future__ import annotations

import datetime
import time
import uuid
from typing import (Any, Callable, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Type,
                    TypeVar, Union, cast)

import grpc
from google.protobuf import field_mask_pb2, message
from google.type import date_pb2

from kompas import errors
from kompas.export_format import format_export
from kompas.retry import RetryPolicy
from kompas.settings import Settings
from kompas.v1 import (case_pb2, case_pb2_grpc, community_pb2, community_pb2_grpc, kompas_pb2,
                       kompas_pb2_grpc, privacy_pb2, session_pb2, session_pb2_grpc,
                       standard_pb2, standard_pb2_grpc)

# Deadline of one unary call, in seconds.
DEFAULT_TIMEOUT = 30.0
# Deadline of a whole export stream, in seconds (a few MB at most).
EXPORT_TIMEOUT = 120.0
# Page size asked for by the list iterators (the server's maximum is 200).
DEFAULT_PAGE_SIZE = 100

# Resuming a dropped watch: the pause before each attempt doubles from the
# first to the last; a watch that cannot get through for WATCH_RESUME_FOR
# seconds gives up (a kompasd restart takes seconds, on a busy machine more
# than ten).
WATCH_FIRST_BACKOFF = 0.25
WATCH_MAX_BACKOFF = 2.0
WATCH_RESUME_FOR = 60.0

# gRPC waits ever longer between attempts to reach a server that refused a
# connection (up to two minutes); a watch resuming across a restart should
# be back within two seconds of kompasd.
_CHANNEL_OPTIONS = [
    ("grpc.initial_reconnect_backoff_ms", 250),
    ("grpc.max_reconnect_backoff_ms", 2000),
]

Request = TypeVar("Request", bound=message.Message)
Response = TypeVar("Response")
Result = TypeVar("Result")
E = TypeVar("E", bound=int)
M = TypeVar("M", bound=message.Message)
EnumValue = Union[str, int, None]
DateLike = Union[datetime.date, str, date_pb2.Date]


def new_request_id() -> str:
    """A fresh random id for `request_id` (a UUID)."""
    return str(uuid.uuid4())


def message_from_fields(message_type: Type[M], fields: Dict[str, Any],
                        **enums: Tuple[Any, str]) -> M:
    """A message of `message_type` from keyword fields; the fields named in
    `enums` (field=(enum, prefix)) may be given by name, as in enum_value."""
    for field, (enum, prefix) in enums.items():
        if field in fields:
            fields[field] = enum_value(enum, fields[field], prefix)
    return message_type(**fields)


def enum_value(enum: Type[E], value: EnumValue, prefix: str) -> E:
    """A value of the generated `enum` (e.g. case_pb2.CaseStatus) from its
    number, its full name (CASE_STATUS_OPEN) or its short name in any case
    ("open"); 0 for None."""
    wrapper: Any = enum  # at run time an EnumTypeWrapper, not a class
    if value is None:
        return cast(E, 0)
    if isinstance(value, int):
        return cast(E, value)
    word = value.strip().upper().replace("-", "_").replace(" ", "_")
    for name in (word, prefix + word):
        try:
            return cast(E, int(wrapper.Value(name)))
        except ValueError:
            pass
    known = ", ".join(n[len(prefix):].lower() for n in wrapper.keys()
                      if not n.endswith("UNSPECIFIED"))
    raise ValueError(f"{value!r} is not one of: {known}")


def to_date(value: DateLike) -> date_pb2.Date:
    """A google.type.Date from a datetime.date, "YYYY-MM-DD" or a Date."""
    if isinstance(value, date_pb2.Date):
        return value
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value.strip())
    return date_pb2.Date(year=value.year, month=value.month, day=value.day)


def _privacy_mode(redact: bool) -> privacy_pb2.PrivacyMode:
    return privacy_pb2.PRIVACY_MODE_REDACT if redact else privacy_pb2.PRIVACY_MODE_REJECT


class Client:
    """A connection to kompasd. Close it (or use `with`) when done."""

    def __init__(self, settings: Settings, *, retry: Optional[RetryPolicy] = None,
                 timeout: float = DEFAULT_TIMEOUT,
                 interceptors: Sequence[grpc.UnaryUnaryClientInterceptor] = (),
                 sleep: Callable[[float], None] = time.sleep) -> None:
        """`settings` say where and who (see Settings.from_env); `retry` when
        to retry (default RetryPolicy()); `timeout` the deadline of a unary
        call in seconds; `interceptors` wrap unary calls (logging, tests);
        `sleep` waits between retries."""
        settings.validate()
        self.settings = settings
        self.retry = retry or RetryPolicy()
        self.timeout = timeout
        self.sleep = sleep
        if settings.tls:
            credentials = grpc.ssl_channel_credentials(
                root_certificates=settings.ca_pem, private_key=settings.key_pem,
                certificate_chain=settings.cert_pem)
            self._raw_channel = grpc.secure_channel(settings.server, credentials, _CHANNEL_OPTIONS)
        else:
            self._raw_channel = grpc.insecure_channel(settings.server, _CHANNEL_OPTIONS)
        self.channel: grpc.Channel = (grpc.intercept_channel(self._raw_channel, *interceptors)
                                      if interceptors else self._raw_channel)
        self._metadata: Tuple[Tuple[str, str], ...] = (
            (("authorization", "Bearer " + settings.token),) if settings.token else ())
        self._community: Optional[str] = None

        self.case_stub = case_pb2_grpc.CaseServiceStub(self.channel)
        self.community_stub = community_pb2_grpc.CommunityServiceStub(self.channel)
        self.session_stub = session_pb2_grpc.SessionServiceStub(self.channel)
        self.standard_stub = standard_pb2_grpc.StandardServiceStub(self.channel)
        self.kompas_stub = kompas_pb2_grpc.KompasServiceStub(self.channel)

        self.communities = Communities(self)
        self.cases = Cases(self)
        self.reflections = Reflections(self)
        self.sessions = Sessions(self)
        self.standards = Standards(self)
        self.positions = Positions(self)
        self.kompas = KompasVersions(self)

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None, *, insecure: bool = False,
                 retry: Optional[RetryPolicy] = None, timeout: float = DEFAULT_TIMEOUT,
                 interceptors: Sequence[grpc.UnaryUnaryClientInterceptor] = ()) -> "Client":
        """A Client with the `kompas` CLI's settings: KOMPAS_SERVER,
        KOMPAS_TOKEN (else the token `kompas login` saved), KOMPAS_TLS,
        KOMPAS_CA, KOMPAS_CERT/KOMPAS_KEY, KOMPAS_COMMUNITY. Raises
        kompas.SettingsError for unsafe or incomplete settings."""
        return cls(Settings.from_env(environ, insecure=insecure), retry=retry, timeout=timeout,
                   interceptors=interceptors)

    def close(self) -> None:
        self._raw_channel.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- Calls ---------------------------------------------------------------

    @property
    def metadata(self) -> Tuple[Tuple[str, str], ...]:
        """The caller metadata every call sends (the token)."""
        return self._metadata

    def call(self, method: Callable[..., Response], request: message.Message,
             timeout: Optional[float] = None) -> Response:
        """One unary call with the caller's token, its deadline and retries
        (the same `request`, so the same request_id, on every attempt).
        Raises KompasError."""
        return self.retrying(
            lambda: method(request, timeout=timeout or self.timeout, metadata=self._metadata))

    def retrying(self, attempt_once: Callable[[], Result]) -> Result:
        """attempt_once() until it returns, or until the retry policy gives
        up on its gRPC error; raises that error as a KompasError."""
        attempt = 1
        while True:
            try:
                return attempt_once()
            except grpc.RpcError as rpc_error:
                error = errors.from_rpc_error(rpc_error)
            delay = self.retry.delay(attempt, error)
            if delay is None:
                raise error
            self.sleep(delay)
            attempt += 1

    def pages(self, method: Callable[..., Any], request: Any, items: str) -> Iterator[Any]:
        """Every item of a List call's field `items`, page after page, until
        the server sends an empty next_page_token. Each page is one call()."""
        while True:
            response = self.call(method, request)
            yield from getattr(response, items)
            if not response.next_page_token:
                return
            request.page_token = response.next_page_token

    def wait_for_connection(self, timeout: float) -> bool:
        """Waits until the channel to kompasd is up, at most `timeout` seconds."""
        try:
            grpc.channel_ready_future(self._raw_channel).result(timeout=timeout)
            return True
        except grpc.FutureTimeoutError:
            return False

    # --- Names ---------------------------------------------------------------

    @property
    def community(self) -> str:
        """`communities/{id}` calls work in: KOMPAS_COMMUNITY, else the only
        community the caller sees (one ListCommunities call, cached)."""
        if self._community is None:
            wanted = self.settings.community
            if wanted:
                self._community = wanted if wanted.startswith("communities/") else \
                    "communities/" + wanted
            else:
                found = [c.name for c in self.pages(self.community_stub.ListCommunities,
                                                    community_pb2.ListCommunitiesRequest(),
                                                    "communities")]
                if len(found) != 1:
                    raise errors.KompasError(
                        grpc.StatusCode.FAILED_PRECONDITION,
                        f"you see {len(found)} communities; set KOMPAS_COMMUNITY to one of: "
                        + ", ".join(n.split("/")[-1] for n in found))
                self._community = found[0]
        return self._community

    def name(self, collection: str, name_or_id: str) -> str:
        """A full resource name from a full name or a bare id in this
        client's community: name("cases", "abc") is `communities/c/cases/abc`."""
        if "/" in name_or_id:
            return name_or_id
        return f"{self.community}/{collection}/{name_or_id}"

    def caller(self) -> community_pb2.Caller:
        """Who the token belongs to: member, municipality, roles."""
        return self.call(self.community_stub.GetCaller, community_pb2.GetCallerRequest())


class _Resource:
    def __init__(self, client: Client) -> None:
        self._client = client


class Communities(_Resource):
    """Communities the caller sees."""

    def list(self) -> Iterator[community_pb2.Community]:
        c = self._client
        return c.pages(c.community_stub.ListCommunities, community_pb2.ListCommunitiesRequest(),
                       "communities")


class Cases(_Resource):
    """Dilemmas (kompas.v1.Case) in the client's community."""

    def list(self, *, status: EnumValue = None, theme: str = "", law: str = "",
             municipality: str = "", page_size: int = DEFAULT_PAGE_SIZE) -> Iterator[case_pb2.Case]:
        """Every case that matches, newest first, following page tokens.
        `status`: "open", "draft", ... or a CaseStatus value; `municipality`:
        `municipalities/GM0479` or GM0479."""
        c = self._client
        if municipality and "/" not in municipality:
            municipality = "municipalities/" + municipality
        request = case_pb2.ListCasesRequest(
            parent=c.community, page_size=page_size, theme=theme, law=law,
            municipality=municipality,
            status=enum_value(case_pb2.CaseStatus, status, "CASE_STATUS_"))
        return c.pages(c.case_stub.ListCases, request, "cases")

    def get(self, name: str) -> case_pb2.Case:
        """One case by full name or id. Raises NotFound."""
        c = self._client
        return c.call(c.case_stub.GetCase, case_pb2.GetCaseRequest(name=c.name("cases", name)))

    def create(self, case: Optional[case_pb2.Case] = None, *, request_id: Optional[str] = None,
               redact: bool = False, acknowledge_warnings: bool = False,
               **fields: Any) -> case_pb2.Case:
        """Writes a case: `case`, or its fields as keywords (title=...,
        situation=..., framing={"task": ...}, themes=[...], status="open").
        `request_id` (default: a new one) makes retries return the first
        result. `redact` replaces personal data instead of refusing it.
        Raises PersonalDataFound, InvalidArgument, PermissionDenied."""
        c = self._client
        if case is None:
            case = message_from_fields(case_pb2.Case, fields,
                                       status=(case_pb2.CaseStatus, "CASE_STATUS_"),
                                       visibility=(case_pb2.Visibility, "VISIBILITY_"))
        request = case_pb2.CreateCaseRequest(
            parent=c.community, case=case, request_id=request_id or new_request_id(),
            privacy_mode=_privacy_mode(redact), acknowledge_warnings=acknowledge_warnings)
        return c.call(c.case_stub.CreateCase, request)

    def update(self, case: case_pb2.Case, update_mask: Sequence[str], *, redact: bool = False,
               acknowledge_warnings: bool = False) -> case_pb2.Case:
        """Changes the fields named in `update_mask` (e.g. ["title",
        "status"]). Send the etag you read in `case.etag`: a stale one raises
        Conflict."""
        c = self._client
        request = case_pb2.UpdateCaseRequest(
            case=case, update_mask=field_mask_pb2.FieldMask(paths=list(update_mask)),
            privacy_mode=_privacy_mode(redact), acknowledge_warnings=acknowledge_warnings)
        return c.call(c.case_stub.UpdateCase, request)

    def delete(self, name: str, *, etag: str = "") -> None:
        """Deletes a case (only if it still has `etag`, when given)."""
        c = self._client
        c.call(c.case_stub.DeleteCase,
               case_pb2.DeleteCaseRequest(name=c.name("cases", name), etag=etag))


class Reflections(_Resource):
    """Peers' contributions (kompas.v1.Reflection) to a case."""

    def list(self, case: str, *, page_size: int = DEFAULT_PAGE_SIZE
             ) -> Iterator[case_pb2.Reflection]:
        """A case's reflections, oldest first."""
        c = self._client
        request = case_pb2.ListReflectionsRequest(parent=c.name("cases", case),
                                                  page_size=page_size)
        return c.pages(c.case_stub.ListReflections, request, "reflections")

    def create(self, case: str, *, kind: EnumValue, text: str,
               request_id: Optional[str] = None, redact: bool = False,
               acknowledge_warnings: bool = False) -> case_pb2.Reflection:
        """Adds a reflection of `kind` ("question", "experience",
        "consideration", "advice", "concern") to `case`; retried with the
        same request_id."""
        c = self._client
        request = case_pb2.CreateReflectionRequest(
            parent=c.name("cases", case),
            reflection=case_pb2.Reflection(
                kind=enum_value(case_pb2.ReflectionKind, kind, "REFLECTION_KIND_"), text=text),
            request_id=request_id or new_request_id(), privacy_mode=_privacy_mode(redact),
            acknowledge_warnings=acknowledge_warnings)
        return c.call(c.case_stub.CreateReflection, request)


class Sessions(_Resource):
    """Intervisie sessions (kompas.v1.Session), and following one live."""

    def list(self, *, state: EnumValue = None, case: str = "",
             page_size: int = DEFAULT_PAGE_SIZE) -> Iterator[session_pb2.Session]:
        c = self._client
        request = session_pb2.ListSessionsRequest(
            parent=c.community, page_size=page_size,
            state=enum_value(session_pb2.SessionState, state, "SESSION_STATE_"),
            case=c.name("cases", case) if case else "")
        return c.pages(c.session_stub.ListSessions, request, "sessions")

    def get(self, name: str) -> session_pb2.Session:
        c = self._client
        return c.call(c.session_stub.GetSession,
                      session_pb2.GetSessionRequest(name=c.name("sessions", name)))

    def create(self, case: str, *, method: str = "incident", title: str = "",
               request_id: Optional[str] = None) -> session_pb2.Session:
        """Starts a session on an OPEN case. Facilitators."""
        c = self._client
        request = session_pb2.CreateSessionRequest(
            parent=c.community,
            session=session_pb2.Session(case=c.name("cases", case), method=method, title=title),
            request_id=request_id or new_request_id())
        return c.call(c.session_stub.CreateSession, request)

    def join(self, name: str) -> session_pb2.Session:
        c = self._client
        return c.call(c.session_stub.JoinSession,
                      session_pb2.JoinSessionRequest(name=c.name("sessions", name)))

    def advance(self, name: str, *, current_phase: str = "") -> session_pb2.Session:
        """Moves to the next phase (Conflict when `current_phase` is stale)."""
        c = self._client
        return c.call(c.session_stub.AdvancePhase, session_pb2.AdvancePhaseRequest(
            name=c.name("sessions", name), current_phase=current_phase))

    def close(self, name: str) -> session_pb2.Session:
        c = self._client
        return c.call(c.session_stub.CloseSession,
                      session_pb2.CloseSessionRequest(name=c.name("sessions", name)))

    def watch(self, name: str, *, after_sequence: int = 0, until_closed: bool = True,
              resume_for: float = WATCH_RESUME_FOR) -> Iterator[session_pb2.SessionEvent]:
        """The session's events after `after_sequence`, each exactly once and
        in order, as they happen.

        A dropped stream (kompasd stopping or restarting, a lost connection,
        a watcher that fell behind) is resumed after the last event yielded;
        after `resume_for` seconds without getting through it raises the
        last error. With `until_closed` the generator ends after the
        session's `closed` event (or at once for a session closed before
        `after_sequence`); otherwise it runs until the caller stops
        iterating, which hangs up the stream."""
        c = self._client
        full_name = c.name("sessions", name)
        last = after_sequence
        backoff = WATCH_FIRST_BACKOFF
        failing_since = time.monotonic()
        started = False
        while True:
            connected = False
            error: Optional[errors.KompasError] = None
            stream = c.session_stub.WatchSession(
                session_pb2.WatchSessionRequest(name=full_name, after_sequence=last),
                metadata=c.metadata)
            try:
                for update in stream:
                    which = update.WhichOneof("update")
                    if which == "session":
                        connected = started = True
                        s = update.session
                        if (until_closed and s.state == session_pb2.SESSION_STATE_CLOSED
                                and s.last_sequence <= last):
                            return
                    elif which == "event" and update.event.sequence > last:
                        # The server sends each event once; the check keeps
                        # that promise across reconnects even if it did not.
                        last = update.event.sequence
                        yield update.event
                        if until_closed and update.event.HasField("closed"):
                            return
            except grpc.RpcError as rpc_error:
                error = errors.from_rpc_error(rpc_error)
            finally:
                stream.cancel()  # hangs up a stream the caller stopped reading
            if connected:
                backoff = WATCH_FIRST_BACKOFF
                failing_since = time.monotonic()
            code = error.code if error is not None else None
            # The server never ends a watch by itself. A dropped one is
            # resumed when the server says from where (stopping, or this
            # watcher fell behind) or when the connection broke after the
            # watch had started; anything else (not found, no access) is
            # the answer.
            asked = error is not None and "after_sequence" in error.metadata and code in (
                grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.ABORTED)
            broke = started and (error is None or code in (grpc.StatusCode.UNAVAILABLE,
                                                           grpc.StatusCode.CANCELLED))
            if not (asked or broke) or time.monotonic() - failing_since > resume_for:
                raise error or errors.KompasError(grpc.StatusCode.UNAVAILABLE,
                                                  "the watch ended and could not be resumed")
            time.sleep(backoff)
            backoff = min(backoff * 2, WATCH_MAX_BACKOFF)
            # Lets gRPC see kompasd come back as soon as it does.
            c.wait_for_connection(WATCH_MAX_BACKOFF)


class Standards(_Resource):
    """Professional standards (kompas.v1.Standard)."""

    def list(self, *, status: EnumValue = None, kind: EnumValue = None, law: str = "",
             theme: str = "", page_size: int = DEFAULT_PAGE_SIZE
             ) -> Iterator[standard_pb2.Standard]:
        """Standards that match, oldest first. `status`: "adopted",
        "proposed", ...; `kind`: "no_go", "must_do", ..."""
        c = self._client
        request = standard_pb2.ListStandardsRequest(
            parent=c.community, page_size=page_size, law=law, theme=theme,
            status=enum_value(standard_pb2.StandardStatus, status, "STANDARD_STATUS_"),
            kind=enum_value(standard_pb2.StandardKind, kind, "STANDARD_KIND_"))
        return c.pages(c.standard_stub.ListStandards, request, "standards")

    def get(self, name: str, *, revision: int = 0) -> standard_pb2.Standard:
        c = self._client
        return c.call(c.standard_stub.GetStandard, standard_pb2.GetStandardRequest(
            name=c.name("standards", name), revision=revision))


    def create(self, content: Optional[standard_pb2.StandardContent] = None, *,
               source_cases: Sequence[str] = (), request_id: Optional[str] = None,
               redact: bool = False, **fields: Any) -> standard_pb2.Standard:
        """Drafts a standard from `content`, or its fields as keywords
        (title=..., kind="no_go", modality="must_not", statement=...).
        Stewards; retried with the same request_id."""
        c = self._client
        if content is None:
            content = message_from_fields(standard_pb2.StandardContent, fields,
                                          kind=(standard_pb2.StandardKind, "STANDARD_KIND_"),
                                          modality=(standard_pb2.Modality, "MODALITY_"))
        standard = standard_pb2.Standard(
            content=content, source_cases=[c.name("cases", n) for n in source_cases])
        return c.call(c.standard_stub.CreateStandard, standard_pb2.CreateStandardRequest(
            parent=c.community, standard=standard, request_id=request_id or new_request_id(),
            privacy_mode=_privacy_mode(redact)))

    def propose(self, name: str) -> standard_pb2.Standard:
        """DRAFT → PROPOSED: open for endorsement. Stewards."""
        c = self._client
        return c.call(c.standard_stub.ProposeStandard,
                      standard_pb2.ProposeStandardRequest(name=c.name("standards", name)))

    def endorse(self, name: str) -> standard_pb2.Standard:
        """Endorses a PROPOSED standard, once per member."""
        c = self._client
        return c.call(c.standard_stub.EndorseStandard,
                      standard_pb2.EndorseStandardRequest(name=c.name("standards", name)))

    def adopt(self, name: str) -> standard_pb2.Standard:
        """PROPOSED → ADOPTED once the quorum endorses it. Stewards."""
        c = self._client
        return c.call(c.standard_stub.AdoptStandard,
                      standard_pb2.AdoptStandardRequest(name=c.name("standards", name)))


class Positions(_Resource):
    """Municipalities' positions on adopted standards (volg of leg uit)."""

    def list(self, *, standard: str = "", municipality: str = "",
             page_size: int = DEFAULT_PAGE_SIZE) -> Iterator[standard_pb2.Position]:
        """Positions by standard, then municipality; filter by either."""
        c = self._client
        if municipality and "/" not in municipality:
            municipality = "municipalities/" + municipality
        request = standard_pb2.ListPositionsRequest(
            parent=c.community, standard=c.name("standards", standard) if standard else "",
            municipality=municipality, page_size=page_size)
        return c.pages(c.standard_stub.ListPositions, request, "positions")

    def set(self, standard: str, municipality: str, *, stance: EnumValue,
            review_on: DateLike, explanation: str = "", redact: bool = False
            ) -> standard_pb2.Position:
        """Sets `municipality`'s (GM0479 or municipalities/GM0479) stance
        ("follows", "deviates" with an explanation, "not_applicable") on an
        adopted standard, to be reviewed on `review_on`."""
        c = self._client
        code = municipality.split("/")[-1]
        position = standard_pb2.Position(
            name=f"{c.name('standards', standard)}/positions/{code}",
            stance=enum_value(standard_pb2.Stance, stance, "STANCE_"),
            explanation=explanation, review_on=to_date(review_on))
        return c.call(c.standard_stub.SetPosition, standard_pb2.SetPositionRequest(
            position=position, privacy_mode=_privacy_mode(redact)))

    def summary(self, *, today: Optional[DateLike] = None) -> standard_pb2.RegisterSummary:
        """The comply-or-explain register: per municipality, counts per
        stance, standards without a position and overdue reviews (against
        `today`, default the server's today in UTC)."""
        c = self._client
        request = standard_pb2.GetRegisterSummaryRequest(parent=c.community)
        if today is not None:
            request.today.CopyFrom(to_date(today))
        return c.call(c.standard_stub.GetRegisterSummary, request)


class KompasVersions(_Resource):
    """Published kompas versions (kompas.v1.Kompas), and their exports."""

    def version_name(self, version: Union[str, int] = "latest") -> str:
        """`communities/{c}/kompasVersions/{n}` from 3, "3", "v3", "latest"
        or a full name."""
        c = self._client
        text = str(version).strip()
        parts = text.split("/")
        if len(parts) == 4 and parts[0] == "communities" and parts[2] == "kompasVersions":
            return text
        if text != "latest":
            digits = text[1:] if text[:1] in ("v", "V") else text
            if not digits.isascii() or not digits.isdigit() or int(digits) < 1:
                raise ValueError(f"not a kompas version: {version!r} (a number such as 3, v3, "
                                 "or latest)")
            text = str(int(digits))
        return f"{c.community}/kompasVersions/{text}"

    def get(self, version: Union[str, int] = "latest") -> kompas_pb2.Kompas:
        c = self._client
        return c.call(c.kompas_stub.GetKompas,
                      kompas_pb2.GetKompasRequest(name=self.version_name(version)))

    def versions(self) -> List[kompas_pb2.Kompas]:
        """Every published version, newest first, without their standards."""
        c = self._client
        return list(c.call(c.kompas_stub.ListKompasVersions,
                           kompas_pb2.ListKompasVersionsRequest(parent=c.community)).versions)

    def publish(self, release_notes: str) -> kompas_pb2.Kompas:
        """Publishes the next version: every ADOPTED standard at its current
        revision. Stewards."""
        c = self._client
        return c.call(c.kompas_stub.PublishKompas, kompas_pb2.PublishKompasRequest(
            parent=c.community, release_notes=release_notes))

    def export_messages(self, version: Union[str, int] = "latest"
                        ) -> Tuple[kompas_pb2.Kompas, List[standard_pb2.Standard]]:
        """The ExportKompas stream of a version: its header and its
        standards in the version's order."""
        c = self._client
        request = kompas_pb2.ExportKompasRequest(name=self.version_name(version))

        # The whole stream is read again on a retry: the same version always
        # streams the same messages.
        def read_stream() -> Tuple[kompas_pb2.Kompas, List[standard_pb2.Standard]]:
            header: Optional[kompas_pb2.Kompas] = None
            standards: List[standard_pb2.Standard] = []
            for part in c.kompas_stub.ExportKompas(request, timeout=EXPORT_TIMEOUT,
                                                   metadata=c.metadata):
                which = part.WhichOneof("part")
                if which == "header":
                    if header is not None:
                        raise errors.KompasError(grpc.StatusCode.INTERNAL,
                                                 "the server sent a second header")
                    header = part.header
                elif which == "standard":
                    if header is None:
                        raise errors.KompasError(grpc.StatusCode.INTERNAL,
                                                 "the server sent a standard before the "
                                                 "header")
                    standards.append(part.standard)
            if header is None:
                raise errors.KompasError(grpc.StatusCode.INTERNAL,
                                         "the server sent no header")
            return header, standards

        return c.retrying(read_stream)

    def export(self, version: Union[str, int] = "latest", format: str = "markdown") -> str:
        """A version as a document: "markdown", "json" or "csv", the same
        bytes (encoded as UTF-8) as kompas-export's."""
        header, standards = self.export_messages(version)
        return format_export(format, header, standards)
