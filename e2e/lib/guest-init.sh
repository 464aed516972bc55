#!/bin/busybox sh
# PID 1 of the e2e guest (runs from the initramfs). Loads the 9p/overlay modules,
# mounts the host's root filesystem (read-only 9p share "hostroot") under a tmpfs
# overlay, mounts the writable 9p share "results", runs /e2e-results/job.sh in a
# chroot of that overlay, and powers off. The job writes its own exit status file;
# this script writes "init-error: ..." into it when the guest cannot get that far.
/bin/busybox mkdir -p /usr/bin /usr/sbin /sbin
/bin/busybox --install -s
export PATH=/sbin:/bin:/usr/sbin:/usr/bin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

stop() {
    echo "e2e-init: $*" > /dev/console
    if mountpoint -q /results; then echo "init-error: $*" > /results/status; fi
    sync
    poweroff -f
}

for module in $(cat /modules/load-order 2>/dev/null); do
    insmod "/modules/$module" || stop "insmod $module failed"
done

ip link set lo up 2>/dev/null   # the agent's telemetry endpoint binds 127.0.0.1
mkdir -p /results /lower /upper /newroot
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 results /results \
    || stop "cannot mount results share"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=loose,ro hostroot /lower \
    || stop "cannot mount hostroot share"
mount -t tmpfs -o mode=0755 upper /upper || stop "cannot mount tmpfs for the overlay"
mkdir -p /upper/upper /upper/work
mount -t overlay overlay -o lowerdir=/lower,upperdir=/upper/upper,workdir=/upper/work /newroot \
    || stop "cannot mount overlay"
for dir in proc sys dev tmp run e2e-results; do mkdir -p "/newroot/$dir"; done
mount -t proc proc /newroot/proc
mount -t sysfs sysfs /newroot/sys
mount -t devtmpfs devtmpfs /newroot/dev
mkdir -p /newroot/dev/pts /newroot/dev/shm
mount -t devpts devpts /newroot/dev/pts
ln -sf /proc/self/fd /newroot/dev/fd
ln -sf /proc/self/fd/0 /newroot/dev/stdin
ln -sf /proc/self/fd/1 /newroot/dev/stdout
ln -sf /proc/self/fd/2 /newroot/dev/stderr
mount -t tmpfs tmpfs /newroot/dev/shm
# /tmp stays the overlay's (host files visible, writes go to the tmpfs upper layer), so
# every host path, a launcher under /tmp included, means the same inside the guest
mount -t tmpfs -o mode=0755 tmpfs /newroot/run
mount --bind /results /newroot/e2e-results

echo "e2e-init: guest up after $(cut -d' ' -f1 /proc/uptime)s, running job" > /dev/console
chroot /newroot /bin/bash /e2e-results/job.sh < /dev/null > /dev/console 2>&1
job_rc=$?
[ -s /results/status ] || echo "init-error: job.sh exited $job_rc without writing a status" > /results/status
sync
umount /newroot/e2e-results 2>/dev/null
umount /results 2>/dev/null
poweroff -f
