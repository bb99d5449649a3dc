/* Hooks this machine's kernel lacks: kprobes, fentry/fexit and LSM. */
#include "kernel/kernel_helpers.h"

SEC("kprobe/do_sys_openat2") int on_kprobe(void *ctx) { return 0; }
SEC("fentry/do_sys_openat2") int on_fentry(void *ctx) { return 0; }
SEC("fexit/do_sys_openat2") int on_fexit(void *ctx) { return 0; }
SEC("lsm/file_open") int on_lsm(void *ctx) { return 0; }

char _license[] SEC("license") = "GPL";
