"""notebooks/explore.ipynb runs top to bottom from a clean kernel, in a fresh KG_HOME."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"
KERNEL = "kg-notebook-test"

pytestmark = pytest.mark.slow


@pytest.fixture
def kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernelspec for this interpreter (the venv), visible only to this test."""
    prefix = tmp_path / "jupyter"
    subprocess.run([sys.executable, "-m", "ipykernel", "install", "--prefix", str(prefix),
                    "--name", KERNEL, "--display-name", "kg (test)"],
                   check=True, capture_output=True)
    monkeypatch.setenv("JUPYTER_PATH", str(prefix / "share" / "jupyter"))
    return KERNEL


def run_notebook(kernel: str) -> nbformat.NotebookNode:
    """Execute the committed notebook (which must have no outputs) and return it run."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), \
        "commit the notebook without outputs"
    NotebookClient(nb, kernel_name=kernel, timeout=600,
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return nb


def outputs(nb: nbformat.NotebookNode) -> list[str]:
    """The text each code cell printed or displayed."""
    return ["".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                    for o in c.get("outputs", []))
            for c in nb.cells if c.cell_type == "code"]


def test_explore_notebook_runs_clean(kernel: str, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "kg-home"
    monkeypatch.setenv("KG_HOME", str(home))
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)
    nb = run_notebook(kernel)
    every = "\n".join(outputs(nb))
    assert f"KG_HOME:    {home}" in every
    assert (home / "graph.lbug").exists(), "the notebook built the embedded store"
    assert "Skipping the Neo4j queries: no Neo4j server answers." in every
    assert "Traceback" not in every
    view = home / "notebook-view.html"
    assert view.exists() and "window.kgPayload" in view.read_text(encoding="utf-8")
    assert any("text/html" in o.get("data", {}) and "iframe srcdoc" in o["data"]["text/html"]
               for c in nb.cells for o in c.get("outputs", []))


def test_explore_notebook_queries_neo4j_when_it_runs(kernel: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     neo4j_driver) -> None:
    monkeypatch.setenv("KG_HOME", str(tmp_path / "kg-home"))
    nb = run_notebook(kernel)
    every = "\n".join(outputs(nb))
    assert "Skipping the Neo4j queries" not in every
    assert "Neo4j and the embedded store hold the same" in every
    assert every.count("investments: True") == 1
