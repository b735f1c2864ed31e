#!/bin/sh
# Builds libipoptap.so from the C sources next to this script. Run by Maven (exec-maven-plugin, phase
# process-classes) and usable by hand:
#
#   sh src/main/c/build.sh <native resource dir> <object dir> <java home>
#
# The library goes to <native resource dir>/linux-<machine>/libipoptap.so (machine from uname -m, e.g.
# x86_64), the folder NativeLibraryLoader looks in.
#
# Environment: CC (default gcc), EXTRA_CFLAGS (appended). Exits non-zero with one line naming what is
# missing when there is no C compiler, no JNI header or no OpenSSL 3 header (libcrypto seals the frames).
set -eu

SRC_DIR=$(cd "$(dirname "$0")" && pwd)
USAGE="usage: build.sh <native resource dir> <object dir> <java home>"
OUT_DIR=${1:?$USAGE}/linux-$(uname -m)
OBJ_DIR=${2:?$USAGE}
JAVA_HOME_DIR=${3:?$USAGE}
CC=${CC:-gcc}
LIB="$OUT_DIR/libipoptap.so"
SOURCES="ipop_layout.c ipop_fd.c ipop_tap.c ipop_udp.c ipop_crypto.c ipop_jni.c"
CFLAGS="-std=gnu11 -O2 -g -fPIC -Wall -Wextra -Werror -fvisibility=hidden -D_FORTIFY_SOURCE=2 -fstack-protector-strong"
LDFLAGS="-shared -Wl,-z,relro,-z,now -Wl,--no-undefined -Wl,-soname,libipoptap.so"
LIBS="-lcrypto"

fail() {
    echo "tap-native: $*" >&2
    exit 1
}

command -v "$CC" >/dev/null 2>&1 ||
    fail "no C compiler: '$CC' is not on PATH. Install gcc (Debian/Ubuntu: apt-get install gcc) or set CC."

JNI_INCLUDE="$JAVA_HOME_DIR/include"
[ -f "$JNI_INCLUDE/jni.h" ] ||
    fail "no JNI header: $JNI_INCLUDE/jni.h is missing. Build with a full JDK (not a JRE) as JAVA_HOME."
[ -f "$JNI_INCLUDE/linux/jni_md.h" ] ||
    fail "no JNI header: $JNI_INCLUDE/linux/jni_md.h is missing. Build with a Linux JDK."

echo '#include <openssl/evp.h>' | "$CC" ${EXTRA_CFLAGS:-} -E -x c - >/dev/null 2>&1 ||
    fail "no OpenSSL header: openssl/evp.h is missing. Install OpenSSL 3 headers (Debian/Ubuntu: apt-get install libssl-dev)."

# Rebuild only when a source, a header or this script is newer than the library.
if [ -f "$LIB" ]; then
    stale=$(find "$SRC_DIR" -newer "$LIB" \( -name '*.c' -o -name '*.h' -o -name 'build.sh' \) | head -n 1)
    [ -z "$stale" ] && exit 0
fi

mkdir -p "$OUT_DIR" "$OBJ_DIR"
OBJECTS=""
for source in $SOURCES; do
    object="$OBJ_DIR/${source%.c}.o"
    # shellcheck disable=SC2086
    "$CC" $CFLAGS ${EXTRA_CFLAGS:-} -I"$JNI_INCLUDE" -I"$JNI_INCLUDE/linux" -c "$SRC_DIR/$source" -o "$object" ||
        fail "compiling $source failed (see the compiler output above)"
    OBJECTS="$OBJECTS $object"
done
# shellcheck disable=SC2086
"$CC" $LDFLAGS -o "$LIB.tmp" $OBJECTS $LIBS || fail "linking libipoptap.so failed (see the linker output above)"
mv -f "$LIB.tmp" "$LIB"
echo "tap-native: built $LIB"
