"""QEMU scenario harness of Proteus-405 (scenario.py, timing_compare.py)."""
