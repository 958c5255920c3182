# tools/evidence/evidence.mk: the evidence bundle (spec/evidence.md),
# included by the top-level Makefile after tests/check.mk.
#
#   make evidence        [CONFIG=demo]  write build/<config>/evidence/
#   make evidence-accept [CONFIG=demo]  regenerate it and make it the
#                                       committed baseline evidence/<config>/
#   make check-evidence                 every configuration against its
#                                       baseline: PASS/FAIL evidence.<config>
#                                       lines in $(RES)/evidence.res
# The bundle reads what the other steps wrote (proof results, ...); it
# builds nothing itself.

EVIDENCE_TOOL := $(PYTHON) tools/evidence --root .

.PHONY: evidence evidence-accept check-evidence

evidence:
	@$(EVIDENCE_TOOL) --config $(CONFIG) --out $(B)/evidence

evidence-accept:
	@$(EVIDENCE_TOOL) --config $(CONFIG) --out $(B)/evidence --accept

check-evidence:
	@mkdir -p $(RES)
	@: > $(RES)/evidence.res
	@for c in $(CONFIGS); do \
	    if $(EVIDENCE_TOOL) --config $$c --out $(BUILD)/$$c/evidence --check \
	            > $(BUILD)/evidence-$$c.txt 2>&1; \
	    then echo "PASS evidence.$$c"; else echo "FAIL evidence.$$c (see $(BUILD)/evidence-$$c.txt)"; fi \
	        >> $(RES)/evidence.res; \
	done
	@cat $(RES)/evidence.res
