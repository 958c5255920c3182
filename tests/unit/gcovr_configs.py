#!/usr/bin/env python3
"""gcovr over the unit tests of both configurations (tests/check.mk): the
arguments are gcovr's.

The core is compiled once for unit.conf (cyclic scheduler) and once for
unit-fp.conf (fixed priority), so a function can be defined at two lines of
one file (sched_start, slot_owner, ... under CONFIG_SCHED_CYCLIC and under
CONFIG_SCHED_FIXED_PRIORITY).  gcovr's default merge stops at such a
function.  Lines and branches merge as they are (a line under only one of
the switches is instrumented in one configuration only); functions are
merged by name: gcovr 6 and later have --merge-mode-functions for it,
gcovr 5 only the merge option behind it, set here.

gcovr runs in the interpreter it is installed for, which need not be the
one running this script: without the gcovr module here, the script runs
itself again with the interpreter of the gcovr command.
"""
import os
import shutil
import sys


def gcovr_python():
    """The interpreter on the #! line of the gcovr command, or None."""
    path = shutil.which("gcovr")
    if path is None:
        return None
    with open(path, "rb") as f:
        first = f.readline().decode(errors="replace").strip()
    if not first.startswith("#!"):
        return None
    interp = first[2:].split()
    return interp[0] if interp and interp[0] != sys.executable else None


def run(args):
    try:
        from gcovr import merging
        from gcovr.__main__ import main
        from gcovr.version import __version__
    except ImportError:
        python = gcovr_python()
        if python is None:
            sys.exit("gcovr_configs: no gcovr module for %s" % sys.executable)
        os.execv(python, [python, os.path.abspath(__file__)] + args)
    if int(__version__.split(".")[0]) < 6:
        merging.DEFAULT_MERGE_OPTIONS.ignore_function_lineno = True
    else:
        args = ["--merge-mode-functions=merge-use-line-max"] + args
    return main(args)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
