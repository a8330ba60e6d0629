"""How long each notebook takes to execute: every lecture and every solution notebook.

Runs each one in a fresh kernel with nbclient (outputs are discarded, nothing is written) and
prints a table in seconds; asserts nothing. The budgets are 60 s for a lecture and 30 s for a
solution notebook on 2 cores.

    python benchmarks/bench_notebooks.py
"""

import course_utils  # noqa: F401  (quietens TensorFlow in the kernels started from here)

import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def execution_time(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    client.execute(stderr=subprocess.DEVNULL)  # kernel start-up warnings would drown the table
    return time.perf_counter() - start


def main():
    rows = []
    for topic in sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir()):
        lecture = ROOT / "lectures" / f"{topic}.ipynb"
        solution = ROOT / "solutions" / topic / f"{topic}.ipynb"
        rows.append(
            (topic, execution_time(lecture) if lecture.exists() else float("nan"), execution_time(solution))
        )
        print(
            f"  {topic}: lecture {rows[-1][1]:.1f} s, solution {rows[-1][2]:.1f} s",
            file=sys.stderr,
            flush=True,
        )
    print(f"\nNotebook execution time, fresh kernel each, {os.cpu_count()} CPU cores\n")
    print("| topic | lecture (s) | solution notebook (s) |")
    print("|---|---|---|")
    for topic, lecture, solution in rows:
        print(f"| {topic} | {lecture:.1f} | {solution:.1f} |")


if __name__ == "__main__":
    main()
