/* The context of plugins: struct request, 84 bytes, read-only. */
#ifndef EBPY_CONTEXT_REQUEST_H
#define EBPY_CONTEXT_REQUEST_H

#include <ebpy/bpf.h>

struct request {
	__u32 method; /* 1 GET, 2 HEAD, 3 POST, 4 PUT, 5 DELETE, 0 any other */
	__u32 path_len; /* bytes in the path (more than 64: path holds the first 64) */
	__u8 path[64]; /* the path after /<tenant>, NUL padded */
	__u32 header_count; /* request headers */
	__u32 client_addr; /* client IPv4 address, network byte order */
	__u16 client_port; /* client port */
};

#endif /* EBPY_CONTEXT_REQUEST_H */
