// SPDX-License-Identifier: GPL-2.0
/*
 * The ELF seed of the elfsym and uprobe_param fuzz targets, built by
 * run.sh (never committed): a tiny shared object whose .dynsym and .symtab
 * hold a function `sigaltstack` and a few others at distinct offsets.
 */
int sigaltstack(void *ss, void *old_ss);
int f1(void);
int f2(void);
int f3(void);
int f4(void);
int f5(void);
int f6(void);
int f7(void);
int f8(void);

int sigaltstack(void *ss, void *old_ss) { return ss == old_ss; }
int f1(void) { return 1; }
int f2(void) { return 2; }
int f3(void) { return 3; }
int f4(void) { return 4; }
int f5(void) { return 5; }
int f6(void) { return 6; }
int f7(void) { return 7; }
int f8(void) { return 8; }
