"""The files Plugin object, registered in the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

import os
from pathlib import Path

from framework import Plugin, PluginContext
from generated.auth import CONTRACT as AUTH
from generated.files import CONTRACT
from plugins.files.blobstore import LocalBlobStore
from plugins.files.config import FilesConfig
from plugins.files.crypto import load_master_key
from plugins.files.service import FilesServiceImpl
from plugins.files.tables import TABLES

__all__ = ["plugin"]


async def _create(ctx: PluginContext[FilesConfig]) -> FilesServiceImpl:
    config = ctx.config
    key_file = Path(config.master_key_file) if config.master_key_file else ctx.var_dir / "master.key"
    master = load_master_key(key_file, os.environ.get(config.master_key_env))
    store = LocalBlobStore(Path(config.storage_dir) if config.storage_dir else ctx.var_dir / "blobs")
    return FilesServiceImpl(config, ctx.events, store, master, ctx.service(AUTH))


plugin = Plugin(
    name="files",
    contract=CONTRACT,
    config_type=FilesConfig,
    create_service=_create,
    tables=TABLES,
    calls=(AUTH,),
    description="Uploads encrypted at rest, sharing, quotas and checked downloads.",
)
