"""Turnout: contract-first services, placed in one process or split over NATS."""

from framework._cached_lookup import CachedLookup
from framework._commands import ConfigOption, load_for_command, running_plugin
from framework._config import EventsConfig, PlatformConfig, load_config
from framework._context import CallContext, Principal, require_user
from framework._db import Migration, PluginDatabase
from framework._dead_letters import DeadLetter, dead_letters
from framework._errors import (
    BadRequest,
    ConfigError,
    Conflict,
    DatabaseUnavailable,
    FieldError,
    Forbidden,
    GatewayTimeout,
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
from framework._event_stream import EVENT_STREAM, event_stream, sse_frame
from framework._events import BroadcastFeed, Event, EventBus, JetStreamBus, LocalBus, Subscription
from framework._job_events import JOB_FINISHED, JOB_PROGRESS, JobFinished, JobProgress
from framework._pagination import decode_cursor, decode_time_cursor, encode_cursor, encode_time_cursor, keyset_page
from framework._platform import load_platform
from framework._plugin import NoConfig, Placement, Plugin, PluginConfig, PluginContext, discover_plugins
from framework._rate_policy import RatePolicy
from framework._security import Authenticator
from framework._settings import Setting, SettingChange
from framework._system import InstanceReport, JobQueueDepth, PlatformSystem, PluginHealth
from framework._time import utc, utcnow
from framework._usage import USAGE, PluginUsage, UsageReport

__all__ = [
    "Authenticator",
    "CachedLookup",
    "BadRequest",
    "BroadcastFeed",
    "CallContext",
    "ConfigError",
    "ConfigOption",
    "Conflict",
    "DeadLetter",
    "DatabaseUnavailable",
    "Event",
    "EventBus",
    "EventsConfig",
    "FieldError",
    "InstanceReport",
    "JobQueueDepth",
    "Forbidden",
    "GatewayTimeout",
    "JetStreamBus",
    "LocalBus",
    "Migration",
    "NoConfig",
    "NotFound",
    "PayloadTooLarge",
    "Placement",
    "PlatformConfig",
    "PlatformSystem",
    "Plugin",
    "PluginConfig",
    "PluginContext",
    "PluginDatabase",
    "PluginError",
    "PluginHealth",
    "PluginUsage",
    "Principal",
    "Problem",
    "ServiceError",
    "ServiceUnavailable",
    "Setting",
    "SettingChange",
    "Subscription",
    "RatePolicy",
    "TooManyRequests",
    "Unauthorized",
    "UnprocessableContent",
    "UnsupportedMediaType",
    "USAGE",
    "JOB_FINISHED",
    "JOB_PROGRESS",
    "JobFinished",
    "JobProgress",
    "EVENT_STREAM",
    "event_stream",
    "sse_frame",
    "UsageReport",
    "dead_letters",
    "decode_cursor",
    "decode_time_cursor",
    "discover_plugins",
    "encode_cursor",
    "encode_time_cursor",
    "keyset_page",
    "load_config",
    "load_for_command",
    "load_platform",
    "require_user",
    "running_plugin",
    "utc",
    "utcnow",
]
