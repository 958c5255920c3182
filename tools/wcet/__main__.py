"""wcet: static worst-case execution-time bounds of the Proteus-405 core.

Usage:
  python3 tools/wcet [analyse] [options] ELF     bounds of every entry path
  python3 tools/wcet trace [options] ELF -o LOG  run QEMU, record a trace
  python3 tools/wcet measure [options] ELF LOG.. measured maxima vs bounds
  python3 tools/wcet model                       the timing model table
Each command has --help.  See spec/wcet.md.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cli  # noqa: E402

if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help") and len(sys.argv) == 2:
        print(__doc__.strip())
        print()
    sys.exit(cli.main(sys.argv[1:]))
