"""footprint: the memory footprint of the Proteus-405 core, feature by feature.

Usage: python3 tools/footprint [--json FILE] [options] CONFIG.conf
       make footprint [CONFIG=name]
See --help and spec/footprint.md.  @req FOOT-001
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fpcli  # noqa: E402

if __name__ == "__main__":
    sys.exit(fpcli.main(sys.argv[1:]))
