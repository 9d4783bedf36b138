"""Worker process: reads one JSON job per line on stdin, writes one JSON outcome per line.

A job is {"src", "inputs", "only", "tag"}; the outcome is `runner.run_program`'s tuple, after a line
"ref" or "jit" at the start of each phase (see `run_program`). Run apart from the driver so that a
crash of compiled code (a signal) kills only this process."""

import json
import sys
import warnings


def main():
    warnings.simplefilter("ignore")
    from .runner import run_program

    def phase(name):
        sys.stdout.write(json.dumps(name) + "\n")
        sys.stdout.flush()

    for line in sys.stdin:
        job = json.loads(line)
        try:
            out = run_program(job["src"], job["inputs"], job.get("only"), job.get("tag", "p"), phase)
        except BaseException as e:  # noqa: BLE001 -- a harness error is reported, not fatal
            out = ("fail", f"harness:{type(e).__name__}", repr(e), None)
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
