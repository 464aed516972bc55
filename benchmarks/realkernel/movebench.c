/*
 * movebench: moves the pages of [LO, HI) of process PID to node TARGET the way a
 * mover could, with nothing but system calls, so that the kernel's cost of each way can
 * be told from the cost of numa-agent's Java executor around the same calls.
 *
 *   movebench PID LO HI TARGET MODE [BATCH]
 *
 * MODE:
 *   query-move  per batch of BATCH pages: move_pages(2) with nodes=NULL (where are
 *               they?), then move_pages(2) of those not on TARGET (the executor's walk)
 *   move        per batch: one move_pages(2) of every page to TARGET (the kernel leaves
 *               pages already there alone)
 *   migrate     one migrate_pages(2) from every other node to TARGET (numactl's
 *               migratepages; moves the whole process, not only [LO, HI))
 *
 * Prints one line: "mode=... batch=... seconds=... calls=... longest_call_s=...
 * moved=... failed=...". LO and HI are hexadecimal (as /proc/PID/maps gives them).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long calls;
static double longest;

static long timed_move_pages(int pid, unsigned long n, void **pages, const int *nodes, int *status) {
    double t0 = now();
    long rc = syscall(SYS_move_pages, pid, n, pages, nodes, status, 0);
    double t = now() - t0;
    calls++;
    if (t > longest) {
        longest = t;
    }
    return rc;
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: movebench PID LO HI TARGET query-move|move|migrate [BATCH]\n");
        return 2;
    }
    int pid = atoi(argv[1]);
    unsigned long lo = strtoul(argv[2], NULL, 16), hi = strtoul(argv[3], NULL, 16);
    int target = atoi(argv[4]);
    const char *mode = argv[5];
    long batch = argc > 6 ? atol(argv[6]) : 512;
    long page = sysconf(_SC_PAGESIZE);
    long moved = 0, failed = 0;
    double start = now();
    if (strcmp(mode, "migrate") == 0) {
        unsigned long from = ~0UL & ~(1UL << target) & 0xffffUL, to = 1UL << target;
        double t0 = now();
        long rc = syscall(SYS_migrate_pages, pid, 17UL, &from, &to);
        longest = now() - t0;
        calls = 1;
        if (rc < 0) {
            perror("migrate_pages");
            return 1;
        }
        failed = rc;
    } else {
        int query = strcmp(mode, "query-move") == 0;
        if (!query && strcmp(mode, "move") != 0) {
            fprintf(stderr, "unknown mode %s\n", mode);
            return 2;
        }
        void **addrs = malloc(batch * sizeof(void *)), **found = malloc(batch * sizeof(void *));
        int *status = malloc(batch * sizeof(int)), *nodes = malloc(batch * sizeof(int));
        for (long i = 0; i < batch; i++) {
            nodes[i] = target;
        }
        for (unsigned long a = lo; a < hi;) {
            long n = 0;
            for (; n < batch && a < hi; n++, a += page) {
                addrs[n] = (void *) a;
            }
            long k = n;
            void **move = addrs;
            if (query) {
                if (timed_move_pages(pid, n, addrs, NULL, status) < 0) {
                    perror("move_pages (query)");
                    return 1;
                }
                k = 0;
                for (long i = 0; i < n; i++) {
                    if (status[i] >= 0 && status[i] != target) {
                        found[k++] = addrs[i];
                    }
                }
                move = found;
                if (k == 0) {
                    continue;
                }
            }
            if (timed_move_pages(pid, k, move, nodes, status) < 0) {
                perror("move_pages (move)");
                return 1;
            }
            for (long i = 0; i < k; i++) {
                if (status[i] == target) {
                    moved++;
                } else if (status[i] < 0 && status[i] != -ENOENT && status[i] != -EFAULT) {
                    failed++;
                }
            }
        }
    }
    printf("mode=%s batch=%ld seconds=%.3f calls=%ld longest_call_s=%.4f moved=%ld failed=%ld\n", mode, batch,
           now() - start, calls, longest, moved, failed);
    return 0;
}
