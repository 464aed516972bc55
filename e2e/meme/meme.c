/*
 * meme - memory exerciser for the numa-agent e2e tests.
 *
 * Maps an active and an idle part of anonymous memory (each its own mapping, the
 * idle part optionally split into several mappings), optionally bound to one NUMA
 * node with mbind(2) before the first touch, writes every page once, then keeps
 * writing the active part at a chosen rate until killed (or until the TTL ends).
 *
 * Output (stdout, line-buffered, machine-readable):
 *   pid <pid>
 *   range <name> <start-hex> <end-hex> <bytes>      one line per mapping, like /proc/PID/maps
 *   ready
 *   unmapped <name> <start-hex> <end-hex>           after SIGUSR1 (see below)
 *
 *   stalls <longest-chunk-s> <slowest-round-s> <rounds>   after SIGUSR2 (see below)
 *
 * Signals: SIGUSR1 unmaps every other idle range (idle0, idle2, ...), so that part of
 * the memory disappears ahead of a mover whichever direction it walks the address
 * space (tests of ranges that vanish while they are being migrated). SIGUSR2 prints
 * the longest time one chunk of STALL_CHUNK_PAGES writes took (the sleeps between
 * slices left out: what a page migration or a scheduler delay costs the workload)
 * and the slowest round over the active part since start or the last SIGUSR2, then
 * starts measuring again.
 *
 * No libnuma: mbind is called through syscall(2).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MPOL_DEFAULT 0
#define MPOL_BIND 2
#define MPOL_INTERLEAVE 3
#define MAX_NODES 1024
#define MAX_IDLE_RANGES 64
#define STALL_CHUNK_PAGES 256

struct range {
    char name[16];
    char *start;
    size_t len;
    int mapped;
};

static struct range idle_ranges[MAX_IDLE_RANGES];
static int idle_count;
static volatile sig_atomic_t unmap_requested;
static volatile sig_atomic_t stalls_requested;

static void usage(const char *argv0)
{
    fprintf(stderr,
            "usage: %s [-s MiB] [-a MiB] [-i COUNT] [-n NODE | -I NODES] [-r PAGES_PER_S] [-t SECONDS] [-H] [-F]\n"
            "  -s MiB          total size (active + idle), default 64\n"
            "  -a MiB          active part, rewritten continually, default 0\n"
            "  -i COUNT        split the idle part into COUNT mappings, default 1\n"
            "  -n NODE         bind all memory to NODE (mbind MPOL_BIND) before touching it\n"
            "  -I NODES        spread all memory over nodes 0..NODES-1 (mbind MPOL_INTERLEAVE) while\n"
            "                  touching it, then drop the policy (MPOL_DEFAULT), so that the pages may move\n"
            "  -r PAGES_PER_S  write rate over the active part, default 1000 (0: touch once only)\n"
            "  -t SECONDS      exit after SECONDS (default: run until killed)\n"
            "  -H              allow transparent huge pages (default: MADV_NOHUGEPAGE)\n"
            "SIGUSR1 unmaps every other idle range (idle0, idle2, ...); SIGUSR2 prints the stalls.\n"
            "  -F              after each round over the active part, mprotect it read-only and back:\n"
            "                  the TLB flush makes CPUs (and emulators' soft TLBs) set accessed bits again\n",
            argv0);
    exit(2);
}

static long parse_long(const char *text, const char *what, long min)
{
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno || *end || value < min) {
        fprintf(stderr, "meme: bad %s '%s' (integer >= %ld expected)\n", what, text, min);
        exit(2);
    }
    return value;
}

/* mbind(2) of [p, p+len) with MODE over the nodes of MASK (NULL: no nodes). */
static void set_policy(char *p, size_t len, int mode, const unsigned long *mask)
{
    if (syscall(SYS_mbind, p, len, mode, mask, mask ? MAX_NODES + 1 : 0, 0) != 0) {
        fprintf(stderr, "meme: mbind mode %d: %s\n", mode, strerror(errno));
        exit(1);
    }
}

/* node >= 0: bind to it; interleave > 0: interleave over nodes 0..interleave-1. */
static char *map_range(size_t len, int node, int interleave, int allow_thp)
{
    char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("meme: mmap");
        exit(1);
    }
    if (!allow_thp && madvise(p, len, MADV_NOHUGEPAGE) != 0)
        perror("meme: madvise(MADV_NOHUGEPAGE)");
    unsigned long mask[MAX_NODES / (8 * sizeof(unsigned long))] = {0};
    const size_t bits = 8 * sizeof(unsigned long);
    if (node >= 0) {
        mask[node / bits] |= 1UL << (node % bits);
        set_policy(p, len, MPOL_BIND, mask);
    } else if (interleave > 0) {
        for (int n = 0; n < interleave; n++)
            mask[n / bits] |= 1UL << (n % bits);
        set_policy(p, len, MPOL_INTERLEAVE, mask);
    }
    return p;
}

static void touch_all(char *p, size_t len, size_t page)
{
    for (size_t off = 0; off < len; off += page)
        p[off] = (char)(off / page + 1);
}

static void print_range(const char *name, const char *start, size_t len)
{
    printf("range %s %lx %lx %zu\n", name, (unsigned long)(uintptr_t)start,
           (unsigned long)(uintptr_t)(start + len), len);
}

static void on_usr1(int sig)
{
    (void)sig;
    unmap_requested = 1;
}

static void on_usr2(int sig)
{
    (void)sig;
    stalls_requested = 1;
}

static void unmap_even_idle(void)
{
    int count = 0;
    for (int i = 0; i < idle_count; i += 2) {
        if (!idle_ranges[i].mapped)
            continue;
        if (munmap(idle_ranges[i].start, idle_ranges[i].len) != 0) {
            perror("meme: munmap");
            continue;
        }
        idle_ranges[i].mapped = 0;
        count++;
        printf("unmapped %s %lx %lx\n", idle_ranges[i].name,
               (unsigned long)(uintptr_t)idle_ranges[i].start,
               (unsigned long)(uintptr_t)(idle_ranges[i].start + idle_ranges[i].len));
    }
    if (count == 0)
        printf("unmapped none\n");
}

/* Prints the stalls since the last report (SIGUSR2) and starts measuring again. */
static void report_stalls(double *longest_chunk, double *slowest_round, unsigned long *rounds)
{
    stalls_requested = 0;
    printf("stalls %.6f %.6f %lu\n", *longest_chunk, *slowest_round, *rounds);
    *longest_chunk = *slowest_round = 0;
    *rounds = 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    long total_mib = 64, active_mib = 0, idle_splits = 1, node = -1, interleave = 0, rate = 1000, ttl = -1;
    int allow_thp = 0, flush_rounds = 0, opt;
    while ((opt = getopt(argc, argv, "s:a:i:n:I:r:t:HF")) != -1) {
        switch (opt) {
        case 's': total_mib = parse_long(optarg, "size", 1); break;
        case 'a': active_mib = parse_long(optarg, "active size", 0); break;
        case 'i': idle_splits = parse_long(optarg, "idle range count", 1); break;
        case 'n': node = parse_long(optarg, "node", 0); break;
        case 'I': interleave = parse_long(optarg, "interleave node count", 1); break;
        case 'r': rate = parse_long(optarg, "rate", 0); break;
        case 't': ttl = parse_long(optarg, "ttl", 0); break;
        case 'H': allow_thp = 1; break;
        case 'F': flush_rounds = 1; break;
        default: usage(argv[0]);
        }
    }
    if (optind != argc || active_mib > total_mib || idle_splits > MAX_IDLE_RANGES || node >= MAX_NODES
        || interleave > MAX_NODES || (node >= 0 && interleave > 0))
        usage(argv[0]);
    setvbuf(stdout, NULL, _IOLBF, 0);
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t mib = 1024 * 1024;
    size_t active_len = (size_t)active_mib * mib;
    size_t idle_len = (size_t)(total_mib - active_mib) * mib;

    printf("pid %d\n", (int)getpid());
    char *active = NULL;
    if (active_len) {
        active = map_range(active_len, (int)node, (int)interleave, allow_thp);
        touch_all(active, active_len, page);
        if (interleave > 0)
            set_policy(active, active_len, MPOL_DEFAULT, NULL);
        print_range("active", active, active_len);
    }
    if (idle_len) {
        /* whole pages per split; the last split takes the remainder */
        size_t pages = idle_len / page, per = pages / (size_t)idle_splits;
        if (per == 0) usage(argv[0]);
        for (long i = 0; i < idle_splits; i++) {
            size_t len = (i == idle_splits - 1 ? pages - per * (size_t)i : per) * page;
            struct range *r = &idle_ranges[idle_count++];
            snprintf(r->name, sizeof(r->name), "idle%ld", i);
            r->start = map_range(len, (int)node, (int)interleave, allow_thp);
            r->len = len;
            r->mapped = 1;
            touch_all(r->start, len, page);
            if (interleave > 0)
                set_policy(r->start, len, MPOL_DEFAULT, NULL);
            print_range(r->name, r->start, len);
        }
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sa.sa_handler = on_usr2;
    sigaction(SIGUSR2, &sa, NULL);
    printf("ready\n");

    double start = now_s();
    size_t active_pages = active_len / page, next = 0;
    unsigned long round = 0, rounds_measured = 0;
    double longest_chunk = 0, slowest_round = 0, round_start = start;
    for (;;) {
        if (unmap_requested) {
            unmap_requested = 0;
            unmap_even_idle();
        }
        if (stalls_requested)
            report_stalls(&longest_chunk, &slowest_round, &rounds_measured);
        if (ttl >= 0 && now_s() - start >= (double)ttl)
            break;
        if (!active_pages || rate == 0) {
            struct timespec idle_wait = {0, 100000000L};
            nanosleep(&idle_wait, NULL);
            continue;
        }
        /* write `rate` pages per second in 10 ms slices, cycling over the active part */
        long per_slice = rate / 100 > 0 ? rate / 100 : 1;
        double chunk_start = now_s();
        for (long k = 0; k < per_slice; k++) {
            active[next * page] = (char)round;
            if ((k + 1) % STALL_CHUNK_PAGES == 0 || k + 1 == per_slice) {
                double t = now_s();
                if (t - chunk_start > longest_chunk)
                    longest_chunk = t - chunk_start;
                chunk_start = t;
                /* answered here too: one slice of a high rate lasts many seconds under TCG */
                if (stalls_requested)
                    report_stalls(&longest_chunk, &slowest_round, &rounds_measured);
            }
            if (++next == active_pages) {
                next = 0;
                round++;
                double t = now_s();
                if (t - round_start > slowest_round)
                    slowest_round = t - round_start;
                round_start = t;
                rounds_measured++;
                if (flush_rounds && (mprotect(active, active_len, PROT_READ) != 0
                                     || mprotect(active, active_len, PROT_READ | PROT_WRITE) != 0)) {
                    perror("meme: mprotect");
                    return 1;
                }
            }
        }
        struct timespec slice = {0, rate / 100 > 0 ? 10000000L : 1000000000L / rate};
        nanosleep(&slice, NULL);
    }
    return 0;
}
