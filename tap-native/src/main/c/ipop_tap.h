/*
 * IPOP tap-native: the plain C API shared by the JNI bridge (ipop_jni.c) and the JNA bridge.
 *
 * Conventions:
 *  - every function returns a non-negative result on success and -errno on failure;
 *  - hot-path functions (read/write/receive/send batch) return 0, not -EAGAIN, when nothing could move;
 *  - buffers are caller-owned memory passed as a pointer and a byte count; nothing is kept after return;
 *  - a write or send batch that stops early writes why into the reserved field of the record that stopped it;
 *  - IPv4 addresses cross this API in host order, a.b.c.d as (a << 24) | (b << 16) | (c << 8) | d,
 *    except inside datagram records where they are stored as the 4 bytes of sin_addr.
 *
 * Only functions marked IPOP_EXPORT are visible outside the shared object (-fvisibility=hidden).
 */
#ifndef IPOP_TAP_H
#define IPOP_TAP_H

#include <stddef.h>
#include <stdint.h>

#define IPOP_EXPORT __attribute__((visibility("default")))

/* ---- Batch record layouts (Java: FrameBatchDescriptor, DatagramBatchDescriptor) ---------------- */

/* Every record starts at an offset from the batch start that is a multiple of this. */
#define IPOP_RECORD_ALIGNMENT 8

/* [length][reserved][Ethernet frame][padding to IPOP_RECORD_ALIGNMENT] */
struct ipop_frame_header
{
    int32_t length;   /* frame bytes after the header, host order */
    int32_t reserved; /* written as 0 */
};

/* [length][peer address][peer port][flags][reserved][UDP payload][padding to IPOP_RECORD_ALIGNMENT] */
struct ipop_datagram_header
{
    int32_t length;    /* payload bytes after the header, host order */
    uint32_t address;  /* peer IPv4 address, the 4 bytes of sin_addr (network order) */
    uint16_t port;     /* peer UDP port, host order */
    uint16_t flags;    /* IPOP_DATAGRAM_FLAG_*; on send 0 or IPOP_DATAGRAM_FLAG_SEAL (sealed sends) */
    int32_t reserved;  /* written as 0 */
};

/* The datagram was longer than the receive slot: length counts only the bytes kept. */
#define IPOP_DATAGRAM_FLAG_TRUNCATED 1

/* Datagrams per recvmmsg/sendmmsg call at most (stack arrays); the batch calls loop beyond it. */
#define IPOP_MAX_SYSCALL_BATCH 64

/* Identifiers for ipop_layout_constant(); Java: org.ipop.tap.NativeLayout. Append only. */
enum ipop_layout_id
{
    IPOP_LAYOUT_FRAME_LENGTH_OFFSET = 0,
    IPOP_LAYOUT_FRAME_RESERVED_OFFSET = 1,
    IPOP_LAYOUT_FRAME_HEADER_LENGTH = 2,
    IPOP_LAYOUT_FRAME_ALIGNMENT = 3,
    IPOP_LAYOUT_DATAGRAM_LENGTH_OFFSET = 4,
    IPOP_LAYOUT_DATAGRAM_ADDRESS_OFFSET = 5,
    IPOP_LAYOUT_DATAGRAM_PORT_OFFSET = 6,
    IPOP_LAYOUT_DATAGRAM_FLAGS_OFFSET = 7,
    IPOP_LAYOUT_DATAGRAM_RESERVED_OFFSET = 8,
    IPOP_LAYOUT_DATAGRAM_HEADER_LENGTH = 9,
    IPOP_LAYOUT_DATAGRAM_ALIGNMENT = 10,
    IPOP_LAYOUT_DATAGRAM_FLAG_TRUNCATED = 11,
    IPOP_LAYOUT_IFNAMSIZ = 12,
    IPOP_LAYOUT_DATAGRAM_FLAG_SEAL = 13,
    IPOP_LAYOUT_DATAGRAM_FLAG_OPENED = 14,
    IPOP_LAYOUT_DATAGRAM_FLAG_REJECTED = 15,
    IPOP_LAYOUT_TAG_LENGTH = 16,
    IPOP_LAYOUT_REPLAY_WINDOW = 17,
    IPOP_LAYOUT_COUNT = 18
};

/* @return the layout constant with this id (offsets and sizes from offsetof/sizeof), or -EINVAL. */
IPOP_EXPORT int32_t ipop_layout_constant(int32_t id);

/* ---- TAP devices (ipop_tap.c) ------------------------------------------------------------------ */

#define IPOP_TAP_VNET_HDR 1    /* IFF_VNET_HDR: each frame is preceded by a struct virtio_net_hdr */
#define IPOP_TAP_MULTI_QUEUE 2 /* IFF_MULTI_QUEUE: each open attaches one more queue */

/*
 * Opens /dev/net/tun and attaches (creating if needed) the TAP device `name` with IFF_TAP | IFF_NO_PI
 * and the IPOP_TAP_* flags; the descriptor is non-blocking and close-on-exec.
 * `actual_name` (IFNAMSIZ bytes, may be NULL) receives the kernel's name (differs when name has %d).
 * @return the file descriptor, or -errno: -ENOENT when /dev/net/tun is missing, -EACCES when it cannot
 *         be opened, -EPERM when TUNSETIFF needs CAP_NET_ADMIN, -EBUSY/-EINVAL when an existing device
 *         does not match the flags.
 */
IPOP_EXPORT int ipop_tap_open(const char *name, int flags, char *actual_name);

/* Interface configuration through ioctls on an AF_INET socket. @return 0 or -errno. */
IPOP_EXPORT int ipop_tap_set_mtu(const char *name, int mtu);
IPOP_EXPORT int ipop_tap_set_mac(const char *name, const uint8_t *mac);
IPOP_EXPORT int ipop_tap_get_mac(const char *name, uint8_t *mac);
/* prefix_length 0..32; the address is host order as described above. */
IPOP_EXPORT int ipop_tap_set_ipv4(const char *name, uint32_t address, int prefix_length);
IPOP_EXPORT int ipop_tap_set_up(const char *name, int up);

/*
 * Reads up to max_frames frames into buf as frame records, stopping at EAGAIN, at max_frames, or
 * when fewer than a header plus frame_space bytes remain (frame_space = the largest frame the device
 * can deliver, so no frame is ever truncated).
 * A frame longer than the space left (possible only when the device MTU was raised behind the caller's
 * back) is dropped rather than truncated: the call returns -EMSGSIZE when it was the first frame, else
 * the frames read before it.
 * @return frames read (0 when none was ready); -EINVAL when capacity cannot hold one record of
 *         frame_space bytes; -errno when the first read fails (a later failure ends the batch early and
 *         shows again on the next call).
 */
IPOP_EXPORT int ipop_tap_read_batch(int fd, void *buf, int capacity, int max_frames, int frame_space);

/*
 * Writes frame_count frame records laid out from buf (length bytes in total), one write(2) each.
 * When the batch stops before frame_count records, the reserved field of the record that stopped it is set to
 * the errno that stopped it (EINVAL for a malformed record), or 0 when the device would block: the only write
 * to buf, so a partial batch tells why it stopped.
 * @return frames written (0 when the first would block); -EINVAL when the first record is malformed
 *         (length <= 0 or past the end); -errno when the first write fails.
 */
IPOP_EXPORT int ipop_tap_write_batch(int fd, void *buf, int length, int frame_count);

/* ---- UDP sockets (ipop_udp.c) ------------------------------------------------------------------ */

/*
 * Opens a non-blocking, close-on-exec UDP socket, sets its buffer sizes (SO_RCVBUFFORCE/SO_SNDBUFFORCE
 * first, which pass net.core.[rw]mem_max with CAP_NET_ADMIN, else SO_RCVBUF/SO_SNDBUF), and binds it.
 * @return the file descriptor or -errno (-EADDRINUSE, -EADDRNOTAVAIL, -EACCES for ports < 1024, ...).
 */
IPOP_EXPORT int ipop_udp_open(uint32_t address, int port, int receive_buffer, int send_buffer);

/* @return the bound address as (host order address << 16) | port, or -errno. */
IPOP_EXPORT int64_t ipop_udp_local_address(int fd);

/* @return the kernel's socket buffer size (SO_RCVBUF when receive != 0, else SO_SNDBUF), or -errno. */
IPOP_EXPORT int ipop_udp_buffer_size(int fd, int receive);

/*
 * Receives up to max_datagrams datagrams with recvmmsg into buf as datagram records, each with its
 * peer. Each datagram gets a slot of one record of max_payload bytes while receiving; records are then
 * packed so each follows the previous one. A longer datagram is cut to max_payload bytes and flagged
 * IPOP_DATAGRAM_FLAG_TRUNCATED.
 * @return datagrams received (0 when none was ready); -EINVAL when capacity cannot hold one slot;
 *         -errno when the first receive fails.
 */
IPOP_EXPORT int ipop_udp_receive_batch(int fd, void *buf, int capacity, int max_datagrams, int max_payload);

/*
 * Sends datagram_count datagram records laid out from buf (length bytes in total) with sendmmsg, each
 * to the peer in its header. sendmmsg drops the errno of a datagram that fails after the first, so the
 * call is repeated from the datagram that stopped it, which then fails first and returns its errno. When the batch stops before datagram_count
 * records, the reserved field of the record that stopped it is set to that errno (EINVAL for a malformed
 * record), or 0 when the socket would block: the only write to buf.
 * @return datagrams sent (0 when the first would block); -EINVAL when the first record is malformed;
 *         -errno when the first send fails.
 */
IPOP_EXPORT int ipop_udp_send_batch(int fd, void *buf, int length, int datagram_count);

/* ---- Session keys: sealing and opening overlay frames (ipop_crypto.c) -------------------------- */

/*
 * A table of session keys in native memory (Java: org.ipop.tap.SessionKeys, whose Javadoc fixes the frame
 * layout, the additional data, the IV and the record flags). Slot i holds one session with one peer: an
 * EVP_CIPHER_CTX per direction created at install (per frame only the IV is set), the peer's node address, the
 * index the peer gave the session, the last send counter and the receive anti-replay window.
 *
 * Threads: one thread seals (ipop_seal_batch, ipop_udp_send_sealed_batch), one opens (ipop_open_batch,
 * ipop_udp_receive_open_batch), one installs and removes; ipop_keys_is_active and ipop_keys_send_counter from
 * any thread. A slot is published with a release store after everything in it is written and read with an
 * acquire load; a removed slot keeps its contexts until reinstalled, which is refused for
 * IPOP_KEYS_QUARANTINE_NS, so a batch in flight never reads freed memory. Hot-path calls neither allocate nor
 * lock. Keys are wiped (OPENSSL_cleanse, and the providers' own wipe of freed contexts) on reinstall and close.
 */

#define IPOP_CIPHER_AES_256_GCM 1
#define IPOP_CIPHER_CHACHA20_POLY1305 2

#define IPOP_KEY_LENGTH 32
#define IPOP_TAG_LENGTH 16
#define IPOP_NODE_LENGTH 20

/* Overlay header (engine OverlayFrameFlyweight): the fields sealing reads and writes. */
#define IPOP_OVERLAY_HEADER_LENGTH 56
#define IPOP_OVERLAY_FLAGS_OFFSET 1
#define IPOP_OVERLAY_TTL_OFFSET 2
#define IPOP_OVERLAY_SESSION_OFFSET 4
#define IPOP_OVERLAY_NONCE_OFFSET 8
#define IPOP_OVERLAY_SRC_OFFSET 16
#define IPOP_OVERLAY_DST_OFFSET 36
#define IPOP_OVERLAY_FLAG_AEAD 0x80

/* Datagram record flags (after IPOP_DATAGRAM_FLAG_TRUNCATED). */
#define IPOP_DATAGRAM_FLAG_SEAL 0x10     /* send: seal with the slot in reserved */
#define IPOP_DATAGRAM_FLAG_OPENED 0x20   /* receive: opened, reserved = slot, length excludes the tag */
#define IPOP_DATAGRAM_FLAG_REJECTED 0x40 /* not sealed (send) or not opened (receive), reserved = reason */

/* Reject reasons, in the reserved field of a record flagged IPOP_DATAGRAM_FLAG_REJECTED. */
#define IPOP_REJECT_NO_SESSION 1
#define IPOP_REJECT_BAD_TAG 2
#define IPOP_REJECT_REPLAY 3
#define IPOP_REJECT_WRONG_PEER 4
#define IPOP_REJECT_MALFORMED 5
#define IPOP_REJECT_EXHAUSTED 6

#define IPOP_KEYS_REJECT_AFTER_MESSAGES (UINT64_C(1) << 60)
#define IPOP_KEYS_REPLAY_BITS 8192
#define IPOP_KEYS_REPLAY_WINDOW (IPOP_KEYS_REPLAY_BITS - 64)
#define IPOP_KEYS_QUARANTINE_NS INT64_C(2000000000)
#define IPOP_KEYS_MAX_CAPACITY 65536

/* @return a table of `capacity` free slots (1..IPOP_KEYS_MAX_CAPACITY) as a handle, or 0 (bad capacity, no memory,
 *         no cipher). */
IPOP_EXPORT int64_t ipop_keys_open(int capacity);

/* Wipes every key and frees the table; the handle is invalid afterwards. 0 is ignored. */
IPOP_EXPORT void ipop_keys_close(int64_t handle);

/* @return the number of slots, or -EBADF for a 0 handle. */
IPOP_EXPORT int ipop_keys_capacity(int64_t handle);

/* Sets the node address frames for this node carry as destination. Call before the first open. @return 0 or
 * -EINVAL / -EBADF. */
IPOP_EXPORT int ipop_keys_local_node(int64_t handle, const uint8_t *node);

/*
 * Installs a session into a free slot (cipher IPOP_CIPHER_*, peer IPOP_NODE_LENGTH bytes, keys IPOP_KEY_LENGTH
 * bytes each): counters and replay window start afresh. The caller wipes its copies of the keys.
 * @return 0; -EBUSY when the slot is active or removed less than IPOP_KEYS_QUARANTINE_NS ago; -EINVAL for a bad
 *         slot, cipher or pointer; -EOPNOTSUPP when libcrypto lacks the cipher; -ENOMEM; -EBADF for a 0 handle.
 */
IPOP_EXPORT int ipop_keys_install(int64_t handle, int slot, int cipher, const uint8_t *peer, uint32_t peer_index,
                                  const uint8_t *send_key, const uint8_t *receive_key);

/* Stops using a slot at once (nothing more is sealed or opened with it); no-op when not active. @return 0,
 * -EINVAL or -EBADF. */
IPOP_EXPORT int ipop_keys_remove(int64_t handle, int slot);

/* @return 1 when the slot is active, 0 when not, -EINVAL or -EBADF. Any thread. */
IPOP_EXPORT int ipop_keys_is_active(int64_t handle, int slot);

/* @return the last counter sealed with the slot (0 before the first), -EINVAL or -EBADF. Any thread. */
IPOP_EXPORT int64_t ipop_keys_send_counter(int64_t handle, int slot);

/*
 * Seals in place every record of the batch flagged IPOP_DATAGRAM_FLAG_SEAL (its length includes the tag). A sealed
 * record's flags become 0 and its reserved field 0: a plain record ready to send, never sealed twice. A record that
 * cannot be sealed gets IPOP_DATAGRAM_FLAG_REJECTED instead of IPOP_DATAGRAM_FLAG_SEAL and a reason in reserved.
 * Records are walked until `count` or until one does not fit in `length`.
 * @return records rejected; -EINVAL for a bad buffer; -EBADF for a 0 handle.
 */
IPOP_EXPORT int ipop_seal_batch(int64_t handle, void *buf, int length, int count);

/*
 * Opens in place the `count` packed records of a received batch (within `capacity` bytes): a record whose overlay
 * header has the AEAD flag and whose destination is all zeros or the local node is opened (flags |= OPENED,
 * length -= IPOP_TAG_LENGTH, reserved = slot) or rejected (flags |= REJECTED, reserved = reason); other records
 * are left as they were. Opening shortens records, so the records after an opened one move up to keep the batch
 * packed.
 * @return records opened; -EINVAL for a bad buffer; -EBADF for a 0 handle.
 */
IPOP_EXPORT int ipop_open_batch(int64_t handle, void *buf, int capacity, int count);

/*
 * ipop_seal_batch, then sends the records not rejected as ipop_udp_send_batch does, in the same call. Records are
 * consumed from the front; a rejected record counts as consumed (it is not sent).
 * @return records consumed; 0 when the first record to send would block; -errno when the first send fails or
 *         (-EINVAL) the first record is malformed; the record that stopped a partial batch holds the errno in
 *         reserved (0 for would-block). -EBADF for a 0 handle.
 */
IPOP_EXPORT int ipop_udp_send_sealed_batch(int fd, int64_t handle, void *buf, int length, int count);

/*
 * ipop_udp_receive_batch, opening each datagram as ipop_open_batch does before the records are packed.
 * @return datagrams received (opened or not), as ipop_udp_receive_batch; -EBADF for a 0 handle.
 */
IPOP_EXPORT int ipop_udp_receive_open_batch(
    int fd, int64_t handle, void *buf, int capacity, int max_datagrams, int max_payload);

/* ---- Descriptors (ipop_fd.c) ------------------------------------------------------------------- */

/* Closes fd once (no retry on EINTR: Linux has released it). @return 0 or -errno. */
IPOP_EXPORT int ipop_close(int fd);

/*
 * Waits with ppoll until fd_a, fd_b or fd_c is readable (or reports an error or hang-up, which a read
 * then returns), or until timeout_ns nanoseconds have passed. fd_b and fd_c < 0 are left out; timeout_ns 0
 * only checks and a negative timeout_ns waits without a limit (an idle thread whose every input wakes a
 * descriptor: its device, its socket and its doorbell). Idle strategies call it instead of parking.
 * @return the number of descriptors ready (1 to 3), 0 on timeout; -EINTR when a signal ended the wait
 *         (not a timeout: the caller decides whether to wait again); -EBADF when fd_a < 0 or a descriptor
 *         is not open.
 */
IPOP_EXPORT int ipop_wait_readable(int fd_a, int fd_b, int fd_c, int64_t timeout_ns);

/*
 * Doorbells: an eventfd a ring producer writes to wake a consumer thread blocked in ipop_wait_readable
 * (written only when the consumer says it is about to block, so a busy consumer costs no syscall).
 */

/* Opens a non-blocking, close-on-exec eventfd. @return the descriptor or -errno. */
IPOP_EXPORT int ipop_doorbell_open(void);

/* Makes the doorbell readable (adds 1). @return 0 (also when already saturated) or -errno. */
IPOP_EXPORT int ipop_doorbell_ring(int fd);

/* Clears the doorbell. @return 1 when it had been rung, 0 when not, or -errno. */
IPOP_EXPORT int ipop_doorbell_drain(int fd);

#endif /* IPOP_TAP_H */
