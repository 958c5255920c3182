"""evidence: a configuration's evidence bundle and its regression check.

Usage:
  python3 tools/evidence --config NAME [--root DIR] [--out DIR]
                         [--baseline DIR] [--input NAME=PATH ...]
                         [--check | --accept]
See --help and spec/evidence.md.  REQ: EVID-002.
"""
import os
import sys

if __package__ in (None, ""):
    # Run as `python3 tools/evidence`: import the package from tools/.
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from evidence import cli  # noqa: E402
else:
    from . import cli

if __name__ == "__main__":
    sys.exit(cli.main(sys.argv[1:]))
