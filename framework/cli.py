"""The ``turnout`` command: run, up, serve, gateway, status, top, gen, check, new-plugin, dead-letters, plugins."""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from framework._commands import ConfigOption, load_for_command
from framework._commands import config_path as _config_path
from framework._config import PlatformConfig
from framework._dead_letter_cli import dead_letters_app
from framework._errors import ConfigError
from framework._logs_cli import logs_command
from framework._loop import EventLoop, default_loop

__all__ = ["app", "main"]

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Turnout: contract-first services.")
app.add_typer(dead_letters_app, name="dead-letters")
app.command("logs")(logs_command)


LoopOption = Annotated[
    EventLoop | None,
    typer.Option("--loop", help="Event loop: uvloop (the default where installed) or asyncio."),
]


@app.command()
def check(config: ConfigOption = None) -> None:
    """Validate platform.toml and the installed plugins, then exit."""
    platform, plugins = load_for_command(config)
    typer.echo(f"{platform.source}: ok; plugins: {', '.join(plugins)}")


def _serve_granian(
    platform: PlatformConfig,
    config: Path | None,
    address: str,
    *,
    role: str,
    access_log: bool,
    loop: EventLoop | None = None,
) -> None:
    from granian import Granian
    from granian.constants import Interfaces, Loops

    from framework._environment import ACCESS_LOG_ENV, CONFIG_ENV, ROLE_ENV, SERVER_PID_ENV, STARTUP_ERROR_FILE_ENV
    from framework._startup_report import read_startup_error

    host, _, port = address.rpartition(":")
    if not port.isdigit():
        typer.echo(f"error: --listen {address!r} is not HOST:PORT", err=True)
        raise typer.Exit(2)
    path = _config_path(config)
    os.environ[CONFIG_ENV] = str(path.resolve()) if path else ""
    os.environ[ACCESS_LOG_ENV] = "1" if access_log else "0"
    os.environ[ROLE_ENV] = role
    os.environ[SERVER_PID_ENV] = str(os.getpid())  # workers check it: see framework._worker
    base = f"http://{host}:{port}"
    typer.echo(f"Turnout {role} on {base}", err=True)
    typer.echo(f"  API:  {base}/  (OpenAPI document: {base}/schema/openapi.json)", err=True)
    typer.echo(f"  Console: {base}/console", err=True)
    typer.echo(f"  Docs: {base}/schema   Metrics: {base}/metrics", err=True)
    server = Granian(
        "framework._worker:create_worker_app",  # a worker stops when this process dies, even by SIGKILL
        factory=True,
        address=host,
        port=int(port),
        interface=Interfaces.ASGI,
        workers=1,
        loop=Loops((loop or default_loop()).value),
        log_access=False,
        log_level=platform.platform.log_level,  # type: ignore[arg-type]  # granian accepts the same names
    )
    with tempfile.TemporaryDirectory(prefix="turnout-") as folder:
        report = Path(folder) / "startup-error"
        os.environ[STARTUP_ERROR_FILE_ENV] = str(report)
        try:
            server.serve()
        except SystemExit:  # granian's exit when a worker died; a configuration error in it is the news
            error = read_startup_error(report)
            if error is None:
                raise
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(2) from None


@app.command()
def run(
    config: ConfigOption = None,
    listen: Annotated[str | None, typer.Option(help="HOST:PORT, overriding [gateway] listen.")] = None,
    access_log: Annotated[bool, typer.Option(help="Log one JSON line per request.")] = True,
    loop: LoopOption = None,
) -> None:
    """Serve every plugin in this process (all-in-one placement) with granian."""
    platform, _ = load_for_command(config)
    address = listen or platform.gateway.listen
    _serve_granian(platform, config, address, role="all-in-one", access_log=access_log, loop=loop)


@app.command()
def gateway(
    config: ConfigOption = None,
    listen: Annotated[str | None, typer.Option(help="HOST:PORT, overriding [gateway] listen.")] = None,
    access_log: Annotated[bool, typer.Option(help="Log one JSON line per request.")] = True,
    loop: LoopOption = None,
) -> None:
    """Serve the HTTP API with every plugin reached over NATS (split placement)."""
    from framework._nats_credentials import GATEWAY, credentials_for

    platform, _ = load_for_command(config)
    try:
        credentials_for(platform, GATEWAY)  # a missing or unsafe credentials file, named before serving
    except ConfigError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    address = listen or platform.gateway.listen
    _serve_granian(platform, config, address, role="gateway", access_log=access_log, loop=loop)


@app.command()
def serve(
    service: Annotated[str, typer.Argument(help="A [services.<name>] group of platform.toml.")],
    config: ConfigOption = None,
    loop: LoopOption = None,
    metrics_listen: Annotated[
        str | None, typer.Option(help="HOST:PORT of /metrics, overriding [metrics] listen (port 0: a free one).")
    ] = None,
) -> None:
    """Run one service group: its plugins answer on NATS as micro services."""
    from framework._logging import configure_logging
    from framework._loop import run
    from framework._service import run_service
    from framework._tracing import configure_tracing

    platform, plugins = load_for_command(config)
    if service not in platform.services:
        known = ", ".join(sorted(platform.services)) or "none"
        typer.echo(f"error: {platform.source}: services.{service}: no such service (known: {known})", err=True)
        raise typer.Exit(2)
    configure_logging(platform.platform.log_level)
    configure_tracing(platform.tracing, service, namespace=platform.platform.name)
    try:
        run(run_service(platform, plugins, service, metrics_listen=metrics_listen), loop)
    except ConfigError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    except ConnectionError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None


@app.command()
def up(config: ConfigOption = None) -> None:
    """Run the split topology locally: nats-server, every service with its replicas, the gateway."""
    from framework._up import run_up

    platform, plugins = load_for_command(config)
    try:
        code = asyncio.run(run_up(platform, _config_path(config), plugins))
    except ConfigError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    raise typer.Exit(code)


@app.command()
def status(
    config: ConfigOption = None,
    service: Annotated[str | None, typer.Option(help="Only this service (plugin) name.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the services and instances answering on NATS, with request and error counts."""
    import msgspec

    from framework._connect import connect_as
    from framework._nats_credentials import OPERATOR
    from framework._status import collect_status, render_status

    platform, _ = load_for_command(config)

    async def gather() -> list[Any]:
        nc = await connect_as(platform, OPERATOR, wait=2.0)
        try:
            return await collect_status(nc, service=service)
        finally:
            await nc.close()

    try:
        instances = asyncio.run(gather())
    except (ConnectionError, ConfigError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(msgspec.json.encode(instances).decode() if as_json else render_status(instances))


@app.command()
def top(
    config: ConfigOption = None,
    url: Annotated[
        list[str] | None,
        typer.Option("--url", help="A /metrics (or base) URL to scrape; default: the [gateway] listen address."),
    ] = None,
    nats: Annotated[bool, typer.Option(help="Also scrape the service processes found on NATS.")] = True,
    interval: Annotated[float, typer.Option(min=0.1, help="Seconds between samples.")] = 2.0,
    once: Annotated[bool, typer.Option("--once", help="Print one table (rates over one interval) and exit.")] = False,
) -> None:
    """Live request rate, error rate and p50/p99 latency per plugin, from every process's /metrics."""
    from rich.console import Console

    from framework._connect import connect_as
    from framework._metrics import metrics_token
    from framework._nats_credentials import OPERATOR
    from framework._top import Sources, metrics_url, run_top

    platform, _ = load_for_command(config)
    try:
        token = metrics_token(platform)
    except ConfigError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    urls = [metrics_url(u) for u in url or [f"http://{platform.gateway.listen}"]]
    console = Console(width=None if not once else 160)

    async def watch() -> int:
        sources = Sources(urls, token=token)
        if nats:
            try:
                sources.nats = await connect_as(platform, OPERATOR, wait=2.0)
            except (ConnectionError, ConfigError) as error:
                typer.echo(f"NATS not reachable ({error}): scraping {', '.join(urls)} only", err=True)
        try:
            return await run_top(sources, interval=interval, once=once, console=console)
        finally:
            if sources.nats is not None:
                await sources.nats.close()

    try:
        code = asyncio.run(watch())
    except KeyboardInterrupt:
        code = 0
    raise typer.Exit(code)


@app.command()
def gen(
    check: Annotated[bool, typer.Option("--check", help="Fail (exit 1) when generated code drifts.")] = False,
    contracts: Annotated[Path, typer.Option(help="Folder of contracts.")] = Path("contracts"),
    output: Annotated[Path, typer.Option(help="Folder of generated packages.")] = Path("generated"),
) -> None:
    """Generate models, Service protocols, routes and clients from the contracts."""
    from framework.codegen import ContractError, generate
    from framework.codegen import check as check_drift
    from framework.codegen._typescript import node_available

    root = Path.cwd()
    if (root / "package-lock.json").exists() and not node_available():
        typer.echo("Node.js and npm not found: the TypeScript clients (generated/ts) are left as they are", err=True)
    try:
        if check:
            drift = check_drift(contracts, output, root)
            for item in drift:
                typer.echo(item.diff, err=True)
            if drift:
                typer.echo(f"{len(drift)} generated file(s) drift from the contracts: run `just gen`", err=True)
                raise typer.Exit(1)
            typer.echo("generated code matches the contracts")
            return
        written = generate(contracts, output, root)
    except ContractError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    for path in written:
        typer.echo(f"wrote {path}")
    typer.echo(f"{len(written)} file(s) changed")


@app.command("new-plugin")
def new_plugin(
    name: Annotated[str, typer.Argument(help="The plugin's name: a lowercase Python identifier.")],
    description: Annotated[str | None, typer.Option(help="One line saying what the plugin does.")] = None,
) -> None:
    """Write a new plugin (contract, package, tests) and register it, from the repository root."""
    from framework._scaffold import ScaffoldError, next_steps
    from framework._scaffold import new_plugin as scaffold

    try:
        written = scaffold(Path.cwd(), name, description)
    except ScaffoldError as error:
        typer.echo(f"error: {error}; nothing was written", err=True)
        raise typer.Exit(2) from None
    for path in written:
        typer.echo(f"wrote {path.relative_to(Path.cwd())}")
    typer.echo(next_steps(name))


def _add_plugin_commands() -> None:
    """Mount each plugin's own commands as ``turnout <plugin> ...`` (or its ``command_group``).

    A plugin that does not load (its generated package not written yet, say) adds none, so
    ``turnout gen`` and the other commands still work; commands that need plugins report it.
    """
    from framework._plugin import PluginError, discover_plugins

    try:
        plugins = discover_plugins()
    except PluginError:
        return
    for name, plugin in plugins.items():
        if plugin.commands is not None:
            # Under a group of its own name, the commands' own help says what the group is; else the plugin's.
            described = plugin.commands.info.help if plugin.command_group else None
            app.add_typer(
                plugin.commands, name=plugin.command_group or name, help=described or plugin.description or None
            )


def main() -> None:
    _add_plugin_commands()
    app()
