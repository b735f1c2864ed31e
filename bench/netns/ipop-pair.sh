#!/usr/bin/env bash
# Starts or stops a pair of IPOP nodes in two network namespaces, the way a user runs them (the peerbench
# contract, ../shared/peerbench/README.md):
#   ipop-pair.sh start NS_A UNDERLAY_IP_A NS_B UNDERLAY_IP_B   -> prints B's overlay IPv4, nodes keep running
#   ipop-pair.sh stop NS_A NS_B                                 -> stops both nodes, removes their state
# B is the bootstrap; both lease their virtual address from the overlay (address-mode auto). The pair is its
# own network: a CA made for it signs both nodes' certificates (ipop cert), so the nodes run as deployed nodes do,
# authenticated and encrypted. IPOP_PAIR_ARGS adds node flags to both nodes (e.g. "--cipher chacha20-poly1305",
# or "--security plaintext" to measure without encryption; no certificates are made then). Logs and
# state live in ${IPOP_PAIR_DIR:-/tmp/ipop-pair}/<NS_A>-<NS_B>/. Needs root.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
root="$(dirname "$(dirname "$here")")"
ipop="$root/tools/ipop"
port=4789
network=10.128.0.0/16

die() { echo "ipop-pair: $*" >&2; [ -n "${fail_cleanup:-}" ] && eval "$fail_cleanup"; exit 1; }

state_dir() { echo "${IPOP_PAIR_DIR:-/tmp/ipop-pair}/$1-$2"; }

start_node() { # ns name listen_ip bootstrap dir
    local ns=$1 name=$2 ip=$3 bootstrap=$4 dir=$5
    local args=(node --listen "$ip:$port" --tap ipop0 --address-mode auto --network "$network"
                --key "$dir/$name.key" --run-dir "$dir/run-$name" --hostname "$name")
    [ -n "$bootstrap" ] && args+=(--bootstrap "$bootstrap:$port")
    plaintext || args+=(--ca "$dir/ca.crt" --cert "$dir/$name.crt")
    # shellcheck disable=SC2206
    [ -n "${IPOP_PAIR_ARGS:-}" ] && args+=(${IPOP_PAIR_ARGS})
    IPOP_NO_BUILD=1 setsid ip netns exec "$ns" "$ipop" "${args[@]}" >"$dir/$name.log" 2>&1 </dev/null &
    echo $! >"$dir/$name.pid"
}

plaintext() { [[ " ${IPOP_PAIR_ARGS:-} " == *" --security plaintext "* ]]; }

make_certificates() { # dir: a CA for the pair and a certificate for each node
    local dir=$1
    IPOP_NO_BUILD=1 "$ipop" cert ca --name ipop-pair-ca --out-crt "$dir/ca.crt" --out-key "$dir/ca.key" >/dev/null
    for name in ipop-a ipop-b; do
        IPOP_NO_BUILD=1 "$ipop" cert sign --ca-crt "$dir/ca.crt" --ca-key "$dir/ca.key" --name "$name" \
            --namespace default --out-crt "$dir/$name.crt" --out-key "$dir/$name.key" >/dev/null
    done
}

vip_of() { # status file -> vip or empty
    [ -f "$1" ] && awk '$1=="vip" && $2!="none" {print $2}' "$1" || true
}

has_vip() { [ -n "$(vip_of "$1")" ]; }

wait_for() { # seconds command...
    local deadline=$((SECONDS + $1)); shift
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.5
    done
}

stop_pair() {
    local dir; dir=$(state_dir "$1" "$2")
    [ -d "$dir" ] || return 0
    for f in "$dir"/*.pid; do
        [ -f "$f" ] || continue
        local pid; pid=$(cat "$f")
        # the launcher execs java under ip netns exec: the pid is the node's JVM
        kill -TERM "$pid" 2>/dev/null || true
    done
    for f in "$dir"/*.pid; do
        [ -f "$f" ] || continue
        local pid; pid=$(cat "$f")
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    rm -rf "$dir"
}

case "${1:-}" in
    start)
        [ $# -eq 5 ] || die "usage: $0 start NS_A UNDERLAY_IP_A NS_B UNDERLAY_IP_B"
        ns_a=$2 ip_a=$3 ns_b=$4 ip_b=$5
        [ "$(id -u)" = 0 ] || die "needs root (network namespaces and TAP devices)"
        jar="$root/tools/target/ipop-tools-0.1.0-SNAPSHOT.jar"
        if [ ! -f "$jar" ] || [ ! -f "$root/tools/target/jvm.options" ]; then
            (cd "$root" && mvn -B -q -ntp package -DskipTests >&2)
        fi
        dir=$(state_dir "$ns_a" "$ns_b")
        stop_pair "$ns_a" "$ns_b"
        mkdir -p "$dir"; chmod 700 "$dir"
        fail_cleanup='tail -n 20 "$dir"/*.log >&2 || true; stop_pair "$ns_a" "$ns_b"'
        trap 'eval "$fail_cleanup"' ERR INT TERM
        plaintext || make_certificates "$dir"
        start_node "$ns_b" ipop-b "$ip_b" "" "$dir"
        start_node "$ns_a" ipop-a "$ip_a" "$ip_b" "$dir"
        wait_for 90 has_vip "$dir/run-ipop-b/ipop0.status" || die "B got no address"
        wait_for 90 has_vip "$dir/run-ipop-a/ipop0.status" || die "A got no address"
        vip_b=$(vip_of "$dir/run-ipop-b/ipop0.status")
        wait_for 90 ip netns exec "$ns_a" ping -c 1 -W 1 "$vip_b" || die "A cannot reach B ($vip_b) over the overlay"
        trap - ERR INT TERM
        echo "$vip_b"
        ;;
    stop)
        [ $# -eq 3 ] || die "usage: $0 stop NS_A NS_B"
        stop_pair "$2" "$3"
        ;;
    *)
        die "usage: $0 start NS_A UNDERLAY_IP_A NS_B UNDERLAY_IP_B | stop NS_A NS_B"
        ;;
esac
