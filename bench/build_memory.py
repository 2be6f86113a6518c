"""Peak memory of `kg build` on a big input, against the same build of a small one.

Writes an input of --mb megabytes (shuffled copies of the articles in data/ with fresh ids, as
bench/corpus.py makes them; JSONL, .txt dumps or half of each), runs the real `kg build` CLI
on it in a subprocess with a fresh KG_HOME (embedded store only, --no-neo4j) and samples the
resident memory of its process tree (psutil) while it runs. As the baseline, measured in the
same run, the same build of a --baseline-mb input: what the model, the engine and the
interpreter cost before any size effect. Prints the peak of each (and per stage: start-up,
reading + extracting + loading, and the end: checkpoint, whole-graph read and the HTML view),
their ratio, articles/s and words/s; the target is a peak under 1 GiB whatever the size,
so the ratio should stay near 1.

    .venv/bin/python bench/build_memory.py [--mb 50] [--baseline-mb 0.2] [--format jsonl]
        [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import copies, word_count  # noqa: E402

from kg.articles import read_articles  # noqa: E402
from kg.records import Article  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
LIMIT_MIB = 1024
MIB = 1024 * 1024
SAMPLE_S = 0.2
FORMATS = ("jsonl", "txt", "both")
STAGES = ("start-up", "extract + load", "end (checkpoint, read graph, view)")
_ARTICLES = re.compile(r"kg build: (\d+) articles")


@dataclass
class Input:
    """An input written for one build: its files, articles and words."""

    paths: list[Path]
    articles: int = 0
    words: int = 0
    size: int = 0


def _jsonl(article: Article) -> str:
    return json.dumps({"id": article.id, "title": article.title, "url": article.url,
                       "published": article.published, "text": article.text},
                      ensure_ascii=False) + "\n"


def _txt(article: Article) -> str:
    """The article as a dump entry: its headline, then its text, between blank lines."""
    head = f"{article.title}\n\n" if article.title else ""
    return f"{head}{article.text.strip()}\n\n\n"


def write_input(folder: Path, mb: float, fmt: str) -> Input:
    """Articles in ``folder`` until they hold ``mb`` megabytes (UTF-8), in ``fmt``."""
    folder.mkdir(parents=True, exist_ok=True)
    kinds = ["jsonl", "txt"] if fmt == "both" else [fmt]
    written = Input([folder / f"articles.{kind}" for kind in kinds])
    budget = int(mb * 1_000_000)
    files = [path.open("w", encoding="utf-8") for path in written.paths]
    try:
        for article in copies():
            if written.size >= budget:
                break
            kind = kinds[written.articles % len(kinds)]
            text = _jsonl(article) if kind == "jsonl" else _txt(article)
            files[kinds.index(kind)].write(text)
            written.size += len(text.encode("utf-8"))
            written.articles += 1
    finally:
        for f in files:
            f.close()
    # what kg build will read (a dump's articles are found by kg's splitter), streamed
    written.articles = written.words = 0
    for article in read_articles(written.paths):
        written.articles += 1
        written.words += word_count(article.text)
    return written


@dataclass
class Run:
    """What one `kg build` did: seconds, exit code, peak RSS per stage, articles it read."""

    seconds: float = 0.0
    returncode: int = 0
    peaks: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGES, 0))
    articles: int = 0
    stdout: str = ""
    stderr: str = ""

    @property
    def peak(self) -> int:
        return max(self.peaks.values())


def tree_rss(process: psutil.Process) -> int:
    """Resident bytes of a process and all its children."""
    total = 0
    for p in [process, *process.children(recursive=True)]:
        with suppress(psutil.NoSuchProcess):  # a child that just ended
            total += p.memory_info().rss
    return total


def _articles_so_far(stderr_file: Path) -> int:
    """The article count of the last progress line kg build wrote (tqdm's ``\\r`` updates)."""
    try:
        tail = stderr_file.read_bytes()[-4096:].decode(errors="replace")
    except OSError:
        return 0
    counts = _ARTICLES.findall(tail)
    return int(counts[-1]) if counts else 0


def run_build(data: Input, home: Path, label: str) -> Run:
    """`kg build --no-neo4j` on the input, in a subprocess, sampling its memory."""
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "KG_HOME": str(home), "PYTHONPATH": str(REPO)}
    for var in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        env.pop(var, None)
    err_path, out_path = home / "build.stderr", home / "build.stdout"
    run = Run()
    began = time.perf_counter()
    with err_path.open("wb") as err, out_path.open("wb") as out:
        child = subprocess.Popen(
            [sys.executable, "-c", "from kg.cli import main; main()", "build", "--no-neo4j",
             *map(str, data.paths)], stdout=out, stderr=err, env=env, cwd=home)
        try:
            _sample(child, data, run, err_path, label, began)
        finally:
            if child.poll() is None:  # the bench was interrupted: no build left behind
                child.kill()
                child.wait()
    print(file=sys.stderr)
    run.seconds = time.perf_counter() - began
    run.returncode = child.returncode
    run.stdout, run.stderr = out_path.read_text(), err_path.read_text(errors="replace")
    run.articles = _articles_so_far(err_path)
    return run


def _sample(child: subprocess.Popen, data: Input, run: Run, err_path: Path, label: str,
            began: float) -> None:
    """Sample the build's memory into ``run.peaks`` until it ends, with a progress line."""
    process = psutil.Process(child.pid)
    last_print = 0.0
    while child.poll() is None:
        rss = tree_rss(process)
        seen = _articles_so_far(err_path)
        stage = STAGES[0] if seen == 0 else STAGES[1] if seen < data.articles else STAGES[2]
        run.peaks[stage] = max(run.peaks[stage], rss)
        now = time.perf_counter()
        if now - last_print >= 2:
            print(f"\r{label}: {now - began:6.0f} s, {seen:,}/{data.articles:,} articles, "
                  f"rss {rss / MIB:6,.0f} MiB, peak {run.peak / MIB:6,.0f} MiB ({stage})",
                  end="", file=sys.stderr, flush=True)
            last_print = now
        time.sleep(SAMPLE_S)


def report(name: str, data: Input, run: Run) -> None:
    print(f"{name}: {data.size / 1e6:,.1f} MB, {data.articles:,} articles, {data.words:,} "
          f"words in {run.seconds:,.0f} s = {data.articles / run.seconds:,.1f} articles/s, "
          f"{data.words / run.seconds:,.0f} words/s; peak {run.peak / MIB:,.0f} MiB")
    for stage, peak in run.peaks.items():
        print(f"    {stage:36s} peak {peak / MIB:7,.0f} MiB")
    if run.returncode != 0:
        print(f"    kg build failed (exit {run.returncode}):\n{run.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="input size in MB (default 50)")
    parser.add_argument("--baseline-mb", type=float, default=0.2,
                        help="input size of the baseline build in MB (default 0.2)")
    parser.add_argument("--format", choices=FORMATS, default="jsonl",
                        help="JSONL, .txt dumps, or half of each (default jsonl)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="folder for the inputs and KG_HOMEs, kept (default: a temporary "
                             "folder, removed)")
    args = parser.parse_args()
    if min(args.mb, args.baseline_mb) <= 0:
        parser.error("--mb and --baseline-mb must be positive")
    with tempfile.TemporaryDirectory(prefix="kg-build-memory-") as tmp:
        root = args.keep or Path(tmp)
        results = []
        for name, mb in (("baseline", args.baseline_mb), ("kg build", args.mb)):
            data = write_input(root / f"input-{name.replace(' ', '-')}", mb, args.format)
            results.append((name, data, run_build(data, root / f"home-{name.replace(' ', '-')}",
                                                  f"{name} ({mb:g} MB)")))
    for name, data, run in results:
        report(name, data, run)
    (_, _, base), (_, _, big) = results
    ratio = big.peak / base.peak
    print(f"peak ratio {args.mb:g} MB / {args.baseline_mb:g} MB: {ratio:.2f}x (target: flat, "
          f"near 1); peak {big.peak / MIB:,.0f} MiB, limit {LIMIT_MIB} MiB: "
          f"{'met' if big.peak < LIMIT_MIB * MIB else 'NOT met'}")
    if big.returncode or base.returncode:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
