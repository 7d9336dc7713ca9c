"""How a script reaches kompasd and signs in: the `kompas` CLI's own settings.

    settings = Settings.from_env()          # os.environ, like the CLI
    settings = Settings.from_env({"KOMPAS_SERVER": "kompas.example.nl:443",
                                  "KOMPAS_TLS": "1", "KOMPAS_TOKEN": token})

The environment variables, each as the CLI's option of the same name (see
`kompas --help`); one that is set but empty counts as not set:

- KOMPAS_SERVER: host:port of kompasd. Default 127.0.0.1:50051 (what
  `tools/dev.sh run` starts).
- KOMPAS_TOKEN: the access token, sent as `authorization: Bearer <token>`.
  Default: the token `kompas login` saved in $XDG_CONFIG_HOME/kompas/token
  (else ~/.config/kompas/token); none at all means kompasd answers
  UNAUTHENTICATED.
- KOMPAS_TLS: 1/true/yes/on to speak TLS. KOMPAS_CA, KOMPAS_CERT and
  KOMPAS_KEY imply it.
- KOMPAS_CA: PEM file of the CA that signed kompasd's certificate. Default:
  the system's roots.
- KOMPAS_CERT, KOMPAS_KEY: PEM client certificate and its key for mutual TLS,
  both or neither.
- KOMPAS_COMMUNITY: the community id (or `communities/{id}`) calls work in.
  Default: the only community the caller sees.

A token is never sent unencrypted to another machine: without TLS the server
must be a loopback address (127.x, localhost, [::1], a unix: socket) unless
`insecure=True` says the network path is trusted, as the CLI's --insecure.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Mapping, Optional

# Where kompasd listens when nothing else is said, as `tools/dev.sh run` starts it.
DEFAULT_SERVER = "127.0.0.1:50051"

_TRUE = {"1", "true", "yes", "on", "enable", "+"}
_FALSE = {"0", "false", "no", "off", "disable", "-"}
_ASCII_WHITESPACE = " \t\n\v\f\r"


class SettingsError(ValueError):
    """The settings are wrong or unsafe; nothing was sent. The message says
    which setting and what to do."""


def token_path(environ: Optional[Mapping[str, str]] = None) -> str:
    """Where `kompas login` keeps the token: $XDG_CONFIG_HOME/kompas/token,
    else $HOME/.config/kompas/token."""
    env = os.environ if environ is None else environ
    xdg = env.get("XDG_CONFIG_HOME", "")
    home = env.get("HOME", "")
    base = xdg if xdg else (os.path.join(home, ".config") if home else ".")
    return os.path.join(base, "kompas", "token")


def saved_token(environ: Optional[Mapping[str, str]] = None) -> str:
    """The token `kompas login` saved (its first line, trimmed); "" when none."""
    try:
        with open(token_path(environ), encoding="utf-8", errors="replace") as f:
            return f.readline().strip(_ASCII_WHITESPACE)
    except OSError:
        return ""


def is_loopback(server: str) -> bool:
    """True for 127.x, localhost, ::1 and unix-socket targets: plaintext there
    never leaves the machine."""
    host = server[len("dns:///"):] if server.startswith("dns:///") else server
    return (host.startswith("unix:") or host.startswith("127.") or host.startswith("localhost")
            or host.startswith("[::1]") or host == "::1")


def _flag(name: str, value: str) -> bool:
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise SettingsError(f"{name}={value!r} is not a yes/no value; use 1 or 0")


def _read_pem(name: str, path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise SettingsError(f"cannot read {name} {path}: {e.strerror}") from None


@dataclasses.dataclass(frozen=True)
class Settings:
    """Where kompasd is and who calls it. Build it with from_env(), or
    directly and then call validate()."""

    # host:port of kompasd (a gRPC target).
    server: str = DEFAULT_SERVER
    # The access token; "" sends none.
    token: str = ""
    # Speak TLS. Default False: plaintext, which kompasd serves only on loopback.
    tls: bool = False
    # PEM CA certificates kompasd's certificate must chain to; None: the system's roots.
    ca_pem: Optional[bytes] = None
    # PEM client certificate and private key for mutual TLS, both or neither.
    cert_pem: Optional[bytes] = None
    key_pem: Optional[bytes] = None
    # Community id or `communities/{id}`; "" means the only one the caller sees.
    community: str = ""
    # Allow sending the token in plaintext to a server that is not on this machine.
    insecure: bool = False

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None, *,
                 insecure: bool = False) -> "Settings":
        """The settings from `environ` (default os.environ), resolved and
        validated as the CLI does. Raises SettingsError."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str:
            return env.get(name, "") or ""

        ca, cert, key = get("KOMPAS_CA"), get("KOMPAS_CERT"), get("KOMPAS_KEY")
        if bool(cert) != bool(key):
            raise SettingsError("KOMPAS_CERT and KOMPAS_KEY go together: the client certificate "
                                "and its private key")
        tls = _flag("KOMPAS_TLS", get("KOMPAS_TLS")) if get("KOMPAS_TLS") else False
        settings = cls(
            server=get("KOMPAS_SERVER") or DEFAULT_SERVER,
            token=get("KOMPAS_TOKEN") or saved_token(env),
            tls=tls or bool(ca) or bool(cert),
            ca_pem=_read_pem("KOMPAS_CA", ca) if ca else None,
            cert_pem=_read_pem("KOMPAS_CERT", cert) if cert else None,
            key_pem=_read_pem("KOMPAS_KEY", key) if key else None,
            community=get("KOMPAS_COMMUNITY"),
            insecure=insecure,
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        """Refuses a certificate without its key, a token that cannot be sent
        as gRPC metadata, and a token that would travel unencrypted to another
        machine without `insecure`. Raises SettingsError."""
        if (self.cert_pem is None) != (self.key_pem is None):
            raise SettingsError("cert_pem and key_pem go together")
        if any(not (0x20 <= ord(c) <= 0x7E) for c in self.token):
            raise SettingsError("the token must be printable ASCII; copy it exactly as it was "
                                "issued")
        if self.token and not self.tls and not self.insecure and not is_loopback(self.server):
            raise SettingsError(
                f"refusing to send your token unencrypted to {self.server}; set KOMPAS_TLS=1 "
                "(with KOMPAS_CA for a private CA), or pass insecure=True if the network path "
                "is trusted")
