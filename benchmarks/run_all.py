"""`make bench`: run every benchmark in this folder and print its table.

Each script runs in a fresh interpreter: one benchmark's threads, imports and memory must not slow
the next (the trainer measured 0.41x Keras after the grading benchmark in the same process, 0.23x alone).
`python benchmarks/run_all.py bench_trainer` runs only the scripts named.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    wanted = {name.removesuffix(".py") for name in sys.argv[1:]}
    scripts = [s for s in sorted(HERE.glob("bench_*.py")) if not wanted or s.stem in wanted]
    unknown = wanted - {s.stem for s in scripts}
    if unknown:
        raise SystemExit(f"no benchmark named {', '.join(sorted(unknown))} in {HERE}")
    failed = []
    for script in scripts:
        print(f"\n== {script.name}", flush=True)
        if subprocess.run([sys.executable, str(script)]).returncode != 0:
            failed.append(script.name)
    if failed:
        raise SystemExit(f"benchmarks that failed: {', '.join(failed)}")
