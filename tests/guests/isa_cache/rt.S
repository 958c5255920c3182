/* Start-up code and exception vectors of isa_cache: the shared runtime. */
#include "../isa_common/isa_rt.S"
