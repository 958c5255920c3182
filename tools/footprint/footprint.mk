# tools/footprint/footprint.mk: `make footprint`, included by the top-level
# Makefile (which defines CONFIG, CONFIG_FILE, B, BUILD, PYTHON and CROSS).
#
#   make footprint [CONFIG=name]   the core's memory footprint, feature by
#                                  feature, next to the paper's Table 2; also
#                                  written to $(B)/footprint.txt and .json
#
# tools/footprint builds its variants of the configuration itself
# (build/footprint/<name>/, build/fp-<name>-<variant>/); see spec/footprint.md.
# Requirement: FOOT-001.

.PHONY: footprint

# The table goes to a temporary file first, so an unknown CONFIG leaves no
# build/<CONFIG>/ behind.
footprint: guests
	@mkdir -p $(BUILD)
	@CROSS=$(CROSS) $(PYTHON) tools/footprint --name $(CONFIG) --build $(BUILD) \
	    --json $(B)/footprint.json $(CONFIG_FILE) > $(BUILD)/.footprint-$(CONFIG).txt; \
	    rc=$$?; if [ -s $(BUILD)/.footprint-$(CONFIG).txt ]; then mkdir -p $(B); \
	    mv $(BUILD)/.footprint-$(CONFIG).txt $(B)/footprint.txt; cat $(B)/footprint.txt; \
	    else rm -f $(BUILD)/.footprint-$(CONFIG).txt; fi; exit $$rc
