"""The model registry: versions in the plugin's tables, artifacts in the files service, sessions cached here.

Which version of a model is active is read from the database on every call (a primary-key point
read), so an activation reaches every replica from its next call on, with nothing to miss. The
loaded sessions are cached per (name, version): a version never changes once stored.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import msgspec

from framework import CallContext, Conflict, NotFound, PluginDatabase, Principal, utc, utcnow
from framework.runtime import Upload
from generated.files import FilesService
from generated.inference.models import ModelInfo, ModelVersion, Tensor
from plugins.inference.onnx_model import LoadedModel, ModelSchema, TensorSpec, load_model
from plugins.inference.tables import ModelRow, VersionRow

__all__ = ["MODEL_NAME", "SHIPPED_MODEL", "Registry", "owner_context"]

MODEL_NAME = "financial-risk"
# The shipped model's bytes, written by ``python -m plugins.inference.default_model`` (a test checks they match).
SHIPPED_MODEL = Path(__file__).with_name("financial-risk.onnx")
_VERSION_IDS = uuid.UUID("6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c")
_schemas = msgspec.json.Decoder(ModelSchema)


def owner_context(owner: uuid.UUID) -> CallContext:
    """A call made for ``owner`` by the platform itself (reading back their artifact, writing their results)."""
    return msgspec.structs.replace(CallContext.system(), principal=Principal(subject=str(owner), roles=("user",)))


def _version_id(name: str, version: int) -> uuid.UUID:
    return uuid.uuid5(_VERSION_IDS, f"{name}:{version}")


def _tensors(specs: list[TensorSpec]) -> list[Tensor]:
    return [Tensor(name=s.name, type=s.type, shape=list(s.shape)) for s in specs]


class Registry:
    """Models and their versions; ``files`` keeps the uploaded artifacts."""

    def __init__(self, database: PluginDatabase, files: FilesService) -> None:
        self.database = database
        self.files = files
        self._loaded: dict[tuple[str, int], LoadedModel] = {}
        self._loading: dict[tuple[str, int], asyncio.Lock] = {}
        table = database.table_name(ModelRow)
        self._active_sql = f"SELECT active_version FROM {table} WHERE name = {{}}"  # noqa: S608 - a value only as argument

    async def ensure_default(self) -> None:
        """Register the shipped model as version 1 of ``financial-risk`` unless the model exists."""
        model = await asyncio.to_thread(load_model, SHIPPED_MODEL.read_bytes())
        now = utcnow()
        row = VersionRow(
            id=_version_id(MODEL_NAME, 1),
            name=MODEL_NAME,
            version=1,
            file_id=None,
            owner_id=None,
            sha256=model.sha256,
            size=model.size,
            schema=msgspec.json.encode(model.schema).decode(),
            created_at=now,
        )
        # Replicas starting together may both try: the first insert wins, the other changes nothing.
        await VersionRow.insert(row).on_conflict(action="DO NOTHING").run()
        active = ModelRow(name=MODEL_NAME, active_version=1, activated_at=now)
        await ModelRow.insert(active).on_conflict(action="DO NOTHING").run()
        self._loaded[(MODEL_NAME, 1)] = model

    async def active_version(self, name: str) -> int:
        """The version of ``name`` to serve now; 404 when there is no such model."""
        row = await self.database.fetch_one(self._active_sql, name)
        if row is None:
            raise NotFound(f"no model named {name!r}")
        return int(row["active_version"])

    async def _version_row(self, name: str, version: int) -> dict[str, Any]:
        row: dict[str, Any] | None = (
            await VersionRow.select().where(VersionRow.id == _version_id(name, version)).first().run()
        )
        if row is None:
            raise NotFound(f"model {name!r} has no version {version}")
        return row

    async def model(self, name: str, version: int) -> LoadedModel:
        """The loaded session of a stored version (loaded once per process)."""
        key = (name, version)
        loaded = self._loaded.get(key)
        if loaded is not None:
            return loaded
        async with self._loading.setdefault(key, asyncio.Lock()):
            loaded = self._loaded.get(key)
            if loaded is None:
                loaded = await self._load(await self._version_row(name, version))
                self._loaded[key] = loaded
        return loaded

    async def _load(self, row: dict[str, Any]) -> LoadedModel:
        if row["file_id"] is None:
            data = SHIPPED_MODEL.read_bytes()
        else:
            download = await self.files.download_file(owner_context(row["owner_id"]), file_id=row["file_id"])
            data = await download.read()
        return await asyncio.to_thread(load_model, data)

    async def current(self, name: str) -> tuple[int, LoadedModel]:
        """The active version of ``name`` and its session."""
        version = await self.active_version(name)
        return version, await self.model(name, version)

    async def _info(self, model: dict[str, Any]) -> ModelInfo:
        version = await self._version_row(model["name"], model["active_version"])
        schema = _schemas.decode(version["schema"])
        count: int = await VersionRow.count().where(VersionRow.name == model["name"]).run()
        return ModelInfo(
            name=model["name"],
            version=model["active_version"],
            features=schema.features,
            inputs=_tensors(schema.inputs),
            outputs=_tensors(schema.outputs),
            label_thresholds=list(schema.label_thresholds),
            description=schema.description,
            versions=count,
            activated_at=utc(model["activated_at"]),
        )

    async def _model_row(self, name: str) -> dict[str, Any]:
        row: dict[str, Any] | None = await ModelRow.select().where(ModelRow.name == name).first().run()
        if row is None:
            raise NotFound(f"no model named {name!r}")
        return row

    async def info(self, name: str) -> ModelInfo:
        return await self._info(await self._model_row(name))

    async def infos(self) -> list[ModelInfo]:
        rows: list[dict[str, Any]] = await ModelRow.select().order_by(ModelRow.name).run()
        return [await self._info(row) for row in rows]

    async def versions(self, name: str) -> list[ModelVersion]:
        """Every version of ``name``, newest first."""
        model = await self._model_row(name)
        rows: list[dict[str, Any]] = (
            await VersionRow.select().where(VersionRow.name == name).order_by(VersionRow.version, ascending=False).run()
        )
        return [_described(row, model["active_version"]) for row in rows]

    async def add_version(self, ctx: CallContext, name: str, data: bytes) -> ModelVersion:
        """Store checked model bytes as the next version of ``name`` (the first version of a new model is active)."""
        owner = uuid.UUID(ctx.principal.subject) if ctx.principal is not None else None
        model = await asyncio.to_thread(load_model, data)  # InvalidModel: the caller's 422
        latest: list[dict[str, Any]] = (
            await VersionRow.select(VersionRow.version)
            .where(VersionRow.name == name)
            .order_by(VersionRow.version, ascending=False)
            .limit(1)
            .run()
        )
        version = latest[0]["version"] + 1 if latest else 1
        upload = Upload.from_bytes(data, filename=f"{name}-v{version}.onnx", content_type="application/octet-stream")
        stored = await self.files.upload_file(ctx, file=upload)
        row: dict[str, Any] = {
            "id": _version_id(name, version),
            "name": name,
            "version": version,
            "file_id": stored.id,
            "owner_id": owner,
            "sha256": model.sha256,
            "size": model.size,
            "schema": msgspec.json.encode(model.schema).decode(),
            "created_at": utcnow(),
        }
        inserted = (
            await VersionRow.insert(VersionRow(**row)).on_conflict(action="DO NOTHING").returning(VersionRow.id).run()
        )
        if not inserted:  # another upload took this number meanwhile
            await self.files.delete_file(ctx, file_id=stored.id)
            raise Conflict(f"version {version} of {name!r} was uploaded at the same time; upload again")
        self._loaded[(name, version)] = model
        first = ModelRow(name=name, active_version=version, activated_at=row["created_at"])
        await ModelRow.insert(first).on_conflict(action="DO NOTHING").run()
        return _described(row, await self.active_version(name))

    async def activate(self, name: str, version: int) -> ModelInfo:
        """Make ``version`` the one served from every replica's next call on."""
        await self._model_row(name)
        await self._version_row(name, version)
        await (
            ModelRow.update({ModelRow.active_version: version, ModelRow.activated_at: utcnow()})
            .where(ModelRow.name == name)
            .run()
        )
        return await self.info(name)


def _described(row: dict[str, Any], active_version: int) -> ModelVersion:
    schema = _schemas.decode(row["schema"])
    return ModelVersion(
        name=row["name"],
        version=row["version"],
        active=row["version"] == active_version,
        file_id=row["file_id"],
        sha256=row["sha256"],
        size=row["size"],
        features=schema.features,
        inputs=_tensors(schema.inputs),
        outputs=_tensors(schema.outputs),
        created_at=utc(row["created_at"]),
    )
