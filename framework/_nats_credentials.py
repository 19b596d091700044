"""Which credentials and TLS settings a platform process presents to NATS, from ``[nats]``.

Every process connects as one identity: a service as its ``[services.<name>]`` name, the
gateway as ``gateway``, ``turnout status`` as ``operator``. The identity names its file: an
explicit ``[nats.identities.<name>]`` entry, else ``<identity>.nk`` (an nkey seed) or
``<identity>.creds`` (user JWT and seed) in ``credentials_dir``, else in ``<var_dir>/nats-keys``
when that folder exists (``turnout up`` makes it). With none of these the process connects
without credentials, which only a server without authorization accepts.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

from framework._config import PlatformConfig, check_secret_file
from framework._errors import ConfigError

__all__ = ["GATEWAY", "OPERATOR", "NatsCredentials", "credentials_for", "default_keys_dir", "inbox_prefix"]

GATEWAY = "gateway"
OPERATOR = "operator"
_INBOX = "_INBOX"


def inbox_prefix(identity: str) -> str:
    """``_INBOX.<identity>``: replies to an identity come here, and only it may subscribe."""
    return f"{_INBOX}.{identity}"


def default_keys_dir(config: PlatformConfig) -> Path:
    """Where ``turnout up`` keeps the seeds it generates when ``credentials_dir`` is unset."""
    return config.var_path / "nats-keys"


@dataclass(frozen=True, slots=True)
class NatsCredentials:
    """What one identity connects with; ``nkey_seed_file`` and ``creds_file`` are never both set."""

    identity: str
    nkey_seed_file: Path | None = None
    creds_file: Path | None = None
    tls: ssl.SSLContext | None = None
    tls_hostname: str | None = None


def _tls_context(config: PlatformConfig) -> ssl.SSLContext | None:
    tls = config.nats.tls
    if tls.ca_file is None and tls.cert_file is None:
        return None
    try:
        context = ssl.create_default_context(cafile=tls.ca_file)
    except (OSError, ssl.SSLError) as error:
        raise ConfigError(config.source, "nats.tls.ca_file", f"cannot be loaded: {error}") from None
    if tls.cert_file is not None and tls.key_file is not None:
        try:
            context.load_cert_chain(tls.cert_file, tls.key_file)
        except (OSError, ssl.SSLError) as error:
            raise ConfigError(config.source, "nats.tls.cert_file", f"cannot be loaded with its key: {error}") from None
    return context


def _identity_file(config: PlatformConfig, identity: str) -> tuple[Path | None, Path | None]:
    """The (nkey seed file, creds file) of ``identity``; (None, None) when it has none."""
    file = config.source
    explicit = config.nats.identities.get(identity)
    if explicit is not None:
        key = f"nats.identities.{identity}"
        if explicit.nkey_seed_file is not None:
            check_secret_file(file, f"{key}.nkey_seed_file", explicit.nkey_seed_file)
            return Path(explicit.nkey_seed_file), None
        assert explicit.creds_file is not None  # validated: exactly one is given
        check_secret_file(file, f"{key}.creds_file", explicit.creds_file)
        return None, Path(explicit.creds_file)
    if config.nats.credentials_dir is not None:
        folder = Path(config.nats.credentials_dir)
    else:
        folder = default_keys_dir(config)
        if not folder.is_dir():
            return None, None
    seed, creds = folder / f"{identity}.nk", folder / f"{identity}.creds"
    if seed.exists():
        check_secret_file(file, "nats.credentials_dir", seed)
        return seed, None
    if creds.exists():
        check_secret_file(file, "nats.credentials_dir", creds)
        return None, creds
    missing = f"no credentials for {identity!r}: neither {seed} nor {creds} exists"
    raise ConfigError(file, "nats.credentials_dir", missing)


def credentials_for(config: PlatformConfig, identity: str) -> NatsCredentials:
    """The credentials ``identity`` connects with; a ConfigError names a missing or unsafe file."""
    seed, creds = _identity_file(config, identity)
    return NatsCredentials(identity, seed, creds, _tls_context(config), config.nats.tls.hostname)
