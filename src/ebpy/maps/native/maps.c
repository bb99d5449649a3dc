// SPDX-License-Identifier: Apache-2.0
/*
 * ebpy map storage: the operations of every map type, written once.
 *
 * This file is compiled to LLVM IR at development time
 * (`python -m ebpy.maps.native.build`), the IR (maps.ll) ships in the package, and
 * at run time llvmlite compiles it for the host. The interpreter and Python call
 * the compiled functions through ctypes; the JIT links the same IR into its own
 * modules so LLVM can inline lookups. So the rules are:
 *
 *   - freestanding: no libc headers. LLVM may still emit calls to memcpy, memset
 *     and memcmp for variable sizes; every host process has them.
 *   - no global variables: a JIT module that links this IR gets its own copy of
 *     every global, so all state lives in the map memory.
 *   - only pointer, u32 and u64 parameters, so the IR means the same on x86-64
 *     and aarch64 (LP64, little-endian) once the target triple is stripped.
 *
 * Semantics follow the kernel (kernel/bpf/{arraymap,hashtab,lpm_trie,
 * queue_stack_maps,bloom_filter,ringbuf}.c): same error codes, same checks in
 * the same order, the same hash (jhash) and bucket order so that, with
 * BPF_F_ZERO_SEED, iteration order equals the kernel's. Differences are listed
 * in ebpy/maps/layout.py.
 *
 * Every map is one contiguous, page-aligned, zero-filled memory area that starts
 * with `struct ebpy_map` (EBPY_HEADER_SIZE bytes) followed by the type's storage.
 * Element and node ids are 1-based so that zero-filled memory is an empty map:
 * nothing needs initialising beyond the header.
 *
 * Locking: one spinlock per map guards every structural change. Array lookups
 * and updates, program/map slots and bloom bits need no lock (as in the kernel:
 * concurrent value copies may interleave). A pointer a lookup returns stays valid
 * for the life of the map, but the element may be deleted and reused, exactly as
 * with the kernel's preallocated maps.
 */

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef long long s64;
typedef unsigned long uptr;

#define NULL ((void *)0)

/* errno values (asm-generic, the same on x86-64 and arm64) */
#define EPERM 1
#define ENOENT 2
#define E2BIG 7
#define EAGAIN 11
#define ENOMEM 12
#define EEXIST 17
#define EINVAL 22
#define ENOSPC 28
#define EOPNOTSUPP 95
#define ENOTSUPP 524 /* kernel-internal, but bpf() returns it */

enum ebpy_map_type {
	MAP_HASH = 1,
	MAP_ARRAY = 2,
	MAP_PROG_ARRAY = 3,
	MAP_PERCPU_HASH = 5,
	MAP_PERCPU_ARRAY = 6,
	MAP_LRU_HASH = 9,
	MAP_LRU_PERCPU_HASH = 10,
	MAP_LPM_TRIE = 11,
	MAP_ARRAY_OF_MAPS = 12,
	MAP_HASH_OF_MAPS = 13,
	MAP_DEVMAP = 14,
	MAP_QUEUE = 22,
	MAP_STACK = 23,
	MAP_DEVMAP_HASH = 25,
	MAP_RINGBUF = 27,
	MAP_BLOOM_FILTER = 30,
};

#define BPF_ANY 0
#define BPF_NOEXIST 1
#define BPF_EXIST 2
#define BPF_F_LOCK 4
/* Not a kernel flag: userspace sets it on a devmap update whose ifindex names no network
 * device, so the update fails with the kernel's EINVAL at the point the kernel checks. */
#define EBPY_F_NO_DEVICE (1ULL << 63)

#define BPF_F_ZERO_SEED (1U << 6)
#define BPF_F_MMAPABLE (1U << 10)
#define BPF_F_INNER_MAP (1U << 12)

#define BPF_RB_NO_WAKEUP (1U << 0)
#define BPF_RB_FORCE_WAKEUP (1U << 1)
#define BPF_RB_AVAIL_DATA 0
#define BPF_RB_RING_SIZE 1
#define BPF_RB_CONS_POS 2
#define BPF_RB_PROD_POS 3
#define RINGBUF_BUSY_BIT (1U << 31)
#define RINGBUF_DISCARD_BIT (1U << 30)
#define RINGBUF_HDR_SZ 8
#define RINGBUF_MAX_RECORD_SZ (0xffffffffU / 4)
/* A record's pg_off counts 4 KiB units from the map header, whatever the host page
 * size, so a record finds its map without knowing the page size (maps are at least
 * 4 KiB aligned). */
#define RINGBUF_PG_SHIFT 12

#define EBPY_MAP_MAGIC 0x4d595045U /* "EPYM" */
#define EBPY_HEADER_SIZE 256
#define EBPY_ALL_CPUS 0xffffffffU
#define LPM_DATA_SIZE_MAX 256
#define LPM_MAX_DEPTH (LPM_DATA_SIZE_MAX * 8 + 1)

struct ebpy_map {
	u32 magic;
	u32 type;
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	u32 map_flags;
	u32 ncpu;
	u32 page_size;
	u32 slot_size;    /* bytes stored per value: value_size, or 8 for program/map slots */
	u32 value_stride; /* slot_size rounded up to 8 */
	u32 elem_stride;  /* one element's values: value_stride, times ncpu when per-CPU */
	u32 link_stride;  /* hash: 8, LRU hash: 16; LPM: node size */
	u32 n_buckets;
	u32 hash_seed;
	u32 lock;
	u32 count;        /* live elements (hash, LPM) */
	u32 next_unused;  /* elements/nodes ever handed out; ids above it are untouched */
	u32 free_head;    /* released elements/nodes, linked through their first u32 */
	u32 lru_head;     /* most recently used */
	u32 lru_tail;     /* least recently used: evicted first */
	u32 root;         /* LPM root node */
	u32 value_next_unused; /* LPM value slots */
	u32 value_free_head;
	u32 head;         /* queue/stack ring */
	u32 tail;
	u32 nr_hash_funcs;
	u32 bitset_mask;
	u32 inner_type;   /* map-in-map: what an inner map must look like */
	u32 inner_key_size;
	u32 inner_value_size;
	u32 inner_max_entries;
	u32 inner_flags;
	u64 map_extra;
	u64 total_size;   /* bytes of the memory object (ring buffer: data mapped once) */
	u64 off_buckets;
	u64 off_links;
	u64 off_keys;
	u64 off_values;
	u64 off_consumer;
	u64 off_producer;
	u64 off_data;
	u64 rb_mask;
	u64 pending_pos;
	u64 notify;       /* ring buffer: wakeups a kernel would have sent */
};

_Static_assert(sizeof(struct ebpy_map) <= EBPY_HEADER_SIZE, "header too large");

/* Fields for ebpy_map_info(); ebpy/maps/layout.py mirrors this list. */
enum ebpy_info {
	INFO_MAGIC,
	INFO_TYPE,
	INFO_KEY_SIZE,
	INFO_VALUE_SIZE,
	INFO_MAX_ENTRIES,
	INFO_FLAGS,
	INFO_NCPU,
	INFO_COUNT,
	INFO_TOTAL_SIZE,
	INFO_SLOT_SIZE,
	INFO_VALUE_STRIDE,
	INFO_ELEM_STRIDE,
	INFO_OFF_VALUES,
	INFO_OFF_CONSUMER,
	INFO_OFF_PRODUCER,
	INFO_OFF_DATA,
	INFO_N_BUCKETS,
	INFO_HASH_SEED,
	INFO_NR_HASH_FUNCS,
	INFO_BITSET_MASK,
	INFO_NOTIFY,
	INFO_HEADER_SIZE,
	INFO_MAP_EXTRA,
};

/* ---- small helpers -------------------------------------------------------------------------- */

static inline u8 *map_base(struct ebpy_map *m) { return (u8 *)m; }
static inline u64 align_up(u64 x, u64 a) { return (x + a - 1) & ~(a - 1); }
static inline u32 min_u32(u32 a, u32 b) { return a < b ? a : b; }

static inline u32 load32(const void *p)
{
	u32 v;
	__builtin_memcpy(&v, p, 4);
	return v;
}

static inline u64 load64(const void *p)
{
	u64 v;
	__builtin_memcpy(&v, p, 8);
	return v;
}

static inline void store32(void *p, u32 v) { __builtin_memcpy(p, &v, 4); }
static inline void store64(void *p, u64 v) { __builtin_memcpy(p, &v, 8); }
static inline void copy(void *dst, const void *src, u64 n) { __builtin_memcpy(dst, src, n); }
static inline void zero(void *dst, u64 n) { __builtin_memset(dst, 0, n); }

/* Keys are short; comparing words inline beats a call to memcmp. */
static inline int bytes_equal(const u8 *a, const u8 *b, u32 n)
{
	while (n >= 8) {
		if (load64(a) != load64(b))
			return 0;
		a += 8;
		b += 8;
		n -= 8;
	}
	if (n >= 4) {
		if (load32(a) != load32(b))
			return 0;
		a += 4;
		b += 4;
		n -= 4;
	}
	while (n) {
		if (*a != *b)
			return 0;
		a++;
		b++;
		n--;
	}
	return 1;
}

static inline u32 roundup_pow_of_two(u32 x)
{
	x--;
	x |= x >> 1;
	x |= x >> 2;
	x |= x >> 4;
	x |= x >> 8;
	x |= x >> 16;
	return x + 1;
}

static inline void map_lock(struct ebpy_map *m)
{
	while (__atomic_exchange_n(&m->lock, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&m->lock, __ATOMIC_RELAXED))
			;
}

static inline void map_unlock(struct ebpy_map *m) { __atomic_store_n(&m->lock, 0, __ATOMIC_RELEASE); }

static inline int type_is_percpu(u32 t)
{
	return t == MAP_PERCPU_HASH || t == MAP_PERCPU_ARRAY || t == MAP_LRU_PERCPU_HASH;
}

static inline int type_is_hash(u32 t)
{
	return t == MAP_HASH || t == MAP_PERCPU_HASH || t == MAP_LRU_HASH ||
	       t == MAP_LRU_PERCPU_HASH || t == MAP_HASH_OF_MAPS || t == MAP_DEVMAP_HASH;
}

static inline int type_is_lru(u32 t) { return t == MAP_LRU_HASH || t == MAP_LRU_PERCPU_HASH; }

static inline int type_is_array(u32 t)
{
	return t == MAP_ARRAY || t == MAP_PERCPU_ARRAY || t == MAP_PROG_ARRAY ||
	       t == MAP_ARRAY_OF_MAPS || t == MAP_DEVMAP;
}

/* Program and map slots hold a u64 handle or address (0 = empty). */
static inline int type_has_slots(u32 t)
{
	return t == MAP_PROG_ARRAY || t == MAP_ARRAY_OF_MAPS || t == MAP_HASH_OF_MAPS;
}

/* ---- jhash, exactly the kernel's (include/linux/jhash.h) ------------------------------------ */

static inline u32 rol32(u32 word, u32 shift) { return (word << (shift & 31)) | (word >> ((-shift) & 31)); }

#define JHASH_INITVAL 0xdeadbeefU

#define jhash_mix(a, b, c)                      \
	do {                                    \
		a -= c; a ^= rol32(c, 4); c += b;   \
		b -= a; b ^= rol32(a, 6); a += c;   \
		c -= b; c ^= rol32(b, 8); b += a;   \
		a -= c; a ^= rol32(c, 16); c += b;  \
		b -= a; b ^= rol32(a, 19); a += c;  \
		c -= b; c ^= rol32(b, 4); b += a;   \
	} while (0)

#define jhash_final(a, b, c)                    \
	do {                                    \
		c ^= b; c -= rol32(b, 14);          \
		a ^= c; a -= rol32(c, 11);          \
		b ^= a; b -= rol32(a, 25);          \
		c ^= b; c -= rol32(b, 16);          \
		a ^= c; a -= rol32(c, 4);           \
		b ^= a; b -= rol32(a, 14);          \
		c ^= b; c -= rol32(b, 24);          \
	} while (0)

u32 ebpy_jhash(const void *key, u32 length, u32 initval)
{
	const u8 *k = key;
	u32 a, b, c;

	a = b = c = JHASH_INITVAL + length + initval;
	while (length > 12) {
		a += load32(k);
		b += load32(k + 4);
		c += load32(k + 8);
		jhash_mix(a, b, c);
		length -= 12;
		k += 12;
	}
	switch (length) {
	case 12: c += (u32)k[11] << 24; /* fall through */
	case 11: c += (u32)k[10] << 16; /* fall through */
	case 10: c += (u32)k[9] << 8;   /* fall through */
	case 9:  c += k[8];             /* fall through */
	case 8:  b += (u32)k[7] << 24;  /* fall through */
	case 7:  b += (u32)k[6] << 16;  /* fall through */
	case 6:  b += (u32)k[5] << 8;   /* fall through */
	case 5:  b += k[4];             /* fall through */
	case 4:  a += (u32)k[3] << 24;  /* fall through */
	case 3:  a += (u32)k[2] << 16;  /* fall through */
	case 2:  a += (u32)k[1] << 8;   /* fall through */
	case 1:  a += k[0];
		jhash_final(a, b, c);
		break;
	case 0:
		break;
	}
	return c;
}

/* jhash2 over `words` u32s; keys need not be aligned. */
u32 ebpy_jhash2(const void *key, u32 words, u32 initval)
{
	const u8 *k = key;
	u32 a, b, c;

	a = b = c = JHASH_INITVAL + (words << 2) + initval;
	while (words > 3) {
		a += load32(k);
		b += load32(k + 4);
		c += load32(k + 8);
		jhash_mix(a, b, c);
		words -= 3;
		k += 12;
	}
	switch (words) {
	case 3: c += load32(k + 8); /* fall through */
	case 2: b += load32(k + 4); /* fall through */
	case 1: a += load32(k);
		jhash_final(a, b, c);
		break;
	case 0:
		break;
	}
	return c;
}

/* htab_map_hash() and the bloom filter's hash(): jhash2 when the size is whole words. */
static inline u32 hash_bytes(const void *p, u32 size, u32 seed)
{
	if ((size & 3) == 0)
		return ebpy_jhash2(p, size >> 2, seed);
	return ebpy_jhash(p, size, seed);
}

/* The bucket hash of a hash map's key. A devmap hash uses the ifindex key itself
 * (dev_map_index_hash()), so its iteration order is the kernel's without a seed. */
static inline u32 htab_hash(const struct ebpy_map *m, const void *key)
{
	if (m->type == MAP_DEVMAP_HASH)
		return load32(key);
	return hash_bytes(key, m->key_size, m->hash_seed);
}

/* ---- layout ----------------------------------------------------------------------------------- */

/* Fill the derived fields and offsets of a header whose basic fields are set.
 * Returns the size of the memory object, 0 for a type this file does not store. */
static u64 layout(struct ebpy_map *m)
{
	u64 off = EBPY_HEADER_SIZE, n = m->max_entries, page = m->page_size;
	u32 t = m->type;

	m->slot_size = type_has_slots(t) ? 8 : m->value_size;
	m->value_stride = (u32)align_up(m->slot_size, 8);
	m->elem_stride = type_is_percpu(t) ? m->value_stride * m->ncpu : m->value_stride;

	if (type_is_array(t)) {
		if (m->map_flags & BPF_F_MMAPABLE)
			off = align_up(off, page);
		m->off_values = off;
		off += n * m->elem_stride;
	} else if (type_is_hash(t)) {
		m->n_buckets = roundup_pow_of_two(m->max_entries);
		m->link_stride = type_is_lru(t) ? 16 : 8;
		m->off_buckets = align_up(off, 64);
		off = m->off_buckets + (u64)m->n_buckets * 4;
		m->off_links = align_up(off, 8);
		off = m->off_links + n * m->link_stride;
		m->off_keys = off;
		off += n * m->key_size;
		m->off_values = align_up(off, 8);
		off = m->off_values + n * m->elem_stride;
	} else if (t == MAP_LPM_TRIE) {
		/* At most max_entries real nodes and max_entries - 1 intermediate ones. */
		m->link_stride = (u32)align_up(16 + (m->key_size - 4), 8);
		m->off_links = off;
		off += 2 * n * m->link_stride;
		m->off_values = off;
		off += n * m->value_stride;
	} else if (t == MAP_QUEUE || t == MAP_STACK) {
		m->off_values = off;
		off += (n + 1) * m->value_size;
	} else if (t == MAP_BLOOM_FILTER) {
		u64 nr_bits, bytes;
		u32 k = (u32)(m->map_extra & 0xf);

		m->nr_hash_funcs = k ? k : 5;
		/* bloom_map_alloc(): n * k * 7 / 5 bits, a power of two, at least 64. */
		nr_bits = (u64)m->max_entries * m->nr_hash_funcs;
		if (nr_bits > 0xffffffffULL || (nr_bits / 5) * 7 > 0xffffffffULL ||
		    (nr_bits / 5) * 7 > (1ULL << 31)) {
			m->bitset_mask = 0xffffffffU;
			bytes = 1ULL << 29;
		} else {
			nr_bits = (nr_bits / 5) * 7;
			nr_bits = nr_bits <= 64 ? 64 : roundup_pow_of_two((u32)nr_bits);
			m->bitset_mask = (u32)(nr_bits - 1);
			bytes = nr_bits / 8;
		}
		m->off_values = off;
		off += align_up(bytes, 8);
	} else if (t == MAP_RINGBUF) {
		/* Kernel layout from page 1 on: consumer page, producer page, data; the
		 * caller maps the data a second time right after it. */
		m->off_consumer = page;
		m->off_producer = 2 * page;
		m->off_data = 3 * page;
		m->rb_mask = n - 1;
		off = 3 * page + n;
	} else {
		return 0;
	}
	m->total_size = align_up(off, page);
	return m->total_size;
}

static void header_init(struct ebpy_map *m, u32 type, u32 key_size, u32 value_size,
			u32 max_entries, u32 map_flags, u32 ncpu, u64 map_extra, u32 page_size)
{
	m->type = type;
	m->key_size = key_size;
	m->value_size = value_size;
	m->max_entries = max_entries;
	m->map_flags = map_flags;
	m->ncpu = ncpu ? ncpu : 1;
	m->map_extra = map_extra;
	m->page_size = page_size;
}

/* Bytes of memory a map needs (0: not a type stored here). Arguments are already valid. */
u64 ebpy_map_memory_size(u32 type, u32 key_size, u32 value_size, u32 max_entries, u32 map_flags,
			 u32 ncpu, u64 map_extra, u32 page_size)
{
	struct ebpy_map tmp;

	zero(&tmp, sizeof(tmp));
	header_init(&tmp, type, key_size, value_size, max_entries, map_flags, ncpu, map_extra,
		    page_size);
	return layout(&tmp);
}

/* Turn zero-filled memory of ebpy_map_memory_size() bytes into an empty map. */
long ebpy_map_init(void *mem, u32 type, u32 key_size, u32 value_size, u32 max_entries,
		   u32 map_flags, u32 ncpu, u64 map_extra, u32 page_size, u32 seed)
{
	struct ebpy_map *m = mem;

	header_init(m, type, key_size, value_size, max_entries, map_flags, ncpu, map_extra,
		    page_size);
	if (!layout(m))
		return -EINVAL;
	m->hash_seed = (map_flags & BPF_F_ZERO_SEED) ? 0 : seed;
	__atomic_store_n(&m->magic, EBPY_MAP_MAGIC, __ATOMIC_RELEASE);
	return 0;
}

/* What an inner map of a map-in-map must look like (bpf_map_meta_alloc()). */
void ebpy_map_set_inner(struct ebpy_map *m, u32 type, u32 key_size, u32 value_size,
			u32 max_entries, u32 map_flags)
{
	m->inner_type = type;
	m->inner_key_size = key_size;
	m->inner_value_size = value_size;
	m->inner_max_entries = max_entries;
	m->inner_flags = map_flags;
}

static u32 queue_count(const struct ebpy_map *m)
{
	u32 size = m->max_entries + 1;

	return (m->head + size - m->tail) % size;
}

u64 ebpy_map_info(struct ebpy_map *m, u32 field)
{
	switch (field) {
	case INFO_MAGIC: return m->magic;
	case INFO_TYPE: return m->type;
	case INFO_KEY_SIZE: return m->key_size;
	case INFO_VALUE_SIZE: return m->value_size;
	case INFO_MAX_ENTRIES: return m->max_entries;
	case INFO_FLAGS: return m->map_flags;
	case INFO_NCPU: return m->ncpu;
	case INFO_COUNT:
		if (type_is_array(m->type))
			return m->max_entries;
		if (m->type == MAP_QUEUE || m->type == MAP_STACK)
			return queue_count(m);
		return __atomic_load_n(&m->count, __ATOMIC_RELAXED);
	case INFO_TOTAL_SIZE: return m->total_size;
	case INFO_SLOT_SIZE: return m->slot_size;
	case INFO_VALUE_STRIDE: return m->value_stride;
	case INFO_ELEM_STRIDE: return m->elem_stride;
	case INFO_OFF_VALUES: return m->off_values;
	case INFO_OFF_CONSUMER: return m->off_consumer;
	case INFO_OFF_PRODUCER: return m->off_producer;
	case INFO_OFF_DATA: return m->off_data;
	case INFO_N_BUCKETS: return m->n_buckets;
	case INFO_HASH_SEED: return m->hash_seed;
	case INFO_NR_HASH_FUNCS: return m->nr_hash_funcs;
	case INFO_BITSET_MASK: return m->bitset_mask;
	case INFO_NOTIFY: return __atomic_load_n(&m->notify, __ATOMIC_ACQUIRE);
	case INFO_HEADER_SIZE: return EBPY_HEADER_SIZE;
	case INFO_MAP_EXTRA: return m->map_extra;
	}
	return 0;
}

/* ---- arrays (ARRAY, PERCPU_ARRAY, PROG_ARRAY, ARRAY_OF_MAPS) ------------------------------ */

static inline u8 *array_elem(struct ebpy_map *m, u32 index)
{
	return map_base(m) + m->off_values + (u64)index * m->elem_stride;
}

static inline u64 *array_slot(struct ebpy_map *m, u32 index) { return (u64 *)array_elem(m, index); }

static void *array_lookup(struct ebpy_map *m, const void *key, u32 cpu)
{
	u32 index = load32(key);

	if (index >= m->max_entries)
		return NULL;
	if (m->type == MAP_PERCPU_ARRAY) {
		if (cpu >= m->ncpu)
			return NULL;
		return array_elem(m, index) + (u64)cpu * m->value_stride;
	}
	return array_elem(m, index);
}

/* array_map_update_elem() / bpf_percpu_array_update(). */
static long array_update(struct ebpy_map *m, const void *key, const void *value, u64 flags, u32 cpu)
{
	u32 index = load32(key);
	u8 *dst;

	if (m->type == MAP_PERCPU_ARRAY ? flags > BPF_EXIST : (flags & ~(u64)BPF_F_LOCK) > BPF_EXIST)
		return -EINVAL;
	if (index >= m->max_entries)
		return -E2BIG;
	if (flags & BPF_NOEXIST)
		return -EEXIST;
	if (flags & BPF_F_LOCK) /* values here never hold a bpf_spin_lock */
		return -EINVAL;
	dst = array_elem(m, index);
	if (m->type != MAP_PERCPU_ARRAY) {
		copy(dst, value, m->value_size);
		return 0;
	}
	if (cpu == EBPY_ALL_CPUS) {
		copy(dst, value, m->elem_stride);
		return 0;
	}
	if (cpu >= m->ncpu)
		return -EINVAL;
	copy(dst + (u64)cpu * m->value_stride, value, m->value_size);
	return 0;
}

static long array_get_next_key(struct ebpy_map *m, const void *key, void *next_key)
{
	u32 index = key ? load32(key) : 0xffffffffU;

	if (index >= m->max_entries) {
		store32(next_key, 0);
		return 0;
	}
	if (index == m->max_entries - 1)
		return -ENOENT;
	store32(next_key, index + 1);
	return 0;
}

/* bpf_map_meta_equal(), and array_map_meta_equal() for arrays. */
static int inner_map_fits(const struct ebpy_map *outer, u64 address)
{
	const struct ebpy_map *inner = (const struct ebpy_map *)(uptr)address;

	if (!inner || __atomic_load_n(&inner->magic, __ATOMIC_ACQUIRE) != EBPY_MAP_MAGIC)
		return 0;
	if (inner->type != outer->inner_type || inner->key_size != outer->inner_key_size ||
	    inner->value_size != outer->inner_value_size || inner->map_flags != outer->inner_flags)
		return 0;
	if ((inner->type == MAP_ARRAY || inner->type == MAP_PERCPU_ARRAY) &&
	    !(outer->inner_flags & BPF_F_INNER_MAP) && inner->max_entries != outer->inner_max_entries)
		return 0;
	return 1;
}

/* bpf_fd_array_map_update_elem(): value is a u64 program handle or inner map address. */
static long slot_array_update(struct ebpy_map *m, const void *key, const void *value, u64 flags)
{
	u32 index = load32(key);
	u64 v = load64(value);

	if (flags != BPF_ANY)
		return -EINVAL;
	if (index >= m->max_entries)
		return -E2BIG;
	if (m->type == MAP_ARRAY_OF_MAPS && !inner_map_fits(m, v))
		return -EINVAL;
	__atomic_store_n(array_slot(m, index), v, __ATOMIC_RELEASE);
	return 0;
}

static long slot_array_delete(struct ebpy_map *m, const void *key)
{
	u32 index = load32(key);

	if (index >= m->max_entries)
		return -E2BIG;
	return __atomic_exchange_n(array_slot(m, index), 0, __ATOMIC_ACQ_REL) ? 0 : -ENOENT;
}

/* The program handle a tail call jumps to: 0 when the slot is empty or out of range. */
u64 ebpy_prog_array_get(struct ebpy_map *m, u32 index)
{
	if (index >= m->max_entries)
		return 0;
	return __atomic_load_n(array_slot(m, index), __ATOMIC_ACQUIRE);
}

/* ---- device maps (DEVMAP, DEVMAP_HASH: kernel/bpf/devmap.c) --------------------------------
 * A value is struct bpf_devmap_val: u32 ifindex, then (value_size 8) the id of a program to
 * run on egress, which userspace engines never hold (0). DEVMAP is an array whose ifindex 0
 * means "no device"; DEVMAP_HASH is a hash map keyed by u32, bucket = key. */

static inline u32 devmap_ifindex(const void *value) { return load32(value); }

static void *devmap_lookup(struct ebpy_map *m, const void *key)
{
	u8 *v = array_lookup(m, key, 0);

	return v && load32(v) ? v : NULL;
}

/* dev_map_update_elem(): BPF_NOEXIST always fails (every index exists); ifindex 0 empties
 * the slot. What is stored is {ifindex, program id 0}, as the kernel reads it back. */
static long devmap_update(struct ebpy_map *m, const void *key, const void *value, u64 flags)
{
	u32 index = load32(key);
	u64 user = flags & ~EBPY_F_NO_DEVICE;
	u8 *dst;

	if (user > BPF_EXIST)
		return -EINVAL;
	if (index >= m->max_entries)
		return -E2BIG;
	if (user == BPF_NOEXIST)
		return -EEXIST;
	if (devmap_ifindex(value) && (flags & EBPY_F_NO_DEVICE))
		return -EINVAL;
	dst = array_elem(m, index);
	zero(dst, m->value_size);
	store32(dst, devmap_ifindex(value));
	return 0;
}

static long devmap_delete(struct ebpy_map *m, const void *key)
{
	u32 index = load32(key);

	if (index >= m->max_entries)
		return -EINVAL;
	zero(array_elem(m, index), m->value_size);
	return 0;
}

static long htab_update(struct ebpy_map *m, const void *key, const void *value, u64 flags,
			u32 cpu);
static u32 *htab_find(struct ebpy_map *m, const void *key, u32 hash);

/* __dev_map_hash_update_elem(): EEXIST for BPF_NOEXIST on a present key, then the device
 * (ifindex 0 is no device), then E2BIG when full; BPF_EXIST does not need the key. */
static long devmap_hash_update(struct ebpy_map *m, const void *key, const void *value, u64 flags)
{
	u64 user = flags & ~EBPY_F_NO_DEVICE;
	u8 stored[8];
	int present;

	if (user > BPF_EXIST)
		return -EINVAL;
	map_lock(m);
	present = htab_find(m, key, htab_hash(m, key)) != NULL;
	map_unlock(m);
	if (present && user == BPF_NOEXIST)
		return -EEXIST;
	if (!devmap_ifindex(value) || (flags & EBPY_F_NO_DEVICE))
		return -EINVAL;
	zero(stored, sizeof(stored));
	store32(stored, devmap_ifindex(value));
	return htab_update(m, key, stored, BPF_ANY, EBPY_ALL_CPUS);
}

/* ---- hash maps (HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH, HASH_OF_MAPS) ---------------- */

struct htab_link {
	u32 next;     /* next element in the bucket, or in the free list */
	u32 hash;
	u32 lru_prev; /* LRU maps only: toward the most recently used */
	u32 lru_next; /* toward the least recently used */
};

static inline u32 *htab_bucket(struct ebpy_map *m, u32 hash)
{
	return (u32 *)(map_base(m) + m->off_buckets) + (hash & (m->n_buckets - 1));
}

static inline struct htab_link *htab_link(struct ebpy_map *m, u32 id)
{
	return (struct htab_link *)(map_base(m) + m->off_links + (u64)(id - 1) * m->link_stride);
}

static inline u8 *htab_key(struct ebpy_map *m, u32 id)
{
	return map_base(m) + m->off_keys + (u64)(id - 1) * m->key_size;
}

static inline u8 *htab_value(struct ebpy_map *m, u32 id)
{
	return map_base(m) + m->off_values + (u64)(id - 1) * m->elem_stride;
}

/* The slot (bucket head or a link's next) that points at `key`'s element, or NULL. */
static u32 *htab_find(struct ebpy_map *m, const void *key, u32 hash)
{
	u32 *slot = htab_bucket(m, hash);
	u32 id;

	while ((id = *slot) != 0) {
		struct htab_link *l = htab_link(m, id);

		if (l->hash == hash && bytes_equal(htab_key(m, id), key, m->key_size))
			return slot;
		slot = &l->next;
	}
	return NULL;
}

static u32 htab_alloc(struct ebpy_map *m)
{
	u32 id = m->free_head;

	if (id) {
		m->free_head = htab_link(m, id)->next;
		return id;
	}
	if (m->next_unused < m->max_entries)
		return ++m->next_unused;
	return 0;
}

static void htab_free(struct ebpy_map *m, u32 id)
{
	htab_link(m, id)->next = m->free_head;
	m->free_head = id;
}

static void lru_unlink(struct ebpy_map *m, u32 id)
{
	struct htab_link *l = htab_link(m, id);

	if (l->lru_prev)
		htab_link(m, l->lru_prev)->lru_next = l->lru_next;
	else
		m->lru_head = l->lru_next;
	if (l->lru_next)
		htab_link(m, l->lru_next)->lru_prev = l->lru_prev;
	else
		m->lru_tail = l->lru_prev;
	l->lru_prev = 0;
	l->lru_next = 0;
}

static void lru_push_head(struct ebpy_map *m, u32 id)
{
	struct htab_link *l = htab_link(m, id);

	l->lru_prev = 0;
	l->lru_next = m->lru_head;
	if (m->lru_head)
		htab_link(m, m->lru_head)->lru_prev = id;
	else
		m->lru_tail = id;
	m->lru_head = id;
}

static void lru_touch(struct ebpy_map *m, u32 id)
{
	if (m->lru_head != id) {
		lru_unlink(m, id);
		lru_push_head(m, id);
	}
}

/* Take the least recently used element out of its bucket and hand it out again. */
static u32 lru_evict(struct ebpy_map *m)
{
	u32 id = m->lru_tail, *slot;
	struct htab_link *l;

	if (!id)
		return 0;
	l = htab_link(m, id);
	lru_unlink(m, id);
	slot = htab_bucket(m, l->hash);
	while (*slot != id)
		slot = &htab_link(m, *slot)->next;
	*slot = l->next;
	m->count--;
	return id;
}

/* Unlink the element `*slot` points at and release it. */
static void htab_remove(struct ebpy_map *m, u32 *slot)
{
	u32 id = *slot;

	*slot = htab_link(m, id)->next;
	if (type_is_lru(m->type))
		lru_unlink(m, id);
	htab_free(m, id);
	m->count--;
}

/* Store a value in an element. cpu == EBPY_ALL_CPUS (userspace): `value` holds ncpu
 * values, value_stride apart. Otherwise (a program on `cpu`): this CPU's value; a fresh
 * element gets zeroes on the other CPUs, as pcpu_init_value() does. */
static void htab_store(struct ebpy_map *m, u32 id, const void *value, u32 cpu, int fresh)
{
	u8 *dst = htab_value(m, id);

	if (!type_is_percpu(m->type)) {
		copy(dst, value, m->slot_size);
		return;
	}
	if (cpu == EBPY_ALL_CPUS) {
		copy(dst, value, m->elem_stride);
		return;
	}
	if (fresh)
		zero(dst, m->elem_stride);
	copy(dst + (u64)cpu * m->value_stride, value, m->value_size);
}

static inline void htab_push_bucket(struct ebpy_map *m, u32 id, u32 hash)
{
	u32 *bucket = htab_bucket(m, hash);

	htab_link(m, id)->next = *bucket;
	*bucket = id;
}

static long htab_update(struct ebpy_map *m, const void *key, const void *value, u64 flags, u32 cpu)
{
	u32 t = m->type, hash, id, *slot;
	int percpu = type_is_percpu(t), lru = type_is_lru(t);
	long ret = 0;

	if (flags > BPF_EXIST) /* unknown flags; BPF_F_LOCK needs a bpf_spin_lock in the value */
		return -EINVAL;
	if (percpu && cpu != EBPY_ALL_CPUS && cpu >= m->ncpu)
		return -EINVAL;
	hash = htab_hash(m, key);
	map_lock(m);
	slot = htab_find(m, key, hash);
	if (slot) {
		id = *slot;
		if (flags == BPF_NOEXIST) {
			ret = -EEXIST;
			goto out;
		}
		htab_store(m, id, value, cpu, 0);
		if (!percpu) {
			/* The kernel swaps in a new element at the bucket head. */
			*slot = htab_link(m, id)->next;
			htab_push_bucket(m, id, hash);
		}
		if (lru)
			lru_touch(m, id);
		goto out;
	}
	if (flags == BPF_EXIST) {
		ret = -ENOENT;
		goto out;
	}
	id = htab_alloc(m);
	if (!id && lru)
		id = lru_evict(m);
	if (!id) {
		ret = -E2BIG;
		goto out;
	}
	htab_link(m, id)->hash = hash;
	copy(htab_key(m, id), key, m->key_size);
	htab_store(m, id, value, cpu, 1);
	htab_push_bucket(m, id, hash);
	if (lru)
		lru_push_head(m, id);
	m->count++;
out:
	map_unlock(m);
	return ret;
}

/* A program's lookup: LRU maps count it as a use. */
static void *htab_lookup(struct ebpy_map *m, const void *key, u32 cpu)
{
	u32 hash = htab_hash(m, key), *slot, id;
	u8 *value = NULL;

	if (type_is_percpu(m->type) && cpu >= m->ncpu)
		return NULL;
	map_lock(m);
	slot = htab_find(m, key, hash);
	if (slot) {
		id = *slot;
		if (type_is_lru(m->type))
			lru_touch(m, id);
		value = htab_value(m, id);
		if (type_is_percpu(m->type))
			value += (u64)cpu * m->value_stride;
	}
	map_unlock(m);
	if (value && m->type == MAP_HASH_OF_MAPS)
		return (void *)(uptr)load64(value);
	return value;
}

/* Copy an element's value out: one CPU's value_size bytes, or every CPU's stride. */
static void htab_copy_out(struct ebpy_map *m, u32 id, void *out, u32 cpu)
{
	u8 *src = htab_value(m, id);

	if (!type_is_percpu(m->type))
		copy(out, src, m->slot_size);
	else if (cpu == EBPY_ALL_CPUS)
		copy(out, src, m->elem_stride);
	else
		copy(out, src + (u64)cpu * m->value_stride, m->value_size);
}

static long htab_lookup_copy(struct ebpy_map *m, const void *key, void *out, u32 cpu, int delete)
{
	u32 hash = htab_hash(m, key), *slot;
	long ret = 0;

	if (type_is_percpu(m->type) && cpu != EBPY_ALL_CPUS && cpu >= m->ncpu)
		return -EINVAL;
	map_lock(m);
	slot = htab_find(m, key, hash);
	if (!slot) {
		ret = -ENOENT;
	} else {
		htab_copy_out(m, *slot, out, cpu);
		if (delete)
			htab_remove(m, slot);
	}
	map_unlock(m);
	return ret;
}

static long htab_delete(struct ebpy_map *m, const void *key)
{
	u32 hash = htab_hash(m, key), *slot;
	long ret = 0;

	map_lock(m);
	slot = htab_find(m, key, hash);
	if (slot)
		htab_remove(m, slot);
	else
		ret = -ENOENT;
	map_unlock(m);
	return ret;
}

/* htab_map_get_next_key(): the rest of the key's bucket, then the following buckets;
 * a key that is not in the map restarts from the first bucket. */
static long htab_get_next_key(struct ebpy_map *m, const void *key, void *next_key)
{
	u32 i = 0, id = 0, hash, *slot;
	long ret = -ENOENT;

	map_lock(m);
	if (key) {
		hash = htab_hash(m, key);
		slot = htab_find(m, key, hash);
		if (slot) {
			id = htab_link(m, *slot)->next;
			i = (hash & (m->n_buckets - 1)) + 1;
		}
	}
	for (; !id && i < m->n_buckets; i++)
		id = *((u32 *)(map_base(m) + m->off_buckets) + i);
	if (id) {
		copy(next_key, htab_key(m, id), m->key_size);
		ret = 0;
	}
	map_unlock(m);
	return ret;
}

/* __htab_map_lookup_and_delete_batch(): whole buckets at a time; `*batch` is a bucket
 * index. -ENOSPC when the first bucket does not fit in `*count`; -ENOENT (with the
 * last entries) once the last bucket is done. */
static long htab_lookup_batch(struct ebpy_map *m, const u32 *in_batch, u32 *out_batch, u8 *keys,
			      u8 *values, u32 *count, u32 do_delete)
{
	u32 max = *count, total = 0, batch = in_batch ? *in_batch : 0;
	u32 vsize = type_is_percpu(m->type) ? m->elem_stride : m->slot_size;
	long ret = 0;

	if (!max)
		return 0;
	*count = 0;
	if (batch >= m->n_buckets)
		return -ENOENT;
	for (;;) {
		u32 *bucket, n = 0, id;

		map_lock(m);
		bucket = (u32 *)(map_base(m) + m->off_buckets) + batch;
		for (id = *bucket; id; id = htab_link(m, id)->next)
			n++;
		if (n > max - total) {
			map_unlock(m);
			if (!total)
				ret = -ENOSPC;
			break;
		}
		for (id = *bucket; id; id = htab_link(m, id)->next) {
			copy(keys + (u64)total * m->key_size, htab_key(m, id), m->key_size);
			htab_copy_out(m, id, values + (u64)total * vsize, EBPY_ALL_CPUS);
			total++;
		}
		if (do_delete)
			while (*bucket)
				htab_remove(m, bucket);
		map_unlock(m);
		batch++;
		if (batch >= m->n_buckets) {
			ret = -ENOENT;
			break;
		}
	}
	*out_batch = batch;
	*count = total;
	return ret;
}

/* ---- LPM trie (kernel/bpf/lpm_trie.c, with its node and value pools preallocated) ------------ */

struct lpm_node {
	u32 child[2];
	u32 prefixlen;
	u32 value; /* 1-based value slot; 0 marks an intermediate node */
	u8 data[];
};

static inline u32 lpm_data_size(const struct ebpy_map *m) { return m->key_size - 4; }

static inline struct lpm_node *lpm_node(struct ebpy_map *m, u32 id)
{
	return (struct lpm_node *)(map_base(m) + m->off_links + (u64)(id - 1) * m->link_stride);
}

static inline u8 *lpm_value(struct ebpy_map *m, u32 slot)
{
	return map_base(m) + m->off_values + (u64)(slot - 1) * m->value_stride;
}

static inline int extract_bit(const u8 *data, u32 index)
{
	return !!(data[index / 8] & (1 << (7 - (index % 8))));
}

/* longest_prefix_match(): leading bits `node` and the key share, at most both prefixes. */
static u32 lpm_match(const struct ebpy_map *m, const struct lpm_node *node, u32 prefixlen,
		     const u8 *data)
{
	u32 limit = min_u32(node->prefixlen, prefixlen), n = lpm_data_size(m), i;

	for (i = 0; i < n && i * 8 < limit; i++) {
		u32 diff = (u32)(node->data[i] ^ data[i]);

		if (diff)
			return min_u32(i * 8 + (u32)__builtin_clz(diff) - 24, limit);
	}
	return limit;
}

static u32 lpm_node_alloc(struct ebpy_map *m)
{
	u32 id = m->free_head;

	if (id)
		m->free_head = lpm_node(m, id)->child[0];
	else if ((u64)m->next_unused < 2ULL * m->max_entries)
		id = ++m->next_unused;
	else
		return 0;
	lpm_node(m, id)->child[0] = 0;
	lpm_node(m, id)->child[1] = 0;
	return id;
}

static void lpm_node_free(struct ebpy_map *m, u32 id)
{
	lpm_node(m, id)->child[0] = m->free_head;
	m->free_head = id;
}

static u32 lpm_value_alloc(struct ebpy_map *m)
{
	u32 slot = m->value_free_head;

	if (slot) {
		m->value_free_head = load32(lpm_value(m, slot));
		return slot;
	}
	if (m->value_next_unused < m->max_entries)
		return ++m->value_next_unused;
	return 0;
}

static void lpm_value_free(struct ebpy_map *m, u32 slot)
{
	store32(lpm_value(m, slot), m->value_free_head);
	m->value_free_head = slot;
}

/* trie_lookup_elem(): the longest prefix of the key present. Caller holds the lock. */
static void *lpm_find(struct ebpy_map *m, const void *key)
{
	u32 prefixlen = load32(key), max_prefixlen = lpm_data_size(m) * 8, id, found = 0;
	const u8 *data = (const u8 *)key + 4;

	if (prefixlen > max_prefixlen)
		return NULL;
	for (id = m->root; id;) {
		struct lpm_node *node = lpm_node(m, id);
		u32 matchlen = lpm_match(m, node, prefixlen, data);

		if (matchlen == max_prefixlen) {
			found = id;
			break;
		}
		if (matchlen < node->prefixlen)
			break;
		if (node->value)
			found = id;
		id = node->child[extract_bit(data, node->prefixlen)];
	}
	return found ? lpm_value(m, lpm_node(m, found)->value) : NULL;
}

static void *lpm_lookup(struct ebpy_map *m, const void *key)
{
	void *value;

	map_lock(m);
	value = lpm_find(m, key);
	map_unlock(m);
	return value;
}

/* trie_check_add_elem() */
static long lpm_check_add(struct ebpy_map *m, u64 flags)
{
	if (flags == BPF_EXIST)
		return -ENOENT;
	if (m->count == m->max_entries)
		return -ENOSPC;
	m->count++;
	return 0;
}

/* Give a node the key's data and a value (the kernel allocates a new node instead). */
static long lpm_fill(struct ebpy_map *m, u32 id, u32 prefixlen, const u8 *data, const void *value)
{
	struct lpm_node *node = lpm_node(m, id);

	if (!node->value) {
		node->value = lpm_value_alloc(m);
		if (!node->value)
			return -ENOMEM;
	}
	node->prefixlen = prefixlen;
	copy(node->data, data, lpm_data_size(m));
	copy(lpm_value(m, node->value), value, m->value_size);
	return 0;
}

/* A new real node holding the key and value; 0 when the pools are exhausted. */
static u32 lpm_new_node(struct ebpy_map *m, u32 prefixlen, const u8 *data, const void *value)
{
	u32 id = lpm_node_alloc(m);

	if (!id)
		return 0;
	lpm_node(m, id)->value = 0;
	if (lpm_fill(m, id, prefixlen, data, value)) {
		lpm_node_free(m, id);
		return 0;
	}
	return id;
}

/* trie_update_elem() */
static long lpm_update(struct ebpy_map *m, const void *key, const void *value, u64 flags)
{
	u32 prefixlen = load32(key), id, new_id, im_id, *slot, matchlen = 0;
	const u8 *data = (const u8 *)key + 4;
	struct lpm_node *node = NULL, *im;
	long ret;

	if (flags > BPF_EXIST)
		return -EINVAL;
	if (prefixlen > lpm_data_size(m) * 8)
		return -EINVAL;
	map_lock(m);
	slot = &m->root;
	while ((id = *slot) != 0) {
		node = lpm_node(m, id);
		matchlen = lpm_match(m, node, prefixlen, data);
		if (node->prefixlen != matchlen || node->prefixlen == prefixlen)
			break;
		slot = &node->child[extract_bit(data, node->prefixlen)];
	}

	/* An empty slot: the new node goes there. */
	if (!id) {
		ret = lpm_check_add(m, flags);
		if (ret)
			goto out;
		new_id = lpm_new_node(m, prefixlen, data, value);
		if (!new_id)
			goto nomem;
		*slot = new_id;
		goto out;
	}

	/* The exact prefix exists: replace a real node's value (and data, as the kernel's
	 * new node does), or turn an intermediate node into a real one. */
	if (node->prefixlen == matchlen) {
		if (node->value) {
			if (flags == BPF_NOEXIST) {
				ret = -EEXIST;
				goto out;
			}
		} else {
			ret = lpm_check_add(m, flags);
			if (ret)
				goto out;
		}
		if (lpm_fill(m, id, prefixlen, data, value))
			goto nomem;
		ret = 0;
		goto out;
	}

	ret = lpm_check_add(m, flags);
	if (ret)
		goto out;

	/* The new node covers `node`: it becomes its parent. */
	if (matchlen == prefixlen) {
		new_id = lpm_new_node(m, prefixlen, data, value);
		if (!new_id)
			goto nomem;
		lpm_node(m, new_id)->child[extract_bit(node->data, matchlen)] = id;
		*slot = new_id;
		goto out;
	}

	/* They share `matchlen` bits: join them under an intermediate node. */
	im_id = lpm_node_alloc(m);
	if (!im_id)
		goto nomem;
	new_id = lpm_new_node(m, prefixlen, data, value);
	if (!new_id) {
		lpm_node_free(m, im_id);
		goto nomem;
	}
	im = lpm_node(m, im_id);
	im->prefixlen = matchlen;
	im->value = 0;
	copy(im->data, node->data, lpm_data_size(m));
	if (extract_bit(data, matchlen)) {
		im->child[0] = id;
		im->child[1] = new_id;
	} else {
		im->child[0] = new_id;
		im->child[1] = id;
	}
	*slot = im_id;
	goto out;
nomem:
	m->count--;
	ret = -ENOMEM;
out:
	map_unlock(m);
	return ret;
}

/* trie_delete_elem() */
static long lpm_delete(struct ebpy_map *m, const void *key)
{
	u32 prefixlen = load32(key), id, parent = 0, *trim, *trim2, matchlen = 0;
	const u8 *data = (const u8 *)key + 4;
	struct lpm_node *node = NULL, *pnode;
	long ret = 0;

	if (prefixlen > lpm_data_size(m) * 8)
		return -EINVAL;
	map_lock(m);
	trim = &m->root;
	trim2 = trim;
	while ((id = *trim) != 0) {
		node = lpm_node(m, id);
		matchlen = lpm_match(m, node, prefixlen, data);
		if (node->prefixlen != matchlen || node->prefixlen == prefixlen)
			break;
		parent = id;
		trim2 = trim;
		trim = &node->child[extract_bit(data, node->prefixlen)];
	}
	if (!id || node->prefixlen != prefixlen || node->prefixlen != matchlen || !node->value) {
		ret = -ENOENT;
		goto out;
	}
	m->count--;
	lpm_value_free(m, node->value);
	node->value = 0;

	/* Two children: the node stays as an intermediate one. */
	if (node->child[0] && node->child[1])
		goto out;

	/* A leaf under an intermediate parent: the parent goes too and its other child
	 * moves up, so intermediate nodes always have two children. */
	pnode = parent ? lpm_node(m, parent) : NULL;
	if (pnode && !pnode->value && !node->child[0] && !node->child[1]) {
		*trim2 = pnode->child[0] == id ? pnode->child[1] : pnode->child[0];
		lpm_node_free(m, parent);
		lpm_node_free(m, id);
		goto out;
	}

	*trim = node->child[0] ? node->child[0] : node->child[1];
	lpm_node_free(m, id);
out:
	map_unlock(m);
	return ret;
}

/* trie_get_next_key(): post-order, so more specific prefixes come first; a key that is
 * not in the trie restarts from the leftmost node. */
static long lpm_get_next_key(struct ebpy_map *m, const void *key, void *next_key)
{
	u32 stack[LPM_MAX_DEPTH], max_prefixlen = lpm_data_size(m) * 8, id, next = 0, root;
	u32 prefixlen = 0, matchlen = 0;
	const u8 *data = NULL;
	int sp = -1;
	long ret = 0;

	map_lock(m);
	root = m->root;
	if (!root) {
		ret = -ENOENT;
		goto out;
	}
	if (key) {
		prefixlen = load32(key);
		data = (const u8 *)key + 4;
	}
	if (!key || prefixlen > max_prefixlen)
		goto find_leftmost;

	for (id = root; id;) {
		struct lpm_node *node = lpm_node(m, id);

		stack[++sp] = id;
		matchlen = lpm_match(m, node, prefixlen, data);
		if (node->prefixlen != matchlen || node->prefixlen == prefixlen)
			break;
		id = node->child[extract_bit(data, node->prefixlen)];
	}
	if (!id || lpm_node(m, id)->prefixlen != matchlen || !lpm_node(m, id)->value)
		goto find_leftmost;

	/* Found the key's node: the next one in post-order. */
	id = stack[sp];
	while (sp > 0) {
		u32 parent = stack[sp - 1];
		struct lpm_node *pnode = lpm_node(m, parent);

		if (pnode->child[0] == id && pnode->child[1]) {
			root = pnode->child[1];
			goto find_leftmost;
		}
		if (pnode->value) {
			next = parent;
			goto do_copy;
		}
		id = parent;
		sp--;
	}
	ret = -ENOENT;
	goto out;

find_leftmost:
	/* Intermediate nodes always have two children, so this finds a node. */
	for (id = root; id;) {
		struct lpm_node *node = lpm_node(m, id);

		if (!node->value) {
			id = node->child[0];
		} else {
			next = id;
			id = node->child[0] ? node->child[0] : node->child[1];
		}
	}
do_copy:
	store32(next_key, lpm_node(m, next)->prefixlen);
	copy((u8 *)next_key + 4, lpm_node(m, next)->data, lpm_data_size(m));
out:
	map_unlock(m);
	return ret;
}

/* ---- queue and stack (kernel/bpf/queue_stack_maps.c) ---------------------------------------- */

static inline u8 *qs_elem(struct ebpy_map *m, u32 index)
{
	return map_base(m) + m->off_values + (u64)index * m->value_size;
}

static long qs_push(struct ebpy_map *m, const void *value, u64 flags)
{
	u32 size = m->max_entries + 1, head;

	/* BPF_EXIST makes room by dropping the oldest element. */
	if ((flags & BPF_NOEXIST) || flags > BPF_EXIST)
		return -EINVAL;
	map_lock(m);
	head = m->head + 1 >= size ? 0 : m->head + 1;
	if (head == m->tail) {
		if (!(flags & BPF_EXIST)) {
			map_unlock(m);
			return -E2BIG;
		}
		m->tail = m->tail + 1 >= size ? 0 : m->tail + 1;
	}
	copy(qs_elem(m, m->head), value, m->value_size);
	m->head = head;
	map_unlock(m);
	return 0;
}

static long qs_get(struct ebpy_map *m, void *value, int delete)
{
	u32 size = m->max_entries + 1, index;

	map_lock(m);
	if (m->head == m->tail) {
		map_unlock(m);
		zero(value, m->value_size);
		return -ENOENT;
	}
	if (m->type == MAP_QUEUE) {
		index = m->tail;
		if (delete)
			m->tail = m->tail + 1 >= size ? 0 : m->tail + 1;
	} else {
		index = m->head ? m->head - 1 : size - 1;
		if (delete)
			m->head = index;
	}
	copy(value, qs_elem(m, index), m->value_size);
	map_unlock(m);
	return 0;
}

/* ---- bloom filter (kernel/bpf/bloom_filter.c) ---------------------------------------------- */

static inline u64 *bloom_word(struct ebpy_map *m, u32 bit)
{
	return (u64 *)(map_base(m) + m->off_values) + (bit >> 6);
}

static inline u32 bloom_hash(struct ebpy_map *m, const void *value, u32 i)
{
	return hash_bytes(value, m->value_size, m->hash_seed + i) & m->bitset_mask;
}

static long bloom_push(struct ebpy_map *m, const void *value, u64 flags)
{
	u32 i, bit;

	if (flags != BPF_ANY)
		return -EINVAL;
	for (i = 0; i < m->nr_hash_funcs; i++) {
		bit = bloom_hash(m, value, i);
		__atomic_fetch_or(bloom_word(m, bit), 1ULL << (bit & 63), __ATOMIC_RELAXED);
	}
	return 0;
}

static long bloom_peek(struct ebpy_map *m, const void *value)
{
	u32 i, bit;

	for (i = 0; i < m->nr_hash_funcs; i++) {
		bit = bloom_hash(m, value, i);
		if (!(__atomic_load_n(bloom_word(m, bit), __ATOMIC_RELAXED) & (1ULL << (bit & 63))))
			return -ENOENT;
	}
	return 0;
}

/* ---- ring buffer (kernel/bpf/ringbuf.c) ----------------------------------------------------- */

struct ringbuf_hdr {
	u32 len;
	u32 pg_off;
};

static inline u64 *rb_consumer(struct ebpy_map *m) { return (u64 *)(map_base(m) + m->off_consumer); }
static inline u64 *rb_producer(struct ebpy_map *m) { return (u64 *)(map_base(m) + m->off_producer); }
static inline u8 *rb_data(struct ebpy_map *m) { return map_base(m) + m->off_data; }

/* __bpf_ringbuf_reserve() */
static void *ringbuf_reserve(struct ebpy_map *m, u64 size)
{
	u64 len, cons_pos, prod_pos, pend_pos, new_prod_pos;
	struct ringbuf_hdr *hdr;

	if (size > RINGBUF_MAX_RECORD_SZ)
		return NULL;
	len = align_up(size + RINGBUF_HDR_SZ, 8);
	if (len > m->rb_mask + 1)
		return NULL;
	cons_pos = __atomic_load_n(rb_consumer(m), __ATOMIC_ACQUIRE);
	map_lock(m);
	pend_pos = m->pending_pos;
	prod_pos = *rb_producer(m);
	new_prod_pos = prod_pos + len;
	/* Skip the committed records at the front of the not-yet-consumed area. */
	while (pend_pos < prod_pos) {
		u32 hdr_len;

		hdr = (struct ringbuf_hdr *)(rb_data(m) + (pend_pos & m->rb_mask));
		hdr_len = __atomic_load_n(&hdr->len, __ATOMIC_ACQUIRE);
		if (hdr_len & RINGBUF_BUSY_BIT)
			break;
		pend_pos += align_up((hdr_len & ~RINGBUF_DISCARD_BIT) + RINGBUF_HDR_SZ, 8);
	}
	m->pending_pos = pend_pos;
	if (new_prod_pos - cons_pos > m->rb_mask || new_prod_pos - pend_pos > m->rb_mask) {
		map_unlock(m);
		return NULL;
	}
	hdr = (struct ringbuf_hdr *)(rb_data(m) + (prod_pos & m->rb_mask));
	hdr->len = (u32)size | RINGBUF_BUSY_BIT;
	hdr->pg_off = (u32)(((uptr)hdr - (uptr)m) >> RINGBUF_PG_SHIFT);
	__atomic_store_n(rb_producer(m), new_prod_pos, __ATOMIC_RELEASE);
	map_unlock(m);
	return (u8 *)hdr + RINGBUF_HDR_SZ;
}

void *ebpy_ringbuf_reserve(struct ebpy_map *m, u64 size, u64 flags)
{
	if (flags || m->type != MAP_RINGBUF)
		return NULL;
	return ringbuf_reserve(m, size);
}

/* bpf_ringbuf_commit(): clear BUSY (set DISCARD), then count the wakeup the kernel sends. */
static void ringbuf_commit(void *sample, u64 flags, int discard)
{
	struct ringbuf_hdr *hdr = (struct ringbuf_hdr *)((u8 *)sample - RINGBUF_HDR_SZ);
	struct ebpy_map *m = (struct ebpy_map *)((((uptr)hdr) & ~(((uptr)1 << RINGBUF_PG_SHIFT) - 1)) -
						 ((uptr)hdr->pg_off << RINGBUF_PG_SHIFT));
	u32 new_len = hdr->len ^ RINGBUF_BUSY_BIT;
	u64 rec_pos, cons_pos;

	if (discard)
		new_len |= RINGBUF_DISCARD_BIT;
	__atomic_exchange_n(&hdr->len, new_len, __ATOMIC_SEQ_CST);
	rec_pos = (u64)((u8 *)hdr - rb_data(m));
	cons_pos = __atomic_load_n(rb_consumer(m), __ATOMIC_ACQUIRE) & m->rb_mask;
	if ((flags & BPF_RB_FORCE_WAKEUP) || (cons_pos == rec_pos && !(flags & BPF_RB_NO_WAKEUP)))
		__atomic_fetch_add(&m->notify, 1, __ATOMIC_RELEASE);
}

void ebpy_ringbuf_submit(void *sample, u64 flags) { ringbuf_commit(sample, flags, 0); }
void ebpy_ringbuf_discard(void *sample, u64 flags) { ringbuf_commit(sample, flags, 1); }

long ebpy_ringbuf_output(struct ebpy_map *m, const void *data, u64 size, u64 flags)
{
	void *rec;

	if (flags & ~(u64)(BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP))
		return -EINVAL;
	if (m->type != MAP_RINGBUF)
		return -EINVAL;
	rec = ringbuf_reserve(m, size);
	if (!rec)
		return -EAGAIN;
	copy(rec, data, size);
	ringbuf_commit(rec, flags, 0);
	return 0;
}

u64 ebpy_ringbuf_query(struct ebpy_map *m, u64 flags)
{
	u64 cons, prod;

	if (m->type != MAP_RINGBUF)
		return 0;
	switch (flags) {
	case BPF_RB_AVAIL_DATA:
		cons = __atomic_load_n(rb_consumer(m), __ATOMIC_ACQUIRE);
		prod = __atomic_load_n(rb_producer(m), __ATOMIC_ACQUIRE);
		return prod - cons;
	case BPF_RB_RING_SIZE:
		return m->rb_mask + 1;
	case BPF_RB_CONS_POS:
		return __atomic_load_n(rb_consumer(m), __ATOMIC_ACQUIRE);
	case BPF_RB_PROD_POS:
		return __atomic_load_n(rb_producer(m), __ATOMIC_ACQUIRE);
	}
	return 0;
}

/* Ordered access for ring buffer consumers in Python, on our memory or the kernel's. */
u64 ebpy_load_acquire_u64(const u64 *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
u32 ebpy_load_acquire_u32(const u32 *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
void ebpy_store_release_u64(u64 *p, u64 v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }

/* ---- the generic entry points ---------------------------------------------------------------- */

/* bpf_map_lookup_elem() from a program: a pointer to the value, NULL when absent. Per-CPU
 * maps give `cpu`'s value (NULL for a cpu out of range, as bpf_map_lookup_percpu_elem());
 * map-in-maps give the inner map's address; program arrays a pointer to the slot. */
void *ebpy_map_lookup(struct ebpy_map *m, const void *key, u32 cpu)
{
	switch (m->type) {
	case MAP_ARRAY:
	case MAP_PERCPU_ARRAY:
		return array_lookup(m, key, cpu);
	case MAP_PROG_ARRAY: {
		u64 *slot = array_lookup(m, key, 0);

		return slot && __atomic_load_n(slot, __ATOMIC_ACQUIRE) ? slot : NULL;
	}
	case MAP_ARRAY_OF_MAPS: {
		u64 *slot = array_lookup(m, key, 0);

		return slot ? (void *)(uptr)__atomic_load_n(slot, __ATOMIC_ACQUIRE) : NULL;
	}
	case MAP_DEVMAP:
		return devmap_lookup(m, key);
	case MAP_HASH:
	case MAP_PERCPU_HASH:
	case MAP_LRU_HASH:
	case MAP_LRU_PERCPU_HASH:
	case MAP_HASH_OF_MAPS:
	case MAP_DEVMAP_HASH:
		return htab_lookup(m, key, cpu);
	case MAP_LPM_TRIE:
		return lpm_lookup(m, key);
	}
	return NULL;
}

/* A lookup from userspace (bpf(BPF_MAP_LOOKUP_ELEM)): copy the value out. cpu ==
 * EBPY_ALL_CPUS copies every CPU's value (value_stride bytes each) for per-CPU maps.
 * Queue and stack peek; a bloom filter tests the value in `out`; LRU recency is left
 * alone, as the kernel's syscall path does. */
long ebpy_map_lookup_copy(struct ebpy_map *m, const void *key, void *out, u32 cpu)
{
	void *src;

	switch (m->type) {
	case MAP_ARRAY:
		src = array_lookup(m, key, 0);
		if (!src)
			return -ENOENT;
		copy(out, src, m->value_size);
		return 0;
	case MAP_PERCPU_ARRAY:
		if (cpu == EBPY_ALL_CPUS) {
			src = array_lookup(m, key, 0);
			if (!src)
				return -ENOENT;
			copy(out, src, m->elem_stride);
			return 0;
		}
		src = array_lookup(m, key, cpu);
		if (!src)
			return -ENOENT;
		copy(out, src, m->value_size);
		return 0;
	case MAP_PROG_ARRAY:
	case MAP_ARRAY_OF_MAPS: {
		u64 *slot = array_lookup(m, key, 0), v;

		if (!slot || !(v = __atomic_load_n(slot, __ATOMIC_ACQUIRE)))
			return -ENOENT;
		store64(out, v);
		return 0;
	}
	case MAP_DEVMAP:
		src = devmap_lookup(m, key);
		if (!src)
			return -ENOENT;
		copy(out, src, m->value_size);
		return 0;
	case MAP_HASH:
	case MAP_PERCPU_HASH:
	case MAP_LRU_HASH:
	case MAP_LRU_PERCPU_HASH:
	case MAP_HASH_OF_MAPS:
	case MAP_DEVMAP_HASH:
		return htab_lookup_copy(m, key, out, cpu, 0);
	case MAP_LPM_TRIE: {
		long ret = -ENOENT;

		map_lock(m);
		src = lpm_find(m, key);
		if (src) {
			copy(out, src, m->value_size);
			ret = 0;
		}
		map_unlock(m);
		return ret;
	}
	case MAP_QUEUE:
	case MAP_STACK:
		return qs_get(m, out, 0);
	case MAP_BLOOM_FILTER: /* bpf() passes the value to test in the value buffer */
		return bloom_peek(m, out);
	case MAP_RINGBUF:
		return -ENOTSUPP;
	}
	return -EINVAL;
}

/* bpf_map_update_elem(). cpu: the CPU a program runs on, or EBPY_ALL_CPUS from userspace
 * (then a per-CPU value holds ncpu values, value_stride bytes apart). Program arrays and
 * map-in-maps take a u64 handle/address as the value. */
long ebpy_map_update(struct ebpy_map *m, const void *key, const void *value, u64 flags, u32 cpu)
{
	switch (m->type) {
	case MAP_ARRAY:
	case MAP_PERCPU_ARRAY:
		return array_update(m, key, value, flags, cpu);
	case MAP_PROG_ARRAY:
	case MAP_ARRAY_OF_MAPS:
		return slot_array_update(m, key, value, flags);
	case MAP_DEVMAP:
		return devmap_update(m, key, value, flags);
	case MAP_DEVMAP_HASH:
		return devmap_hash_update(m, key, value, flags);
	case MAP_HASH_OF_MAPS:
		if (!inner_map_fits(m, load64(value)))
			return -EINVAL;
		return htab_update(m, key, value, flags, cpu);
	case MAP_HASH:
	case MAP_PERCPU_HASH:
	case MAP_LRU_HASH:
	case MAP_LRU_PERCPU_HASH:
		return htab_update(m, key, value, flags, cpu);
	case MAP_LPM_TRIE:
		return lpm_update(m, key, value, flags);
	case MAP_QUEUE:
	case MAP_STACK:
		return qs_push(m, value, flags);
	case MAP_BLOOM_FILTER:
		return bloom_push(m, value, flags);
	case MAP_RINGBUF:
		return -ENOTSUPP;
	}
	return -EINVAL;
}

long ebpy_map_delete(struct ebpy_map *m, const void *key)
{
	switch (m->type) {
	case MAP_ARRAY:
	case MAP_PERCPU_ARRAY:
		return -EINVAL;
	case MAP_PROG_ARRAY:
	case MAP_ARRAY_OF_MAPS:
		return slot_array_delete(m, key);
	case MAP_DEVMAP:
		return devmap_delete(m, key);
	case MAP_HASH:
	case MAP_PERCPU_HASH:
	case MAP_LRU_HASH:
	case MAP_LRU_PERCPU_HASH:
	case MAP_HASH_OF_MAPS:
	case MAP_DEVMAP_HASH:
		return htab_delete(m, key);
	case MAP_LPM_TRIE:
		return lpm_delete(m, key);
	case MAP_QUEUE:
	case MAP_STACK:
		return -EINVAL;
	case MAP_BLOOM_FILTER:
		return -EOPNOTSUPP;
	case MAP_RINGBUF:
		return -ENOTSUPP;
	}
	return -EINVAL;
}

/* bpf(BPF_MAP_GET_NEXT_KEY): key NULL for the first key. */
long ebpy_map_get_next_key(struct ebpy_map *m, const void *key, void *next_key)
{
	switch (m->type) {
	case MAP_ARRAY:
	case MAP_PERCPU_ARRAY:
	case MAP_PROG_ARRAY:
	case MAP_ARRAY_OF_MAPS:
	case MAP_DEVMAP:
		return array_get_next_key(m, key, next_key);
	case MAP_HASH:
	case MAP_PERCPU_HASH:
	case MAP_LRU_HASH:
	case MAP_LRU_PERCPU_HASH:
	case MAP_HASH_OF_MAPS:
	case MAP_DEVMAP_HASH:
		return htab_get_next_key(m, key, next_key);
	case MAP_LPM_TRIE:
		return lpm_get_next_key(m, key, next_key);
	case MAP_QUEUE:
	case MAP_STACK:
		return -EINVAL;
	case MAP_BLOOM_FILTER:
		return -EOPNOTSUPP;
	case MAP_RINGBUF:
		return -ENOTSUPP;
	}
	return -EINVAL;
}

/* bpf(BPF_MAP_LOOKUP_AND_DELETE_ELEM): hash maps, and pop for queue/stack (key ignored). */
long ebpy_map_lookup_and_delete(struct ebpy_map *m, const void *key, void *out, u32 cpu)
{
	switch (m->type) {
	case MAP_HASH:
	case MAP_PERCPU_HASH:
	case MAP_LRU_HASH:
	case MAP_LRU_PERCPU_HASH:
		return htab_lookup_copy(m, key, out, cpu, 1);
	case MAP_QUEUE:
	case MAP_STACK:
		return qs_get(m, out, 1);
	}
	return -ENOTSUPP;
}

/* bpf_map_push_elem() / bpf_map_pop_elem() / bpf_map_peek_elem(). For a bloom filter,
 * peek tests `value` (an input) and answers 0 or -ENOENT. */
long ebpy_map_push(struct ebpy_map *m, const void *value, u64 flags)
{
	if (m->type == MAP_QUEUE || m->type == MAP_STACK)
		return qs_push(m, value, flags);
	if (m->type == MAP_BLOOM_FILTER)
		return bloom_push(m, value, flags);
	return -EINVAL;
}

long ebpy_map_pop(struct ebpy_map *m, void *value)
{
	if (m->type == MAP_QUEUE || m->type == MAP_STACK)
		return qs_get(m, value, 1);
	if (m->type == MAP_BLOOM_FILTER)
		return -EOPNOTSUPP;
	return -EINVAL;
}

long ebpy_map_peek(struct ebpy_map *m, void *value)
{
	if (m->type == MAP_QUEUE || m->type == MAP_STACK)
		return qs_get(m, value, 0);
	if (m->type == MAP_BLOOM_FILTER)
		return bloom_peek(m, value);
	return -EINVAL;
}

/* Batched lookup (and delete) of hash maps with the kernel's bucket cursor; other types
 * use the generic key-cursor batch in Python. */
long ebpy_map_lookup_batch(struct ebpy_map *m, const u32 *in_batch, u32 *out_batch, void *keys,
			   void *values, u32 *count, u32 do_delete)
{
	if (!type_is_hash(m->type))
		return -ENOTSUPP;
	return htab_lookup_batch(m, in_batch, out_batch, keys, values, count, do_delete);
}

/* Empty the map (arrays: zero every value). Not a kernel operation: userspace's clear(). */
long ebpy_map_clear(struct ebpy_map *m)
{
	u64 bytes;

	switch (m->type) {
	case MAP_ARRAY:
	case MAP_PERCPU_ARRAY:
	case MAP_PROG_ARRAY:
	case MAP_ARRAY_OF_MAPS:
	case MAP_DEVMAP:
		zero(map_base(m) + m->off_values, (u64)m->max_entries * m->elem_stride);
		return 0;
	case MAP_RINGBUF:
		return -ENOTSUPP;
	}
	map_lock(m);
	switch (m->type) {
	case MAP_BLOOM_FILTER:
		bytes = m->bitset_mask == 0xffffffffU ? (1ULL << 29) : ((u64)m->bitset_mask + 1) / 8;
		zero(map_base(m) + m->off_values, align_up(bytes, 8));
		break;
	case MAP_QUEUE:
	case MAP_STACK:
		m->head = 0;
		m->tail = 0;
		break;
	default: /* hash maps and the LPM trie */
		if (type_is_hash(m->type))
			zero(map_base(m) + m->off_buckets, (u64)m->n_buckets * 4);
		m->count = 0;
		m->next_unused = 0;
		m->free_head = 0;
		m->lru_head = 0;
		m->lru_tail = 0;
		m->root = 0;
		m->value_next_unused = 0;
		m->value_free_head = 0;
		break;
	}
	map_unlock(m);
	return 0;
}
