"""The `kg` command: a thin layer over the library, one command per public function."""

from __future__ import annotations

import os
from pathlib import Path

import click

from kg import __version__
from kg.formatting import json_escaped, printable
from kg.query import DEFAULT_LIMIT, DEFAULT_TIMEOUT


class _Commands(click.Group):
    """The kg group: every error a user can cause ends as one clean line, never a traceback.

    Messages are stripped of control characters (article text can carry escape sequences);
    an unexpected exception becomes one line too, with its traceback under KG_DEBUG=1.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            exc.message = printable(exc.message)
            raise
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            raise click.ClickException("interrupted") from None
        except OSError as exc:  # the environment: a missing folder, a full disk, permissions
            raise click.ClickException(printable(str(exc))) from None
        except Exception as exc:
            if os.environ.get("KG_DEBUG"):
                raise
            raise click.ClickException(printable(
                f"unexpected error ({type(exc).__name__}: {exc}); "
                "set KG_DEBUG=1 to see the traceback and please report it")) from None


def _echo(text: str = "", *, json_text: bool = False) -> None:
    """Print untrusted text: JSON with every control escaped, anything else without them."""
    click.echo(json_escaped(text) if json_text else printable(text))


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
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
    """The project's own Neo4j 5.26 Community server (loopback only, password protected).

    Data, logs, configuration and the generated password live in $KG_HOME/neo4j (default
    .kg/neo4j); the jars are cached in $KG_CACHE (default ~/.cache/kg). Set NEO4J_URI (and
    NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE) to use another server (Docker, Aura).
    """


def _server_lines(info) -> None:
    """Where the running server answers, and a warning when it runs without a password."""
    click.echo(f"  Bolt:    {info.bolt_uri}  (user neo4j, loopback only)")
    click.echo(f"  Browser: {info.browser_url}  (password: `kg neo4j password`)")
    if not info.secured:
        click.echo("Warning: an older kg started this server without authentication, so any "
                   "web page can use it. Restart it: kg neo4j stop && kg neo4j start", err=True)


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
    _server_lines(info)
    click.echo(f"  Logs:    {server.ServerPaths.for_home().logs_dir}")


@neo4j.command("status")
def neo4j_status() -> None:
    """Say whether the server runs and where. Exit status 0 when running, 1 when not."""
    import os

    from kg.store import server
    from kg.store.connection import redact_uri

    info = _neo4j_call(server.status, note=_progress)
    if os.environ.get("NEO4J_URI"):
        click.echo("Note: NEO4J_URI is set, so kg commands use "
                   f"{redact_uri(os.environ['NEO4J_URI'])}.")
    if info is None:
        click.echo(f"Neo4j is not running (working folder {server.ServerPaths.for_home().home}).")
        click.get_current_context().exit(1)
    click.echo(f"Neo4j is running (pid {info.pid}).")
    _server_lines(info)


@neo4j.command("password")
def neo4j_password() -> None:
    """Print the password of the server's `neo4j` user (for Neo4j Browser and other clients)."""
    from kg.store import credentials, server

    password_file = server.ServerPaths.for_home().password_file
    password = _neo4j_call(credentials.read_password, password_file)
    if password is None:
        raise click.ClickException(f"no password yet in {password_file}: `kg neo4j start` "
                                   "creates one.")
    click.echo(password)


@neo4j.command("stop")
@click.option("--timeout", type=float, default=60.0, show_default=True,
              help="Seconds to wait after SIGTERM before SIGKILL.")
def neo4j_stop(timeout: float) -> None:
    """Stop the server this working folder started (never any other process)."""
    from kg.store import server

    result = _neo4j_call(server.stop, timeout=timeout, note=_progress)
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
    click.echo(f"{settings.shown_uri}: {len(applied.constraints)} constraints and "
               f"{len(applied.indexes)} indexes in place.")


# --- extraction commands (kg extract, kg eval, kg train) ---

_VERBOSE_OPTION = click.option("--verbose", "-v", is_flag=True,
                               help="Also print each paragraph dropped as advertising.")
_EXTRACTOR_OPTION = click.option(
    "--extractor", "use", type=click.Choice(["combined", "rules", "model"]), default="rules",
    show_default=True, help="The rules (the default), the trained model, or both combined.")

@main.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl",
              show_default=True, help="One JSON relation per line, or a readable table.")
@click.option("--processes", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for the spaCy pipeline.")
@_EXTRACTOR_OPTION
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Print only relations at least this confident.")
@_VERBOSE_OPTION
def extract_command(paths: tuple[str, ...], fmt: str, processes: int, use: str,
                    min_confidence: float, verbose: bool) -> None:
    """Extract typed, sourced relations from articles (files, folders, or - for stdin).

    Reads .txt, .md, .jsonl and .html; problems with single files are reported on stderr
    and the rest is still read, and so is the number of paragraphs dropped as advertising.
    """
    import json
    import sys

    from tqdm import tqdm

    from kg.articles import read_articles
    from kg.extract import ModelMissing, extract
    from kg.extract.learned import LearnedModelMissing
    from kg.report import dropped_line

    counts = {"articles": 0, "problems": 0, "dropped": 0}

    def report(problem) -> None:
        counts["problems"] += 1
        tqdm.write(printable(f"kg extract: {problem}"), file=sys.stderr)

    def dropped(paragraph) -> None:
        counts["dropped"] += 1
        if verbose:
            tqdm.write(printable(f"kg extract: dropped as advertising: {paragraph}"),
                       file=sys.stderr)

    def counted(articles):
        for article in articles:
            counts["articles"] += 1
            yield article

    articles = tqdm(counted(read_articles(paths, on_error=report, on_dropped=dropped)),
                    unit=" articles", file=sys.stderr, disable=not sys.stderr.isatty(),
                    desc="extracting")
    rows = []
    try:
        for rel in extract(articles, processes=processes, use=use):
            if rel.confidence < min_confidence:
                continue
            if fmt == "jsonl":
                _echo(json.dumps(rel.to_dict(), ensure_ascii=False), json_text=True)
            else:
                rows.append(rel)
    except (ModelMissing, LearnedModelMissing) as exc:
        raise click.ClickException(str(exc)) from None
    if fmt == "table" and rows:
        _echo(_relations_table(rows))
    if counts["dropped"]:
        click.echo(f"kg extract: {dropped_line(counts['dropped'], verbose)}", err=True)
    if counts["articles"] == 0:
        raise click.ClickException("nothing could be read from the given paths")


def _relations_table(relations) -> str:
    import pandas as pd

    frame = pd.DataFrame([{
        "type": r.type, "source": r.source, "target": r.target,
        "properties": ", ".join(f"{k}={v:,.0f}" if isinstance(v, float) and v >= 1000
                                else f"{k}={v}" for k, v in r.properties.items()),
        "conf": r.confidence, "extractor": r.evidence.extractor,
    } for r in relations])
    with pd.option_context("display.width", 250, "display.max_colwidth", 110,
                           "display.max_rows", None):
        return frame.to_string(index=False)


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True), default="data/gold")
@click.option("--errors", is_flag=True,
              help="Also list false positives, false negatives and wrong attributes.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")
@click.option("--processes", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for extraction.")
@click.option("--split", type=click.Choice(["train", "dev", "test"]), default=None,
              help="GOLD is the annotated corpus (data/corpus): score this split, per article.")
@click.option("--calibration", "calibration_png", type=click.Path(dir_okay=False),
              default=None, metavar="PNG",
              help="Also print the reliability table of the confidences and draw it to PNG.")
@_EXTRACTOR_OPTION
def eval_command(gold: str, errors: bool, fmt: str, processes: int, split: str | None,
                 calibration_png: str | None, use: str) -> None:
    """Score `kg extract` against a gold set: a folder with gold.json (default data/gold) or
    a manifest file such as data/gold/heldout.json.

    Precision, recall and F1 per relation type and overall (micro) on corpus-level triples,
    plus attribute accuracy (amount, stake_pct, status, role) on matched triples.
    """
    import json

    import pandas as pd

    from kg.evaluate import GoldError, evaluate, evaluate_corpus
    from kg.extract import ModelMissing
    from kg.extract.learned import LearnedModelMissing

    try:
        if split is not None:
            report = evaluate_corpus([gold], split, processes=processes, use=use)
        else:
            report = evaluate(gold, processes=processes, use=use)
    except (GoldError, ModelMissing, LearnedModelMissing) as exc:
        raise click.ClickException(str(exc)) from None
    if fmt == "json":
        _echo(json.dumps(report.to_dict(errors=errors), indent=2, ensure_ascii=False),
              json_text=True)
        return
    with pd.option_context("display.width", 200, "display.max_colwidth", 90,
                           "display.max_rows", None):
        click.echo(report.scores_frame().to_string(index=False))
        click.echo()
        click.echo(report.attributes_frame().to_string(index=False))
        click.echo("\ngold triples found: " + ", ".join(
            f"{name} {found}/{total}" for name, (found, total) in report.found_by_set.items()))
        if report.entities is not None:
            click.echo(report.entities.summary())
        if calibration_png:
            _echo_calibration(report.scored, Path(calibration_png),
                              f"{split or Path(gold).name}, extractor {use}")
        if errors:
            for kind, frame in report.errors_frame().groupby("kind", sort=False):
                click.echo(f"\n{kind} ({len(frame)})")
                columns = ["type", "source", "target", "sentence"]
                if kind not in ("false_positive", "false_negative"):
                    columns[3:3] = ["expected", "got"]
                _echo(frame[columns].to_string(index=False))
            if report.entities is not None:
                _echo(report.entities.errors_text())


def _echo_calibration(scored: list[tuple[float, bool]], png: Path, title: str) -> None:
    import pandas as pd

    from kg.calibration import (
        expected_calibration_error,
        plot_reliability,
        reliability,
        share_right_at_least,
    )

    bins = reliability(scored)
    click.echo("\nreliability (predicted triples by confidence; right = in the gold)")
    click.echo(pd.DataFrame([b.as_row() for b in bins if b.count]).to_string(index=False))
    n, right = share_right_at_least(scored, 0.9)
    click.echo(f"expected calibration error: {expected_calibration_error(bins):.3f}; "
               f"confidence >= 0.9: {n} relations, {right:.1%} right")
    _echo(f"reliability diagram written to {plot_reliability(bins, png, title)}")


@main.command("train")
@click.argument("corpus", type=click.Path(exists=True, file_okay=False), default="data/corpus")
@click.option("--output", "-o", type=click.Path(file_okay=False), default=None,
              help="Where to write the pipeline (default: the one the package ships).")
@click.option("--max-steps", type=click.IntRange(min=1), default=None,
              help="Training steps (default: the config's).")
@click.option("--config", "config_name", type=click.Choice(["own", "pretrained"]),
              default="own", show_default=True,
              help="own: its own hash-embedding encoders; pretrained: starts from "
                   "en_core_web_sm's tok2vec and entity recogniser.")
def train_command(corpus: str, output: str | None, max_steps: int | None,
                  config_name: str) -> None:
    """Train the relation model on the corpus's train split, choosing the best on dev."""
    from pathlib import Path

    from kg.extract.training import CONFIGS, MODEL_DIR, train
    from kg.tuning import (
        fit_calibration,
        tune_addition,
        tune_thresholds,
        write_addition,
        write_calibration,
        write_thresholds,
    )

    try:
        path = train(Path(corpus), Path(output) if output else MODEL_DIR, max_steps=max_steps,
                     config=CONFIGS[config_name], progress=_progress)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    _progress("choosing per-type thresholds on the dev split")
    tuned = tune_thresholds([corpus], path)
    write_thresholds(path, tuned)
    for rel_type, row in tuned.items():
        _echo(f"  {rel_type:<14} threshold {row['threshold']:.1f}  dev precision "
              f"{row['precision']:.3f}  recall {row['recall']:.3f}")
    _progress("choosing the cut at which the model's facts join the rules' on the dev split")
    added = tune_addition([corpus], path)
    write_addition(path, added)
    _echo(f"  model facts join the rules' at probability {added['add_at']:g}: dev precision "
          f"{added['precision']:.3f} recall {added['recall']:.3f} (rules alone "
          f"{added['rules_precision']:.3f} / {added['rules_recall']:.3f})")
    _progress("fitting the confidence calibration of each extractor on the dev split")
    write_calibration(path, fit_calibration([corpus], path))
    _echo(f"trained model written to {path}")


# --- graph commands (kg build, kg query, kg show, kg path, kg conflicts, kg moves, kg export) ---

_NEO4J_OPTION = click.option("--neo4j", "use_neo4j", is_flag=True,
                             help="Ask Neo4j (NEO4J_URI or `kg neo4j start`) instead of the "
                                  "embedded store.")
_FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["text", "json"]),
                              default="text", show_default=True, help="Output format.")


def _graph_call(func, /, *args, **kwargs):
    """Run a graph library call; user-facing errors become one-line messages."""
    from kg.analysis import EntityNotFound
    from kg.archive import ArchiveError
    from kg.builder import BuildError
    from kg.ingestion import IngestError
    from kg.store.base import StoreError
    from kg.store.connection import Neo4jUnavailable

    try:
        return func(*args, **kwargs)
    except (EntityNotFound, BuildError, StoreError, Neo4jUnavailable, ArchiveError, IngestError,
            OSError) as exc:
        raise click.ClickException(str(exc).strip('"')) from None


def _ask(use_neo4j: bool, question, *args, **kwargs):
    """Open the store, ask one kg.analysis question, close the store."""
    from kg.graph import open_store

    def run():
        with open_store(neo4j=use_neo4j) as store:
            return question(store, *args, **kwargs)

    return _graph_call(run)


def _emit(answer, fmt: str, text) -> None:
    import json

    if fmt == "json":
        _echo(json.dumps(answer, indent=2, ensure_ascii=False, default=str), json_text=True)
    else:
        _echo(text(answer))


@main.command("build")
@click.argument("paths", nargs=-1)
@click.option("--neo4j/--no-neo4j", "use_neo4j", default=None,
              help="Also load Neo4j (default: when NEO4J_URI is set or `kg neo4j start` runs).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="HTML view to write (default: $KG_HOME/graph.html).")
@click.option("--batch-size", type=click.IntRange(min=1), default=5000, show_default=True,
              help="Relations per write transaction.")
@_VERBOSE_OPTION
def build_command(paths: tuple[str, ...], use_neo4j: bool | None, output: str | None,
                  batch_size: int, verbose: bool) -> None:
    """Extract relations from articles (files, folders, - for stdin) into the graph; with no
    PATHS, the archived articles (`kg ingest`) the current extractor has not read yet."""
    from kg.builder import build
    from kg.report import summary_text

    if not paths:
        _build_from_archive(use_neo4j, output, batch_size, verbose)
        return
    summary = _graph_call(build, paths, neo4j=use_neo4j, view=output, batch_size=batch_size)
    _echo(summary_text(summary, verbose=verbose))
    if summary.articles == 0:
        raise click.ClickException("nothing could be read from the given paths; the graph "
                                   "is unchanged")


def _build_from_archive(use_neo4j: bool | None = None, output: str | None = None,
                        batch_size: int = 5000, verbose: bool = False) -> None:
    from kg.builder import build_from_archive
    from kg.report import summary_text

    _echo(summary_text(_graph_call(build_from_archive, neo4j=use_neo4j, view=output,
                                   batch_size=batch_size), verbose=verbose))


@main.command("rebuild")
@click.option("--neo4j/--no-neo4j", "use_neo4j", default=None,
              help="Also rebuild Neo4j (it is cleared first) [default: when NEO4J_URI is set "
                   "or `kg neo4j start` runs, loaded but not cleared].")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="HTML view to write (default: $KG_HOME/graph.html).")
@click.option("--batch-size", type=click.IntRange(min=1), default=5000, show_default=True,
              help="Relations per write transaction.")
@_VERBOSE_OPTION
def rebuild_command(use_neo4j: bool | None, output: str | None, batch_size: int,
                    verbose: bool) -> None:
    """Extract the whole archive again with the current extractor and your entity decisions
    into a new graph, which replaces the embedded store only once it is complete (for a new
    model, new rules, or a split); nothing is fetched or read from files again."""
    from kg.builder import rebuild
    from kg.report import summary_text

    _echo(summary_text(_graph_call(rebuild, neo4j=use_neo4j, view=output,
                                   batch_size=batch_size), verbose=verbose))


@main.command("changes")
@click.option("--since", required=True, metavar="DATE",
              help="YYYY-MM-DD, an ISO time, today, yesterday, or N days/hours ago.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")
def changes_command(since: str, fmt: str) -> None:
    """What the builds since DATE added or changed in the graph: new edges and status
    changes, with the article behind each."""
    import json

    from kg.changes import changes_since
    from kg.report import changes_text

    try:
        found = _graph_call(changes_since, since)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from None
    if fmt == "json":
        _echo(json.dumps(found, indent=2, ensure_ascii=False), json_text=True)
    else:
        _echo(changes_text(found, since))


@main.command("ingest")
@click.argument("sources", nargs=-1)
@click.option("--build", "then_build", is_flag=True,
              help="Then extract what is new into the graph (what `kg build` does).")
@click.option("--per-host", type=click.IntRange(min=1), default=2, show_default=True,
              help="Requests in flight to one host.")
@click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds between two requests to one host (robots.txt may ask for more).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds for a whole response.")
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True,
              help="Further attempts after a 429, a 5xx, a timeout or a dropped connection.")
@click.option("--max-links", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Pages read from one feed or sitemap (the newest first).")
def ingest_command(sources: tuple[str, ...], then_build: bool, per_host: int, delay: float,
                   timeout: float, retries: int, max_links: int) -> None:
    """Read articles into the archive ($KG_HOME/archive.sqlite): feeds, sitemaps, web pages,
    files, folders, - for stdin; with no SOURCES, those listed in $KG_HOME/sources.

    One line per page or file (new, updated, unchanged, duplicate, read, skipped, failed);
    the exit status is 1 only when nothing could be read.
    """
    from kg.fetch import Politeness
    from kg.ingestion import ingest

    politeness = Politeness(per_host=per_host, delay=delay, timeout=timeout, retries=retries)
    summary = _graph_call(ingest, sources, politeness=politeness, max_links=max_links,
                          on_outcome=lambda outcome: _echo(str(outcome)))
    counts = summary.counts()
    _echo("ingested: " + (", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
                          or "nothing") + f" ({summary.requests} HTTP requests)")
    if not summary.read_anything:
        raise click.ClickException("nothing could be read from the sources")
    if then_build:
        _build_from_archive()


_TABLE_OPTION = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]),
                             default="table", show_default=True, help="Output format.")


@main.command("entities")
@click.option("--duplicates", is_flag=True,
              help="List pairs of entities that may be one, most likely first.")
@_NEO4J_OPTION
@_TABLE_OPTION
def entities_command(duplicates: bool, use_neo4j: bool, fmt: str) -> None:
    """List entities with aliases, mention counts and label confidence (or likely duplicates)."""
    from kg.graph import load_graph
    from kg.report import result_text
    from kg.steering import duplicate_table, entity_table

    graph = _graph_call(load_graph, neo4j=use_neo4j)
    table = _steer_call(duplicate_table if duplicates else entity_table, graph)
    _echo(result_text(table, fmt), json_text=fmt == "json")


def _steer_call(func, /, *args):
    """Run a kg.steering call; a bad decision or decisions file becomes one line."""
    from kg.decisions import DecisionsError

    try:
        return _graph_call(func, *args)
    except (DecisionsError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None


def _steered_stores(use_neo4j: bool | None):
    """The stores a decision is carried out in: the embedded one, and Neo4j when in use."""
    from kg.builder import _neo4j_store
    from kg.store.embedded import EmbeddedStore, default_path

    if not default_path().exists():
        raise click.ClickException("no graph has been built yet: run `kg build PATH` first")
    neo = _graph_call(_neo4j_store, use_neo4j)
    embedded = _graph_call(EmbeddedStore)
    return [embedded] + ([neo] if neo else [])


def _decide(func, use_neo4j: bool | None, *args) -> str:
    stores = _steered_stores(use_neo4j)
    try:
        result = _steer_call(func, stores, *args)
    except BaseException:
        stores[0].abort()
        raise
    finally:
        for store in stores[1:]:
            store.close()
    _graph_call(stores[0].close)
    return result


@main.command("merge")
@click.argument("name")
@click.argument("into")
@click.option("--neo4j/--no-neo4j", "use_neo4j", default=None,
              help="Also change Neo4j (default: when NEO4J_URI is set or `kg neo4j start` runs).")
def merge_command(name: str, into: str, use_neo4j: bool | None) -> None:
    """NAME is the entity INTO: join them now and at every build ($KG_HOME/entities.csv)."""
    from kg.steering import merge_entities

    entity = _decide(merge_entities, use_neo4j, name, into)
    _echo(f"merged {name!r} into {entity!r}; the decision is kept in $KG_HOME/entities.csv")


@main.command("split")
@click.argument("entity")
@click.argument("name")
@click.option("--neo4j/--no-neo4j", "use_neo4j", default=None,
              help="Also change Neo4j (default: when NEO4J_URI is set or `kg neo4j start` runs).")
def split_command(entity: str, name: str, use_neo4j: bool | None) -> None:
    """NAME is not ENTITY: keep them apart now and at every build ($KG_HOME/entities.csv)."""
    from kg.steering import split_entity

    canonical = _decide(split_entity, use_neo4j, entity, name)
    _echo(f"{name!r} is kept apart from {canonical!r}; the decision is kept in "
          "$KG_HOME/entities.csv (`kg rebuild` moves the evidence read under that name)")


@main.command("query")
@click.argument("cypher_text", metavar="CYPHER")
@_NEO4J_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="Output format.")
@click.option("--limit", type=click.IntRange(min=1), default=DEFAULT_LIMIT, show_default=True,
              help="Print at most this many rows (a note on stderr says when there were more).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True),
              default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds after which the engine stops the query.")
@click.option("--write", is_flag=True,
              help="Let the query change the graph (it says what changed); without it, "
                   "queries only read.")
@click.option("--allow-files", is_flag=True,
              help="Let the query read or write files and URLs (LOAD FROM, COPY, EXPORT "
                   "DATABASE, LOAD CSV, apoc.load/export/import ...).")
def query_command(cypher_text: str, use_neo4j: bool, fmt: str, limit: int, timeout: float,
                  write: bool, allow_files: bool) -> None:
    """Run a Cypher query on the graph and print the result (read-only unless --write)."""
    from kg.query import run_query
    from kg.report import result_text

    result = _graph_call(run_query, cypher_text, neo4j=use_neo4j, limit=limit,
                         timeout=timeout, write=write, allow_files=allow_files)
    _echo(result_text(result, fmt), json_text=fmt == "json")
    if result.truncated:
        click.echo(f"Note: the query has more than {limit} rows; showing the first {limit} "
                   "(--limit N for more).", err=True)
    if result.changes:
        click.echo(printable(result.changes), err=True)


@main.command("show")
@click.argument("name")
@_NEO4J_OPTION
@_FORMAT_OPTION
def show_command(name: str, use_neo4j: bool, fmt: str) -> None:
    """Everything known about a company or person, with evidence."""
    from kg.analysis import company_profile
    from kg.report import profile_text

    _emit(_ask(use_neo4j, company_profile, name), fmt, profile_text)


@main.command("path")
@click.argument("a")
@click.argument("b")
@click.option("--max-hops", type=click.IntRange(1, 8), default=4, show_default=True)
@_NEO4J_OPTION
@_FORMAT_OPTION
def path_command(a: str, b: str, max_hops: int, use_neo4j: bool, fmt: str) -> None:
    """How two entities are connected (shortest chains of relations)."""
    from kg.analysis import connection_path
    from kg.report import paths_text

    paths = _ask(use_neo4j, connection_path, a, b, max_hops=max_hops)
    _emit(paths, fmt, lambda p: paths_text(a, b, p))


@main.command("conflicts")
@_NEO4J_OPTION
@_FORMAT_OPTION
def conflicts_command(use_neo4j: bool, fmt: str) -> None:
    """Supplier conflicts of interest: a supplier partly owned by a customer's rival."""
    from kg.analysis import conflicts
    from kg.report import conflicts_text

    _emit(_ask(use_neo4j, conflicts), fmt, conflicts_text)


@main.command("moves")
@_NEO4J_OPTION
@_FORMAT_OPTION
def moves_command(use_neo4j: bool, fmt: str) -> None:
    """Executive moves over time, with evidence."""
    from kg.analysis import moves
    from kg.report import moves_text

    _emit(_ask(use_neo4j, moves), fmt, moves_text)


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "graphml"]), default="csv",
              show_default=True, help="csv: nodes.csv + edges.csv; graphml: for Gephi.")
@click.option("--output", "-o", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Folder to write into.")
@_NEO4J_OPTION
def export_command(fmt: str, out_dir: str, use_neo4j: bool) -> None:
    """Export the graph for Gephi, spreadsheets or pandas."""
    from kg.export import export_graph
    from kg.graph import load_graph

    graph = _graph_call(load_graph, neo4j=use_neo4j)
    try:
        files = export_graph(graph, out_dir, fmt)
    except OSError as exc:
        raise click.ClickException(f"cannot write into {out_dir}: {exc.strerror}") from None
    click.echo(f"wrote {', '.join(map(str, files))} ({graph.number_of_nodes()} entities, "
               f"{graph.number_of_edges()} relations)")


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
@click.option("--new-since", metavar="DATE",
              help="Make edges that builds since DATE added or changed stand out "
                   "(as `kg changes --since`).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default="graph.html",
              show_default=True, help="HTML file to write.")
@_NEO4J_OPTION
def view_command(company: str | None, depth: int, types: str | None, since: str | None,
                 new_since: str | None, output: str, use_neo4j: bool) -> None:
    """Write an interactive, self-contained HTML view of the graph (works offline)."""
    from kg.graph import load_graph
    from kg.view import ViewError, write_html

    graph = _graph_call(load_graph, neo4j=use_neo4j)
    if graph.number_of_edges() == 0:
        where = "in Neo4j" if use_neo4j else "in the embedded store ($KG_HOME)"
        raise click.ClickException(f"no graph has been built yet {where}: "
                                   "run `kg build PATH` first")
    try:
        path = write_html(graph, output, company=company, depth=depth, types=types, since=since,
                          highlight=_changed(graph, new_since))
    except ViewError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from None
    click.echo(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB); open it in a browser")


def _changed(graph, new_since: str | None) -> set[tuple[str, str, str]]:
    """The keys of the edges changed since ``--new-since`` (none without it)."""
    if not new_since:
        return set()
    from kg.changes import changed_edges, changes_since

    try:
        return changed_edges(graph, _graph_call(changes_since, new_since))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--new-since") from None


# --- store health (kg doctor) ---


@main.command("doctor")
@click.option("--repair", is_flag=True,
              help="Remove what interrupted writes left and recover a store left mid-write.")
def doctor_command(repair: bool) -> None:
    """Check that the embedded store ($KG_HOME/graph.lbug) can be read. Exit status 1 when a
    problem is left (run again with --repair)."""
    from kg.store.doctor import check_store

    checkup = _graph_call(check_store, repair=repair)
    for done in checkup.repaired:
        _echo(f"repaired: {done}")
    for problem in checkup.problems:
        click.echo(printable(f"problem: {problem}"), err=True)
    if checkup.counts is not None:
        nodes, rels = checkup.counts
        _echo(f"{checkup.path}: readable, {nodes} nodes, {rels} relationships")
    elif not checkup.problems:
        _echo(f"{checkup.path}: no store yet (`kg build PATH...` makes one)")
    if checkup.problems:
        click.get_current_context().exit(1)
