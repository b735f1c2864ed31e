#!/bin/sh
# OpenSSL's own AEAD cost per frame beside SealOpenBenchmark's, in one table.
#
#   sh bench/crypto/openssl-speed.sh [jmh-result.csv] [seconds]
#
# For AES-256-GCM and ChaCha20-Poly1305 at 64 and 1424 bytes, sealing and opening, prints ns per frame and
# bytes per ns from:
#   openssl   `openssl speed -elapsed -aead -evp <cipher> -bytes <n>` (-decrypt for open). For AES-GCM that
#             is the TLS-like sequence per frame (set the IV, 13 bytes of additional data, the payload,
#             final). Beware: OpenSSL 3.0 times ChaCha20-Poly1305 as a plain stream (one update per frame:
#             no IV, no additional data, no final, no tag), a lower bound rather than a per-frame cost.
#   evp-loop  evp-aead-frame.c, next to this script (built here with cc -lcrypto when a compiler and the
#             headers are present): the same per-frame sequence for both ciphers, plus the tag get/set,
#             against the same libcrypto. This is the like-for-like reference.
#   jmh       the rows of a SealOpenBenchmark run when its CSV is given (java ... -jar
#             bench/target/benchmarks.jar SealOpenBenchmark -rf csv -rff jmh.csv): bytes = the payload
#             encrypted (the 54 header bytes it authenticates are not counted).
# The last columns give the JMH per-byte cost over each reference's at the nearest size.
#
# Every figure is wall-clock time (JMH's measure; -elapsed for openssl speed): on a shared machine all of
# them include time the thread waited for a core, so run them back to back and read the ratios.
# Environment: OPENSSL (default openssl), CC (default cc), SIZES (default "64 1424").
set -eu

CSV=${1:-}
SECONDS_PER_RUN=${2:-1}
OPENSSL=${OPENSSL:-openssl}
CC=${CC:-cc}
SIZES=${SIZES:-64 1424}
HERE=$(cd "$(dirname "$0")" && pwd)

command -v "$OPENSSL" >/dev/null 2>&1 || { echo "openssl-speed.sh: '$OPENSSL' is not on PATH" >&2; exit 1; }
[ -z "$CSV" ] || [ -r "$CSV" ] || { echo "openssl-speed.sh: cannot read JMH result $CSV" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ROWS="$WORK/rows"
: >"$ROWS"

LOOP=""
if "$CC" -O2 -o "$WORK/evp-aead-frame" "$HERE/evp-aead-frame.c" -lcrypto 2>"$WORK/cc.log"; then
    LOOP="$WORK/evp-aead-frame"
else
    echo "openssl-speed.sh: evp-aead-frame.c not built (no $CC or libssl-dev), evp-loop rows left out" >&2
fi

# -mr prints "+R:<frames>:<name>:<seconds>" (openssl speed on stderr); one row: source op cipher bytes ns
rows() {
    awk -F: -v s="$1" -v d="$2" -v c="$3" -v b="$4" \
        '$1 == "+R" && $2 > 0 { printf "%s %s %s %d %.1f\n", s, d, c, b, $4 * 1e9 / $2 }' >>"$ROWS"
}

for cipher in aes-256-gcm chacha20-poly1305; do
    for direction in seal open; do
        for bytes in $SIZES; do
            decrypt=""
            [ "$direction" = open ] && decrypt="-decrypt"
            # shellcheck disable=SC2086
            "$OPENSSL" speed -elapsed -aead $decrypt -evp "$cipher" -bytes "$bytes" -seconds "$SECONDS_PER_RUN" -mr 2>&1 |
                rows openssl "$direction" "$cipher" "$bytes"
            if [ -n "$LOOP" ]; then
                "$LOOP" "$cipher" "$bytes" "$SECONDS_PER_RUN" "$([ "$direction" = open ] && echo 1 || echo 0)" |
                    rows evp-loop "$direction" "$cipher" "$bytes"
            fi
        done
    done
done

if [ -n "$CSV" ]; then
    # "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: cipher","Param: payloadLength"
    awk -F, 'NR > 1 {
        for (i = 1; i <= NF; i++) gsub(/"/, "", $i)
        n = split($1, name, ".")
        op = name[n]
        if (op != "seal" && op != "open") next
        cipher = tolower($8); gsub(/_/, "-", cipher)
        printf "jmh %s %s %d %.1f\n", op, cipher, $9, $5
    }' "$CSV" >>"$ROWS"
fi

awk '
    { src[NR] = $1; op[NR] = $2; c[NR] = $3; b[NR] = $4; ns[NR] = $5 }
    function ratio(i, reference,    j, best) {
        best = 0
        for (j = 1; j <= NR; j++) {
            if (src[j] == reference && op[j] == op[i] && c[j] == c[i] &&
                (best == 0 || (b[j] - b[i]) ^ 2 < (b[best] - b[i]) ^ 2)) best = j
        }
        return best == 0 ? "-" : sprintf("%.2fx", (ns[i] / b[i]) / (ns[best] / b[best]))
    }
    END {
        printf "%-8s %-5s %-18s %6s %10s %9s %12s %12s\n", "source", "op", "cipher", "bytes", "ns/frame", "bytes/ns",
            "vs evp-loop", "vs openssl"
        for (i = 1; i <= NR; i++) {
            loop = ""; speed = ""
            if (src[i] == "jmh") { loop = ratio(i, "evp-loop"); speed = ratio(i, "openssl") }
            printf "%-8s %-5s %-18s %6d %10.1f %9.2f %12s %12s\n", src[i], op[i], c[i], b[i], ns[i], b[i] / ns[i],
                loop, speed
        }
    }' "$ROWS"
