#!/usr/bin/env bash
# A fake host for footprint runs, no root needed: the twoSocketFourNode fixture's sysfs and procfs
# (4 nodes, 32 CPUs, cgroup v2) and a cgroup v2 tree whose tasks are cgroups /batch/t<i>, one pid
# each, in the kernel's file formats (as agent-runner's HostTreeWriter writes them).
#
#   host-tree.sh init DIR N         DIR/{sys,proc,cgroup} with cgroups t0 .. t<N-1>
#   host-tree.sh add DIR FROM TO    adds cgroups t<FROM> .. t<TO-1>
#   host-tree.sh remove DIR FROM TO removes them
#
# A cgroup appears and disappears at once, as mkdir/rmdir make it on a kernel: it is written
# beside the tree and renamed into place, and renamed out before it is deleted.
# Task i has 32 MiB + 64 KiB * (i % 64): three quarters on node i % 4, the rest on the next node.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fixture="$here/../../agent-runner/src/test/resources/fixtures/twoSocketFourNode"
nodes=4
stat_keys="kernel_stack pagetables sec_pagetables shmem file_mapped file_dirty file_writeback swapcached anon_thp
file_thp shmem_thp inactive_anon active_anon inactive_file active_file unevictable slab_reclaimable
slab_unreclaimable workingset_refault_anon workingset_refault_file workingset_activate_anon
workingset_activate_file workingset_restore_anon workingset_restore_file workingset_nodereclaim"

usage() { sed -n '5,7p' "$0" | sed 's/^# *//' >&2; exit 2; }

# numa_stat line "KEY N0=.. N1=.." with BYTES on node HOME and REST on node HOME+1
stat_line() {
  local key=$1 home=$2 bytes=$3 rest=$4 n line="$1"
  for ((n = 0; n < nodes; n++)); do
    if ((n == home)); then line+=" N$n=$bytes"
    elif ((n == (home + 1) % nodes)); then line+=" N$n=$rest"
    else line+=" N$n=0"; fi
  done
  echo "$line"
}

write_cgroup() { # DIR I
  local d=$1 i=$2 home=$(($2 % nodes)) total=$(((32 << 20) + (65536 * ($2 % 64))))
  local anon=$((total * 3 / 4)) rest=$((total - total * 3 / 4)) key
  mkdir -p "$d"
  echo $((100000 + i)) >"$d/cgroup.procs"
  echo domain >"$d/cgroup.type"
  echo "cpuset cpu io memory pids" >"$d/cgroup.controllers"
  : >"$d/cpuset.cpus"; : >"$d/cpuset.mems"
  echo 0-31 >"$d/cpuset.cpus.effective"; echo 0-3 >"$d/cpuset.mems.effective"
  echo $((total + 65536)) >"$d/memory.current"
  echo max >"$d/memory.max"
  echo $((total + 65536)) >"$d/memory.peak"
  printf 'usage_usec %d\nuser_usec %d\nsystem_usec %d\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n' \
    $((i * 1000)) $((i * 750)) $((i * 250)) >"$d/cpu.stat"
  {
    stat_line anon "$home" "$anon" "$rest"
    stat_line file "$home" 0 0
    for key in $stat_keys; do stat_line "$key" "$home" 0 0; done
  } >"$d/memory.numa_stat"
}

add() { # DIR FROM TO
  local root=$1/cgroup/batch staging=$1/staging i
  mkdir -p "$staging"
  for ((i = $2; i < $3; i++)); do
    write_cgroup "$staging/t$i" "$i"
    mv "$staging/t$i" "$root/t$i"
  done
}

remove() { # DIR FROM TO
  local root=$1/cgroup/batch trash=$1/trash i
  mkdir -p "$trash"
  for ((i = $2; i < $3; i++)); do
    if [ -d "$root/t$i" ]; then mv "$root/t$i" "$trash/t$i" && rm -rf "$trash/t$i"; fi
  done
}

init() { # DIR N
  local dir=$1
  rm -rf "$dir/sys" "$dir/proc" "$dir/cgroup" "$dir/staging" "$dir/trash"
  mkdir -p "$dir/cgroup/batch"
  cp -r "$fixture/sys" "$fixture/proc" "$dir/"
  cp "$fixture"/cgroup/cgroup.* "$fixture"/cgroup/cpuset.* "$dir/cgroup/"
  cp "$fixture"/cgroup/batch/cgroup.* "$fixture"/cgroup/batch/cpuset.* "$dir/cgroup/batch/"
  : >"$dir/cgroup/batch/cgroup.procs"
  add "$dir" 0 "$2"
}

[ $# -ge 3 ] || usage
case $1 in
  init) [ $# = 3 ] || usage; init "$2" "$3" ;;
  add) [ $# = 4 ] || usage; add "$2" "$3" "$4" ;;
  remove) [ $# = 4 ] || usage; remove "$2" "$3" "$4" ;;
  *) usage ;;
esac
