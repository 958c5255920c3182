"""tools/evidence: the evidence bundle of a configuration (spec/evidence.md).

Run as `python3 tools/evidence ...`; the modules are a package so that
their names never clash with another tool's modules in one test process.
"""
