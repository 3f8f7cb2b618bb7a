"""Run one command in a fresh process and report its wall time and peak memory.

``python -m bench.measure CMD ARGS...`` prints one JSON object. Run as its own
process, so ``RUSAGE_CHILDREN`` holds exactly the peak of that one command (and of
its own worker processes, the largest of them).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    with open("/dev/null", "wb") as sink:
        done = subprocess.run(argv, stdout=sink, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {
        "command": argv,
        "returncode": done.returncode,
        "seconds": round(elapsed, 3),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),  # Linux reports KiB
        "stderr_tail": done.stderr.decode("utf-8", "replace")[-2000:],
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
