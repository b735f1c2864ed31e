#!/usr/bin/env bash
# Idle CPU of a pair of IPOP nodes, as a user would measure it (root): two namespaces joined by a veth, the
# nodes started by ipop-pair.sh, CPU time of each JVM from /proc/<pid>/stat over SECS seconds starting WARM
# seconds after both have an address. PERTHREAD=1 adds the busiest threads of each node.
#   bench/netns/idle-cpu.sh [REPO_ROOT] [SECS]      (defaults: this checkout, 30; WARM=5)

set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}; secs=${2:-30}; tag=idle$$
ip netns add ${tag}a; ip netns add ${tag}b
cleanup() {
    IPOP_PAIR_DIR=/tmp/im-$tag "$root/bench/netns/ipop-pair.sh" stop ${tag}a ${tag}b >/dev/null 2>&1 || true
    ip netns del ${tag}a 2>/dev/null || true; ip netns del ${tag}b 2>/dev/null || true
    rm -rf /tmp/im-$tag /tmp/im-$tag-*.t0
}
trap cleanup EXIT
ip link add ${tag}va type veth peer name ${tag}vb
ip link set ${tag}va netns ${tag}a; ip link set ${tag}vb netns ${tag}b
ip -n ${tag}a addr add 172.30.9.1/24 dev ${tag}va; ip -n ${tag}b addr add 172.30.9.2/24 dev ${tag}vb
for n in a b; do ip -n ${tag}$n link set lo up; ip -n ${tag}$n link set ${tag}v$n up; done
IPOP_PAIR_DIR=/tmp/im-$tag "$root/bench/netns/ipop-pair.sh" start ${tag}a 172.30.9.1 ${tag}b 172.30.9.2 >/dev/null
sleep ${WARM:-5}
dir=/tmp/im-$tag/${tag}a-${tag}b
hz=$(getconf CLK_TCK)
for f in $dir/*.pid; do pid=$(cat $f); for t in /proc/$pid/task/*; do echo "$(basename $t) $(awk '{print $14+$15}' $t/stat)"; done > /tmp/im-$tag-$(basename $f).t0; t0=$(awk '{print $14+$15}' /proc/$pid/stat); eval "t0_$(basename $f .pid | tr - _)=$t0"; done
start=$(date +%s.%N)
sleep $secs
end=$(date +%s.%N)
for f in $dir/*.pid; do pid=$(cat $f); n=$(basename $f .pid | tr - _); t1=$(awk '{print $14+$15}' /proc/$pid/stat); eval "t0=\$t0_$n"
  cpu=$(echo "($t1-$t0)/$hz/($end-$start)*100" | bc -l)
  printf "%s cpu=%.2f%% threads=%s rss=%sMB\n" $n $cpu $(ls /proc/$pid/task | wc -l) $(( $(awk '/VmRSS/{print $2}' /proc/$pid/status)/1024 ))
  if [ -n "${PERTHREAD:-}" ]; then for t in /proc/$pid/task/*; do tid=$(basename $t); b=$(awk -v t=$tid '$1==t{print $2}' /tmp/im-$tag-$(basename $f).t0); echo "   $(cat $t/comm | tr ' ' _) $(( $(awk '{print $14+$15}' $t/stat) - ${b:-0} ))"; done | sort -k2 -n | tail -6; fi
done
vip_b=$(awk '$1=="vip"{print $2}' $dir/run-ipop-b/ipop0.status)
ip netns exec ${tag}a ping -c 5 -i 0.5 $vip_b | tail -1
