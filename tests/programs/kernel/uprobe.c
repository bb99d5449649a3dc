/* A uprobe and a uretprobe on `int add(int a, int b)` of a test binary. */
#include "kernel/kernel_helpers.h"

__u64 calls, arg_sum, returns, ret_sum;

SEC("uprobe") int on_add(void *ctx)
{
	__sync_fetch_and_add(&calls, 1);
	__sync_fetch_and_add(&arg_sum, (__u32)PT_REGS_PARM1(ctx));
	return 0;
}

SEC("uretprobe") int on_add_return(void *ctx)
{
	__sync_fetch_and_add(&returns, 1);
	__sync_fetch_and_add(&ret_sum, (__u32)PT_REGS_RC(ctx));
	return 0;
}

char _license[] SEC("license") = "GPL";
