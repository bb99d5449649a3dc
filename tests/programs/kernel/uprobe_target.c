/* The binary the uprobe tests probe: waits for a line on stdin, then calls add() n times. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) int add(int a, int b)
{
	__asm__ volatile("" ::: "memory");
	return a + b;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	char line[16];
	long total = 0;
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	for (int i = 0; i < n; i++)
		total += add(i, 7);
	printf("%ld\n", total);
	return 0;
}
