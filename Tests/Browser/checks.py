"""What every browser and PDF test reports through: one line per check,
and an exit status that says whether any failed."""
import sys

failures = []
count = [0]


def check(condition, what):
    """Prints 'ok: WHAT' or 'FAILED: WHAT', and remembers a failure."""
    count[0] += 1
    print(("ok: " if condition else "FAILED: ") + what)
    if not condition:
        failures.append(what)


def finish(name):
    """Ends the test: exit 1 when any check failed."""
    if failures:
        print(f"{len(failures)} of {count[0]} {name} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print(f"all {count[0]} {name} checks passed")
    sys.exit(0)
