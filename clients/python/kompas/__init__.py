"""kompas: a Python client for Kompas tooling scripts.

    import kompas

    client = kompas.Client.from_env()      # KOMPAS_SERVER, KOMPAS_TOKEN, ... as the CLI
    for case in client.cases.list(status="open"):
        print(case.name, case.title)

The messages are the generated ones from proto/ (kompas.v1.*_pb2); every
refusal raises a KompasError subclass (kompas.PersonalDataFound,
kompas.NotFound, kompas.Conflict, ...). See the README's "Python client".
"""

from kompas.client import Client, new_request_id
from kompas.errors import (AlreadyExists, Conflict, DeadlineExceeded, FailedPrecondition,
                           FieldViolation, Finding, InvalidArgument, KompasError, NotFound,
                           PermissionDenied, PersonalDataFound, PreconditionViolation,
                           ResourceExhausted, Unauthenticated, Unavailable)
from kompas.retry import RetryPolicy
from kompas.settings import DEFAULT_SERVER, Settings, SettingsError

__version__ = "0.1.0"

__all__ = [
    "AlreadyExists", "Client", "Conflict", "DEFAULT_SERVER", "DeadlineExceeded",
    "FailedPrecondition", "FieldViolation", "Finding", "InvalidArgument", "KompasError",
    "NotFound", "PermissionDenied", "PersonalDataFound", "PreconditionViolation",
    "ResourceExhausted", "RetryPolicy", "Settings", "SettingsError", "Unauthenticated",
    "Unavailable", "__version__", "new_request_id",
]
