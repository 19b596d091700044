"""Turnout: contract-first services, placed in one process or split over NATS."""

from framework._config import PlatformConfig, load_config
from framework._context import CallContext, Principal, require_user
from framework._db import Migration, PluginDatabase
from framework._environment import ADMIN_PASSWORD_ENV, FILES_MASTER_KEY_ENV
from framework._errors import (
    BadRequest,
    ConfigError,
    Conflict,
    DatabaseUnavailable,
    FieldError,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    PluginError,
    Problem,
    ServiceError,
    ServiceUnavailable,
    TooManyRequests,
    Unauthorized,
    UnprocessableContent,
    UnsupportedMediaType,
)
from framework._events import BroadcastFeed, Event, EventBus, JetStreamBus, LocalBus, Subscription
from framework._pagination import decode_cursor, decode_time_cursor, encode_cursor, encode_time_cursor, utc
from framework._plugin import Plugin, PluginContext, discover_plugins
from framework._security import Authenticator, JwtVerifier, RevocationList

__all__ = [
    "ADMIN_PASSWORD_ENV",
    "FILES_MASTER_KEY_ENV",
    "Authenticator",
    "BadRequest",
    "BroadcastFeed",
    "CallContext",
    "ConfigError",
    "Conflict",
    "DatabaseUnavailable",
    "Event",
    "EventBus",
    "FieldError",
    "Forbidden",
    "JetStreamBus",
    "JwtVerifier",
    "LocalBus",
    "Migration",
    "NotFound",
    "PayloadTooLarge",
    "PlatformConfig",
    "Plugin",
    "PluginContext",
    "PluginDatabase",
    "PluginError",
    "Principal",
    "Problem",
    "RevocationList",
    "ServiceError",
    "ServiceUnavailable",
    "Subscription",
    "TooManyRequests",
    "Unauthorized",
    "UnprocessableContent",
    "UnsupportedMediaType",
    "decode_cursor",
    "decode_time_cursor",
    "discover_plugins",
    "encode_cursor",
    "encode_time_cursor",
    "load_config",
    "require_user",
    "utc",
]
