/* Runs up to four sk_buff helper calls that tests/test_skb_helpers.py describes in the `args`
 * map, and records what each returned and what the sk_buff looks like afterwards. */
#include <ebpy/skb.h>

struct step {
	__u32 op;
	__u32 a;
	__u64 b;
	__u64 c;
	__u64 d;
};

struct args {
	struct step steps[4];
};

struct result {
	__s64 ret[4];
	__u32 len;
	__u32 protocol;
	__u32 vlan_present;
	__u32 vlan_tci;
	__u32 vlan_proto;
	__u32 hash;
	__u32 pkt_type;
	__u32 data_len;
	__s64 mac_ret;
	__s64 net_ret;
	__u8 mac[16];
	__u8 net[16];
	__u8 loaded[8];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct args);
} args SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct result);
} results SEC(".maps");

static __always_inline long step(struct __sk_buff *skb, struct step *s, struct result *r)
{
	switch (s->op) {
	case 1:
		return bpf_l3_csum_replace(skb, s->a, s->b, s->c, s->d);
	case 2:
		return bpf_l4_csum_replace(skb, s->a, s->b, s->c, s->d);
	case 3:
		return bpf_csum_update(skb, s->a);
	case 4:
		return bpf_skb_pull_data(skb, s->a);
	case 5:
		return bpf_skb_change_tail(skb, s->a, s->b);
	case 6:
		return bpf_skb_change_head(skb, s->a, s->b);
	case 7:
		return bpf_skb_adjust_room(skb, (__s32)s->a, s->b, s->c);
	case 8:
		return bpf_skb_vlan_push(skb, s->a, s->b);
	case 9:
		return bpf_skb_vlan_pop(skb);
	case 10:
		return bpf_skb_change_proto(skb, s->a, s->b);
	case 11:
		return bpf_skb_change_type(skb, s->a);
	case 12:
		return bpf_set_hash(skb, s->a);
	case 13:
		bpf_set_hash_invalid(skb);
		return 0;
	case 14:
		return bpf_get_hash_recalc(skb);
	case 15:
		return bpf_csum_level(skb, s->a);
	case 16:
		return bpf_skb_load_bytes_relative(skb, s->a, r->loaded, 8, s->b);
	case 17:
		return bpf_clone_redirect(skb, s->a, s->b);
	case 18:
		return bpf_skb_store_bytes(skb, s->a, &s->c, 8, s->b);
	case 19:
		return bpf_skb_load_bytes(skb, s->a, r->loaded, 8);
	}
	return -1000;
}

SEC("tc") int skb_ops(struct __sk_buff *skb)
{
	__u32 k = 0;
	struct args *a = bpf_map_lookup_elem(&args, &k);
	struct result *r = bpf_map_lookup_elem(&results, &k);

	if (!a || !r)
		return 0;
	for (int i = 0; i < 4; i++) {
		if (!a->steps[i].op)
			break;
		r->ret[i] = step(skb, &a->steps[i], r);
	}
	r->len = skb->len;
	r->protocol = skb->protocol;
	r->vlan_present = skb->vlan_present;
	r->vlan_tci = skb->vlan_tci;
	r->vlan_proto = skb->vlan_proto;
	r->hash = skb->hash;
	r->pkt_type = skb->pkt_type;
	r->data_len = skb->data_end - skb->data;
	r->mac_ret = bpf_skb_load_bytes_relative(skb, 0, r->mac, 16, BPF_HDR_START_MAC);
	r->net_ret = bpf_skb_load_bytes_relative(skb, 0, r->net, 16, BPF_HDR_START_NET);
	return TC_ACT_OK;
}
