"""A plain (non-editable) install works outside the source tree: the entity lists, the
trained model and the view templates ship as package data."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_a_wheel_installed_elsewhere_extracts_and_builds(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "kg", source / "kg",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # The project's dependencies come from the test's own environment; kg itself is installed
    # from a wheel, not linked to the source tree.
    site = Path(subprocess.check_output(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        text=True).strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheels = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--wheel-dir", str(wheels), str(source)],
                   check=True, cwd=tmp_path)
    shutil.rmtree(source)  # nothing may be read from where it was built
    wheel = next(wheels.glob("kg-*.whl"))
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
                   check=True, cwd=tmp_path)

    work = tmp_path / "work"
    work.mkdir()
    article = work / "a.txt"
    article.write_text("Delmore Group agreed to buy Finchley Robotics for $410 million.\n\n"
                       "Nvidia competes with AMD in the market for AI chips.\n",
                       encoding="utf-8")
    env = {"PATH": f"{env_dir / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path),
           "KG_HOME": str(tmp_path / "home")}
    where = subprocess.run([python, "-c", "import kg; print(kg.__file__)"], cwd=work,
                           env=env, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site)), where
    listed = subprocess.run([python, "-c", "from kg.extract.entities import entity_list; "
                             "print(len(entity_list().entities))"], cwd=work, env=env,
                            capture_output=True, text=True, check=True).stdout
    assert int(listed) > 100
    for extractor in ("rules", "combined"):
        result = subprocess.run([env_dir / "bin" / "kg", "extract", "--extractor", extractor,
                                 "--format", "table", str(article)], cwd=work, env=env,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert "ACQUIRES" in result.stdout and "COMPETES_WITH" in result.stdout, result.stdout
    build = subprocess.run([env_dir / "bin" / "kg", "build", "--no-neo4j", str(article)],
                           cwd=work, env=env, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "home" / "graph.html").is_file()
