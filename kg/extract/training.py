"""`kg train`: the corpus -> DocBins -> `spacy train` with the config in the repo -> the model.

The trained pipeline (sentencizer, domain NER, relation head) is written to
``kg/models/relations`` inside the package, replacing the old one only when training
finished, so the shipped model is always a whole one.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from kg.extract import relation_component  # noqa: F401 - registers the factory and model
from kg.extract.corpus_docbin import convert
from kg.extract.learned import MODEL_DIR

CONFIGS = {"own": Path(__file__).with_name("configs") / "relations.cfg",
           "pretrained": Path(__file__).with_name("configs") / "relations-pretrained.cfg"}


def train(corpus: Path = Path("data/corpus"), output: Path = MODEL_DIR, *,
          config: Path = CONFIGS["own"], max_steps: int | None = None,
          eval_frequency: int | None = None, progress: Callable[[str], None] = print) -> Path:
    """Train the pipeline on the corpus's train split, pick the best on dev; returns its path."""
    overrides: dict[str, object] = {}
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
    if eval_frequency is not None:
        overrides["training.eval_frequency"] = eval_frequency
    with tempfile.TemporaryDirectory(prefix="kg-train-") as tmp:
        work = Path(tmp)
        stats = convert([corpus], work, ("train", "dev"))
        if not stats.docs["train"] or not stats.docs["dev"]:
            raise ValueError(f"{corpus}: the corpus needs train and dev articles "
                             f"(found {dict(stats.docs)})")
        progress(f"corpus: {dict(stats.docs)} articles; relation mentions in one sentence "
                 f"{stats.mentions['in_sentence']}, through an anaphor "
                 f"{stats.mentions['anaphor']}, across sentences otherwise (not learnt) "
                 f"{stats.mentions['cross_sentence']}; {len(stats.problems)} annotations "
                 "dropped")
        from spacy.cli.train import train as spacy_train

        overrides.update({"paths.train": str(work / "train.spacy"),
                          "paths.dev": str(work / "dev.spacy")})
        spacy_train(config, work / "out", overrides=overrides, use_gpu=-1)
        staged = output.with_name(output.name + ".new")
        shutil.rmtree(staged, ignore_errors=True)
        shutil.copytree(work / "out" / "model-best", staged)
    shutil.rmtree(output, ignore_errors=True)
    staged.rename(output)
    return output
