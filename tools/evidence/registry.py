"""The sections of the bundle, in the order of index.html and summary.json.

A new section (coverage, ...) is a module with a bundle.Section subclass,
added to SECTIONS here (bundle.py describes the interface; spec/evidence.md
the rules every section follows).
"""
from . import coverage, footprint, proofs, testresults, traceability, wcet

SECTIONS = [
    traceability.Traceability(),
    testresults.TestResults(),
    coverage.Coverage(),
    proofs.Proofs(),
    wcet.Wcet(),
    footprint.Footprint(),
]
