// SPDX-License-Identifier: GPL-2.0
/* The decoder's appenders exactly as sastrace.ko builds them, for KUnit. */
#include "../../module/format_out.c"
