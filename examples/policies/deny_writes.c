/* SPDX-License-Identifier: Apache-2.0 */
/*
 * deny_writes: system calls that would change anything under a directory fail with EACCES;
 * everything else runs.
 *
 *     ebpy supervise deny_writes.o --const protected_dir=/srv/data -- make install
 *
 * "Would change" means: open/openat/openat2 with write intent (O_WRONLY, O_RDWR, O_CREAT,
 * O_TRUNC, O_TMPFILE), creat, truncate, unlink(at), rmdir, mkdir(at), mknod(at), rename(at/2)
 * on either path, link(at) and symlink(at) creating under it, chmod/chown/utimes on it.
 *
 * What it compares is the path string the caller passed, so it sees absolute paths only: a
 * relative path (after chdir into the directory), a path through a symlink or "..", or a call
 * relative to a directory fd is not recognised. And the string is read from the caller's memory
 * before the kernel reads it again: another thread can change it in between
 * (docs/hooks/syscalls.md). This is a guard against mistakes, not a sandbox; for a boundary,
 * use Landlock or a mount namespace.
 */
#include <ebpy/seccomp.h>

#define DIR_MAX 128
#define PATH_READ 256

const volatile char protected_dir[DIR_MAX] = "/tmp/ebpy-protected";

char _license[] SEC("license") = "GPL";

/* Is `path` the protected directory or inside it? */
static __always_inline int under_protected(const char *path)
{
	if (protected_dir[0] == 0)
		return 0;
	for (int i = 0; i < DIR_MAX; i++) {
		char want = protected_dir[i];
		if (want == 0) {
			char next = path[i];
			return next == '/' || next == 0 || protected_dir[i - 1] == '/';
		}
		if (path[i] != want)
			return 0;
	}
	return 0;
}

static __always_inline int has_write_intent(__u64 flags)
{
	return (flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC)) ||
	       (flags & O_TMPFILE) == O_TMPFILE;
}

SEC("seccomp")
int deny_writes(struct seccomp_data *ctx)
{
	__u64 paths[2] = {0, 0};
	__u64 flags;
	struct open_how how;
	/* Load the arguments once, at fixed offsets: the verifier refuses loads through a
	 * context pointer the compiler moved, which `ctx->args[i]` in each branch can become. */
	__u64 a0 = ctx->args[0], a1 = ctx->args[1], a2 = ctx->args[2], a3 = ctx->args[3];

	if (ctx->arch != AUDIT_ARCH_X86_64)
		return SECCOMP_RET_FAIL(ENOSYS); /* numbers below are x86_64's: refuse the rest */

	switch (ctx->nr) {
	case __NR_open:
		flags = a1;
		if (!has_write_intent(flags))
			return SECCOMP_RET_ALLOW;
		paths[0] = a0;
		break;
	case __NR_openat:
		flags = a2;
		if (!has_write_intent(flags))
			return SECCOMP_RET_ALLOW;
		paths[0] = a1;
		break;
	case __NR_openat2:
		if (bpf_probe_read_user(&how, sizeof(how), (const void *)a2) < 0)
			return SECCOMP_RET_ALLOW; /* the kernel fails it with EFAULT */
		if (!has_write_intent(how.flags))
			return SECCOMP_RET_ALLOW;
		paths[0] = a1;
		break;
	case __NR_creat:
	case __NR_truncate:
	case __NR_unlink:
	case __NR_rmdir:
	case __NR_mkdir:
	case __NR_mknod:
	case __NR_chmod:
	case __NR_chown:
	case __NR_lchown:
	case __NR_utime:
	case __NR_utimes:
	case __NR_setxattr:
	case __NR_lsetxattr:
	case __NR_removexattr:
	case __NR_lremovexattr:
		paths[0] = a0;
		break;
	case __NR_unlinkat:
	case __NR_mkdirat:
	case __NR_mknodat:
	case __NR_fchmodat:
	case __NR_fchmodat2:
	case __NR_fchownat:
	case __NR_futimesat:
	case __NR_utimensat:
		paths[0] = a1;
		break;
	case __NR_rename:
	case __NR_link:
		paths[0] = a0;
		paths[1] = a1;
		break;
	case __NR_symlink:
		paths[0] = a1;
		break;
	case __NR_symlinkat:
		paths[0] = a2;
		break;
	case __NR_renameat:
	case __NR_renameat2:
	case __NR_linkat:
		paths[0] = a1;
		paths[1] = a3;
		break;
	default:
		return SECCOMP_RET_ALLOW;
	}

	for (int i = 0; i < 2; i++) {
		char path[PATH_READ];
		if (!paths[i])
			continue;
		if (bpf_probe_read_user_str(path, sizeof(path), (const void *)paths[i]) <= 0)
			continue; /* unreadable: the kernel fails the call with EFAULT */
		if (under_protected(path))
			return SECCOMP_RET_FAIL(EACCES);
	}
	return SECCOMP_RET_ALLOW;
}
