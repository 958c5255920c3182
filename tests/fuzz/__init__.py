"""Random privileged-instruction programs for the PPC405 equivalence test."""
