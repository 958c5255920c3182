"""The sections of the bundle, in the order of index.html and summary.json.

A new section (coverage, WCET, proofs, footprint, ...) is a module with a
bundle.Section subclass, added to SECTIONS here (bundle.py describes the
interface; spec/evidence.md the rules every section follows).
"""
from . import coverage, traceability

SECTIONS = [
    traceability.Traceability(),
    coverage.Coverage(),
]
