"""The files Plugin object, registered in the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

import os
from pathlib import Path

from framework import ConfigError, Plugin, PluginContext
from generated.admin import CONTRACT as ADMIN
from generated.auth import CONTRACT as AUTH
from generated.files import CONTRACT
from plugins.files.blobstore import LocalBlobStore
from plugins.files.config import FilesConfig
from plugins.files.crypto import load_master_key
from plugins.files.service import FilesServiceImpl
from plugins.files.tables import TABLES
from plugins.files.user_limits import UserLimitsReader

__all__ = ["plugin"]


async def _create(ctx: PluginContext[FilesConfig]) -> FilesServiceImpl:
    config = ctx.config
    key_file = Path(config.master_key_file) if config.master_key_file else ctx.var_dir / "master.key"
    from_env = os.environ.get(config.master_key_env)
    try:
        master = load_master_key(key_file, from_env, env_name=config.master_key_env)
    except (OSError, ValueError) as error:  # unreadable, not base64, not 32 bytes
        key = "plugins.files.master_key_env" if from_env else "plugins.files.master_key_file"
        raise ConfigError(ctx.platform.source, key, str(error)) from None
    store = LocalBlobStore(Path(config.storage_dir) if config.storage_dir else ctx.var_dir / "blobs")
    limits = UserLimitsReader(ctx.service(ADMIN), config.limits_cache_seconds, ctx.logger)
    return FilesServiceImpl(config, ctx.events, store, master, ctx.service(AUTH), limits)


plugin = Plugin(
    name="files",
    contract=CONTRACT,
    config_type=FilesConfig,
    create_service=_create,
    tables=TABLES,
    calls=(AUTH, ADMIN),
    description="Uploads encrypted at rest, sharing, quotas and checked downloads.",
)
