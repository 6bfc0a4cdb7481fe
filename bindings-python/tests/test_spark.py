"""The Spark recipe of docs/distributed.md, run as written on pyspark in local mode: its
code blocks are executed in order, in a directory holding what they read (plan
directories, a national plan, a Parquet lake of submissions with a province column), and
their results are checked against one process's."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

import planwatch

from conftest import AS_OF, NSP

pd = pytest.importorskip("pandas")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("pyspark")

DOC = Path(__file__).resolve().parents[2] / "docs" / "distributed.md"


def _recipe_blocks() -> List[str]:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## With Spark") :]
    section = section[: section.index("\n## ", 3)]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the recipe runs: its relative paths are the Spark JVM's, which resolves
    them against its own working directory, the one it started in."""
    return tmp_path_factory.mktemp("spark-recipe")


@pytest.fixture(scope="module")
def spark(workdir: Path) -> Iterator[Any]:
    from pyspark.sql import SparkSession

    cwd = os.getcwd()
    os.chdir(workdir)

    # The executors' Python is this one, which has planwatch installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("planwatch-recipe")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
        os.chdir(cwd)


def _plans(root: Path) -> List[str]:
    """Three plan directories: NSP and two copies under other ids."""
    dirs = []
    for i, plan_id in enumerate(["nsp-2019-2023", "nsp-copy-a", "nsp-copy-b"]):
        d = root / f"plans/{i}"
        shutil.copytree(NSP, d)
        if i:
            for name, key in (("plan.json", '"id": "nsp-2019-2023"'), ("monitoring.json", '"plan": "nsp-2019-2023"')):
                text = (d / name).read_text(encoding="utf-8")
                assert key in text
                (d / name).write_text(text.replace(key, key.replace("nsp-2019-2023", plan_id), 1), encoding="utf-8")
        dirs.append(str(d))
    return dirs


def test_the_spark_recipe_gives_one_process_answers(spark: Any, workdir: Path) -> None:
    tmp_path = workdir
    blocks = _recipe_blocks()
    assert len(blocks) == 2, "the recipe has two jobs"
    plan_dirs = _plans(tmp_path)
    # The national plan and its submissions as a lake partitioned by province (the
    # reporter's province for provincial committees, `national` for the others).
    shutil.copytree(NSP, tmp_path / "national-plan")
    nsp = planwatch.load(NSP)
    subs = pd.DataFrame(nsp.monitoring["submissions"])[
        ["reporter", "report_type", "period", "submitted"]
    ]
    subs["submitted"] = pd.to_datetime(subs["submitted"]).dt.date
    subs["province"] = [r if r.startswith("pcct-") else "national" for r in subs["reporter"]]
    lake = tmp_path / "lake" / "submissions"
    lake.mkdir(parents=True)
    import pyarrow as pa

    pq.write_to_dataset(pa.Table.from_pandas(subs, preserve_index=False), lake, partition_cols=["province"])
    assert Path.cwd() == workdir

    scope: Dict[str, Any] = {"spark": spark, "plan_dirs": plan_dirs}
    exec(compile(blocks[0], f"{DOC}: first Spark block", "exec"), scope)
    found = pd.read_parquet(tmp_path / "findings")
    by_plan = found.groupby("plan").size().to_dict()
    single = nsp.evaluate(AS_OF)
    assert by_plan == {p: len(single) for p in ["nsp-2019-2023", "nsp-copy-a", "nsp-copy-b"]}
    mine = found[found["plan"] == "nsp-2019-2023"].sort_values("id")
    want = single.findings_frame().sort_values("id")
    assert mine["id"].tolist() == want["id"].astype(str).tolist()
    assert mine["message"].tolist() == want["message"].astype(str).tolist()

    exec(compile(blocks[1], f"{DOC}: second Spark block", "exec"), scope)
    assert scope["rates"] == single.rates["reporting"]
    assert len(scope["parts"]) == subs["province"].nunique()
