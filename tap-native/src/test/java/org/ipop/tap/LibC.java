package org.ipop.tap;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** The few libc calls tests need beyond the C library under test (socket pairs, namespaces). */
interface LibC extends Library
{
    LibC INSTANCE = Native.load("c", LibC.class);

    int AF_UNIX = 1;
    int SOCK_SEQPACKET = 5;
    int SOCK_NONBLOCK = 0x800;
    int SOCK_CLOEXEC = 0x80000;
    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;
    int CLONE_NEWNET = 0x40000000;
    int EPIPE = 32;

    int socketpair(int domain, int type, int protocol, int[] fds);

    int open(String path, int flags);

    int close(int fd);

    int setns(int fd, int nsType);

    long write(int fd, byte[] buffer, long count);
}
