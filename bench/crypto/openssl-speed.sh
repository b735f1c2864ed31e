#!/bin/sh
# OpenSSL's own AEAD cost per frame beside SealOpenBenchmark's, in one table.
#
#   sh bench/crypto/openssl-speed.sh [jmh-result.csv] [seconds]
#
# Runs `openssl speed -aead -evp <cipher> -bytes <n>` (the TLS-like sequence per frame: set the IV, add
# 13 bytes of additional data, encrypt, final, get the tag; with -decrypt the same to decrypt) for
# AES-256-GCM and ChaCha20-Poly1305 at 64 and 1424 bytes, and prints ns per frame and bytes per ns.
# Given the CSV of a SealOpenBenchmark run (java ... -jar bench/target/benchmarks.jar SealOpenBenchmark
# -rf csv -rff jmh.csv), it prints the JMH rows in the same format (bytes = the payload encrypted; the
# 54 bytes of header the frame authenticates are not counted) and the ratio of our per-byte cost to
# OpenSSL's at the nearest size, so the two compare in one go.
#
# openssl speed runs with -elapsed (wall-clock time, as JMH measures); on a shared machine both then
# include time the thread waited for a core, so run them back to back. OPENSSL_TIMING= (empty) divides by
# CPU user time instead. Environment: OPENSSL (default openssl), SIZES (default "64 1424").
set -eu

CSV=${1:-}
SECONDS_PER_RUN=${2:-1}
OPENSSL=${OPENSSL:-openssl}
SIZES=${SIZES:-64 1424}

command -v "$OPENSSL" >/dev/null 2>&1 || { echo "openssl-speed.sh: '$OPENSSL' is not on PATH" >&2; exit 1; }
[ -z "$CSV" ] || [ -r "$CSV" ] || { echo "openssl-speed.sh: cannot read JMH result $CSV" >&2; exit 1; }

ROWS=$(mktemp)
trap 'rm -f "$ROWS"' EXIT

# One row per measurement: source op cipher bytes ns_per_frame
for cipher in aes-256-gcm chacha20-poly1305; do
    for direction in seal open; do
        for bytes in $SIZES; do
            decrypt=""
            [ "$direction" = open ] && decrypt="-decrypt"
            # -mr prints "+R:<count>:<name>:<seconds>" for each run (on stderr)
            # shellcheck disable=SC2086
            "$OPENSSL" speed ${OPENSSL_TIMING--elapsed} -aead $decrypt -evp "$cipher" -bytes "$bytes" -seconds "$SECONDS_PER_RUN" -mr 2>&1 |
                awk -F: -v c="$cipher" -v b="$bytes" -v d="$direction" \
                    '$1 == "+R" && $2 > 0 { printf "openssl %s %s %d %.1f\n", d, c, b, $4 * 1e9 / $2 }' >>"$ROWS"
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
    END {
        printf "%-8s %-5s %-18s %6s %10s %9s %s\n", "source", "op", "cipher", "bytes", "ns/frame", "bytes/ns", "ns/byte vs openssl"
        for (i = 1; i <= NR; i++) {
            ratio = ""
            if (src[i] == "jmh") {
                best = 0
                for (j = 1; j <= NR; j++) {
                    if (src[j] == "openssl" && op[j] == op[i] && c[j] == c[i] &&
                        (best == 0 || (b[j] - b[i]) ^ 2 < (b[best] - b[i]) ^ 2)) best = j
                }
                if (best > 0) ratio = sprintf("%.2fx (openssl at %d B)", (ns[i] / b[i]) / (ns[best] / b[best]), b[best])
            }
            printf "%-8s %-5s %-18s %6d %10.1f %9.2f %s\n", src[i], op[i], c[i], b[i], ns[i], b[i] / ns[i], ratio
        }
    }' "$ROWS"
