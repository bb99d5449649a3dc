/* Socket filter, tcx and sk_lookup programs that count what they see. */
#include "kernel/kernel_helpers.h"

const volatile __u32 lookup_port = 0;
__u64 filtered;
__u64 tc_packets;
__u64 lookups;

SEC("socket") int count_socket(struct sk_buff_head *skb)
{
	__sync_fetch_and_add(&filtered, 1);
	return skb->len;
}

SEC("socket") int drop_socket(struct sk_buff_head *skb)
{
	return 0;
}

SEC("tc/ingress") int tc_count(struct sk_buff_head *skb)
{
	__sync_fetch_and_add(&tc_packets, 1);
	return 0; /* TCX_PASS */
}

SEC("sk_lookup") int count_lookups(struct bpf_sk_lookup *ctx)
{
	if (ctx->local_port == lookup_port)
		__sync_fetch_and_add(&lookups, 1);
	return 1; /* SK_PASS */
}

char _license[] SEC("license") = "GPL";
