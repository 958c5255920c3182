/* Start-up code and exception vectors of isa_msr: the shared runtime. */
#include "../isa_common/isa_rt.S"
