"""The `kg` command: a thin layer over the library, one command per public function."""

from __future__ import annotations

import click

from kg import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Turn AI-industry news into a sourced knowledge graph of corporate relationships."""


# --- neo4j server commands (kg neo4j ...) ---


def _neo4j_call(func, /, *args, **kwargs):
    """Call a kg.store function, turning its errors into one clear message (no traceback)."""
    from kg.store.connection import Neo4jUnavailable
    from kg.store.server import Neo4jServerError

    try:
        return func(*args, **kwargs)
    except (Neo4jServerError, Neo4jUnavailable, OSError) as exc:
        raise click.ClickException(str(exc)) from None


def _progress(message: str) -> None:
    click.echo(message, err=True)


@main.group()
def neo4j() -> None:
    """The project's own Neo4j 5.26 Community server (loopback only, no authentication).

    Data, logs and configuration live in $KG_HOME/neo4j (default .kg/neo4j); the jars are
    cached in $KG_CACHE (default ~/.cache/kg). Set NEO4J_URI (and NEO4J_USERNAME,
    NEO4J_PASSWORD, NEO4J_DATABASE) to use another server (Docker, Aura) instead.
    """


@neo4j.command("fetch")
@click.option("--force", is_flag=True, help="Copy the jars again even if the cache is complete.")
def neo4j_fetch(force: bool) -> None:
    """Copy the Neo4j server and Browser jars from Maven Central (needs Java 17+ and mvn)."""
    from kg.store import server

    lib = _neo4j_call(server.fetch, force=force, progress=_progress)
    click.echo(f"Neo4j {server.NEO4J_VERSION} jars ready in {lib}")


@neo4j.command("start")
@click.option("--bolt-port", type=int, default=None,
              help="Bolt port on 127.0.0.1 [env KG_NEO4J_BOLT_PORT; default 7687].")
@click.option("--http-port", type=int, default=None,
              help="HTTP port for Neo4j Browser [env KG_NEO4J_HTTP_PORT; default 7474].")
@click.option("--timeout", type=float, default=120.0, show_default=True,
              help="Seconds to wait for Bolt to answer.")
def neo4j_start(bolt_port: int | None, http_port: int | None, timeout: float) -> None:
    """Start the server in the background and wait until it answers on Bolt."""
    from kg.store import server

    result = _neo4j_call(server.start, bolt_port=bolt_port, http_port=http_port,
                         timeout=timeout, progress=_progress)
    info = result.info
    if result.already_running:
        click.echo(f"Neo4j is already running (pid {info.pid}); nothing to do.")
    else:
        click.echo(f"Neo4j {server.NEO4J_VERSION} started in {result.seconds:.1f} s "
                   f"(pid {info.pid}).")
    click.echo(f"  Bolt:    {info.bolt_uri}  (no authentication, loopback only)")
    click.echo(f"  Browser: {info.browser_url}")
    click.echo(f"  Logs:    {server.ServerPaths.for_home().logs_dir}")


@neo4j.command("status")
def neo4j_status() -> None:
    """Say whether the server runs and where. Exit status 0 when running, 1 when not."""
    import os

    from kg.store import server

    info = server.status()
    if os.environ.get("NEO4J_URI"):
        click.echo(f"Note: NEO4J_URI is set, so kg commands use {os.environ['NEO4J_URI']}.")
    if info is None:
        click.echo(f"Neo4j is not running (working folder {server.ServerPaths.for_home().home}).")
        click.get_current_context().exit(1)
    click.echo(f"Neo4j is running (pid {info.pid}).")
    click.echo(f"  Bolt:    {info.bolt_uri}")
    click.echo(f"  Browser: {info.browser_url}")


@neo4j.command("stop")
@click.option("--timeout", type=float, default=60.0, show_default=True,
              help="Seconds to wait after SIGTERM before SIGKILL.")
def neo4j_stop(timeout: float) -> None:
    """Stop the server this working folder started (never any other process)."""
    from kg.store import server

    result = _neo4j_call(server.stop, timeout=timeout)
    if result is None:
        click.echo("Neo4j is not running; nothing to stop.")
    elif result.killed:
        click.echo(f"Neo4j (pid {result.pid}) did not stop within {timeout:.0f} s of SIGTERM; "
                   "killed it with SIGKILL.")
    else:
        click.echo(f"Stopped Neo4j (pid {result.pid}).")


@neo4j.command("init")
def neo4j_init() -> None:
    """Create the graph's constraints and indexes (safe to repeat: IF NOT EXISTS)."""
    from kg.store.neo4j_schema import initialize

    settings, applied = _neo4j_call(initialize)
    click.echo(f"{settings.uri}: {len(applied.constraints)} constraints and "
               f"{len(applied.indexes)} indexes in place.")


# --- extraction commands (kg extract, kg eval) ---

# --- graph commands (kg build, kg query, kg show, kg path, kg conflicts, kg moves, kg export) ---

# --- view commands (kg view) ---


@main.command("view")
@click.option("--company", "-c", metavar="NAME",
              help="Show the ego network of this company (names and aliases, any case).")
@click.option("--depth", "-d", type=click.IntRange(min=0), default=2, show_default=True,
              help="How many steps out from --company.")
@click.option("--types", "-t", metavar="TYPE,TYPE",
              help="Only these relation types, e.g. INVESTS_IN,CUSTOMER_OF.")
@click.option("--since", metavar="DATE",
              help="Only relations seen on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default="graph.html",
              show_default=True, help="HTML file to write.")
def view_command(company: str | None, depth: int, types: str | None, since: str | None,
                 output: str) -> None:
    """Write an interactive, self-contained HTML view of the graph (works offline)."""
    from kg import load_graph
    from kg.view import ViewError, write_html

    graph = load_graph()
    if graph.number_of_edges() == 0:
        raise click.ClickException("no graph has been built yet: run `kg build PATH` first")
    try:
        path = write_html(graph, output, company=company, depth=depth, types=types, since=since)
    except ViewError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from None
    click.echo(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB); open it in a browser")
