"""Entry point: python3 tools/config [options] CONFIG.conf (see configc.py)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import configc  # noqa: E402

if __name__ == "__main__":
    sys.exit(configc.main(sys.argv[1:]))
