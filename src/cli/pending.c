/* Commands whose issues have not landed yet: they say so instead of pretending. */
#include "cli.h"

#define PENDING(fn, what)                                                                  \
	int fn(struct cli *c)                                                              \
	{                                                                                  \
		(void)c;                                                                   \
		return cli_error(BC_ERR_INPUT, "%s is not built yet in this version", what); \
	}

PENDING(cmd_rotate, "rotate")
