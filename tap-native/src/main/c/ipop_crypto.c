/*
 * Session keys in native memory, and the sealing and opening of overlay frames in datagram batches with them
 * (OpenSSL 3 libcrypto EVP: AES-256-GCM or ChaCha20-Poly1305, one context per key and direction created at
 * install, per frame only the IV is set). The contract is org.ipop.tap.SessionKeys; ipop_tap.h sums it up.
 *
 * Sealed frame (overlay header of the engine's OverlayFrameFlyweight, multi-byte fields little-endian):
 *
 *   0       1       2       3       4               8              16             36             56
 *   +-------+-------+-------+-------+---------------+---------------+--------------+--------------+--------+-----+
 *   |ver/typ| flags |  TTL  | hops  | session id    | counter       | source node  | destination  |payload | tag |
 *   +-------+-------+-------+-------+---------------+---------------+--------------+--------------+--------+-----+
 *   |<- AAD ------->|  (not in AAD) |<- AAD ------------------------------------------------------>| cipher | 16  |
 *
 *   flags |= 0x80 (AEAD); session id = the receiver's slot (the peer index given at install);
 *   IV (12 bytes) = 00 00 00 00 || counter (8 bytes little-endian); counters start at 1.
 */
#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ipop_internal.h"

#if OPENSSL_VERSION_MAJOR < 3
#error "tap-native needs OpenSSL 3 (libssl-dev >= 3.0): EVP_CIPHER_fetch, EVP_CipherInit_ex2"
#endif

#define IPOP_SLOT_FREE 0
#define IPOP_SLOT_ACTIVE 1
#define IPOP_SLOT_REMOVED 2

#define IPOP_IV_LENGTH 12
#define IPOP_REPLAY_WORDS (IPOP_KEYS_REPLAY_BITS / 64)
#define IPOP_CACHE_LINE 64

/* What the sealing thread writes per frame; a cache line of its own. */
struct ipop_send_state
{
    uint64_t counter; /* last counter sealed; atomic stores, read by any thread */
} __attribute__((aligned(IPOP_CACHE_LINE)));

/* What the opening thread writes per frame: WireGuard's sliding-window bitmap. */
struct ipop_receive_state
{
    uint64_t greatest; /* highest counter opened */
    uint64_t bitmap[IPOP_REPLAY_WORDS];
} __attribute__((aligned(IPOP_CACHE_LINE)));

struct ipop_key_slot
{
    /* Written by install/remove (one thread), read by the others. */
    int32_t state;
    int32_t cipher;
    uint32_t peer_index;
    uint8_t peer[IPOP_NODE_LENGTH];
    int64_t removed_at_ns;
    EVP_CIPHER_CTX *seal;
    EVP_CIPHER_CTX *open;
    struct ipop_send_state send;
    struct ipop_receive_state receive;
};

struct ipop_keys
{
    int capacity;
    uint8_t local_node[IPOP_NODE_LENGTH];
    EVP_CIPHER *aes_256_gcm;
    EVP_CIPHER *chacha20_poly1305;
    struct ipop_key_slot slots[];
};

static const uint8_t ipop_zero_node[IPOP_NODE_LENGTH];

static inline struct ipop_keys *ipop_keys_of(int64_t handle)
{
    return (struct ipop_keys *)(intptr_t)handle;
}

static int64_t ipop_monotonic_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

static inline void ipop_put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
    {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

static inline void ipop_put_le64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
    {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

static inline uint32_t ipop_get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t ipop_get_le64(const uint8_t *p)
{
    return (uint64_t)ipop_get_le32(p) | (uint64_t)ipop_get_le32(p + 4) << 32;
}

/* Frees a slot's contexts; the providers wipe their key schedules when freed. */
static void ipop_slot_free_contexts(struct ipop_key_slot *slot)
{
    EVP_CIPHER_CTX_free(slot->seal);
    EVP_CIPHER_CTX_free(slot->open);
    slot->seal = NULL;
    slot->open = NULL;
}

IPOP_EXPORT int64_t ipop_keys_open(int capacity)
{
    if (capacity <= 0 || capacity > IPOP_KEYS_MAX_CAPACITY)
    {
        return 0;
    }
    const size_t size = sizeof(struct ipop_keys) + (size_t)capacity * sizeof(struct ipop_key_slot);
    struct ipop_keys *keys = NULL;
    if (posix_memalign((void **)&keys, IPOP_CACHE_LINE, size) != 0)
    {
        return 0;
    }
    memset(keys, 0, size);
    keys->capacity = capacity;
    /* Fetched once: an EVP_aes_256_gcm() passed to each init would be fetched again at each install. */
    keys->aes_256_gcm = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
    keys->chacha20_poly1305 = EVP_CIPHER_fetch(NULL, "ChaCha20-Poly1305", NULL);
    if (keys->aes_256_gcm == NULL && keys->chacha20_poly1305 == NULL)
    {
        free(keys);
        return 0;
    }
    return (int64_t)(intptr_t)keys;
}

IPOP_EXPORT void ipop_keys_close(int64_t handle)
{
    struct ipop_keys *const keys = ipop_keys_of(handle);
    if (keys == NULL)
    {
        return;
    }
    for (int i = 0; i < keys->capacity; i++)
    {
        ipop_slot_free_contexts(&keys->slots[i]);
    }
    EVP_CIPHER_free(keys->aes_256_gcm);
    EVP_CIPHER_free(keys->chacha20_poly1305);
    OPENSSL_cleanse(keys, sizeof(struct ipop_keys) + (size_t)keys->capacity * sizeof(struct ipop_key_slot));
    free(keys);
}

IPOP_EXPORT int ipop_keys_capacity(int64_t handle)
{
    const struct ipop_keys *const keys = ipop_keys_of(handle);
    return keys == NULL ? -EBADF : keys->capacity;
}

IPOP_EXPORT int ipop_keys_local_node(int64_t handle, const uint8_t *node)
{
    struct ipop_keys *const keys = ipop_keys_of(handle);
    if (keys == NULL)
    {
        return -EBADF;
    }
    if (node == NULL)
    {
        return -EINVAL;
    }
    memcpy(keys->local_node, node, IPOP_NODE_LENGTH);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    return 0;
}

/* @return a context for one direction keyed with `key`, or NULL. */
static EVP_CIPHER_CTX *ipop_context(const EVP_CIPHER *cipher, const uint8_t *key, int encrypt)
{
    EVP_CIPHER_CTX *const context = EVP_CIPHER_CTX_new();
    if (context == NULL)
    {
        return NULL;
    }
    if (EVP_CipherInit_ex2(context, cipher, key, NULL, encrypt, NULL) != 1 ||
        EVP_CIPHER_CTX_get_iv_length(context) != IPOP_IV_LENGTH)
    {
        EVP_CIPHER_CTX_free(context);
        return NULL;
    }
    return context;
}

IPOP_EXPORT int ipop_keys_install(int64_t handle, int slot_index, int cipher, const uint8_t *peer, uint32_t peer_index,
                                  const uint8_t *send_key, const uint8_t *receive_key)
{
    struct ipop_keys *const keys = ipop_keys_of(handle);
    if (keys == NULL)
    {
        return -EBADF;
    }
    if (slot_index < 0 || slot_index >= keys->capacity || peer == NULL || send_key == NULL || receive_key == NULL)
    {
        return -EINVAL;
    }
    const EVP_CIPHER *evp_cipher;
    switch (cipher)
    {
        case IPOP_CIPHER_AES_256_GCM: evp_cipher = keys->aes_256_gcm; break;
        case IPOP_CIPHER_CHACHA20_POLY1305: evp_cipher = keys->chacha20_poly1305; break;
        default: return -EINVAL;
    }
    if (evp_cipher == NULL)
    {
        return -EOPNOTSUPP;
    }

    struct ipop_key_slot *const slot = &keys->slots[slot_index];
    const int32_t state = __atomic_load_n(&slot->state, __ATOMIC_ACQUIRE);
    if (state == IPOP_SLOT_ACTIVE ||
        (state == IPOP_SLOT_REMOVED && ipop_monotonic_ns() - slot->removed_at_ns < IPOP_KEYS_QUARANTINE_NS))
    {
        return -EBUSY;
    }

    /* Free (or past quarantine): no other thread reads the contexts, counters or window any more. */
    ipop_slot_free_contexts(slot);
    EVP_CIPHER_CTX *const seal = ipop_context(evp_cipher, send_key, 1);
    EVP_CIPHER_CTX *const open = seal == NULL ? NULL : ipop_context(evp_cipher, receive_key, 0);
    if (open == NULL)
    {
        EVP_CIPHER_CTX_free(seal);
        OPENSSL_cleanse(slot->peer, sizeof(slot->peer));
        __atomic_store_n(&slot->state, IPOP_SLOT_FREE, __ATOMIC_RELEASE);
        return -ENOMEM;
    }
    slot->seal = seal;
    slot->open = open;
    slot->cipher = cipher;
    slot->peer_index = peer_index;
    memcpy(slot->peer, peer, IPOP_NODE_LENGTH);
    slot->removed_at_ns = 0;
    __atomic_store_n(&slot->send.counter, 0, __ATOMIC_RELAXED);
    slot->receive.greatest = 0;
    memset(slot->receive.bitmap, 0, sizeof(slot->receive.bitmap));
    __atomic_store_n(&slot->state, IPOP_SLOT_ACTIVE, __ATOMIC_RELEASE);
    return 0;
}

IPOP_EXPORT int ipop_keys_remove(int64_t handle, int slot_index)
{
    struct ipop_keys *const keys = ipop_keys_of(handle);
    if (keys == NULL)
    {
        return -EBADF;
    }
    if (slot_index < 0 || slot_index >= keys->capacity)
    {
        return -EINVAL;
    }
    struct ipop_key_slot *const slot = &keys->slots[slot_index];
    if (__atomic_load_n(&slot->state, __ATOMIC_ACQUIRE) == IPOP_SLOT_ACTIVE)
    {
        slot->removed_at_ns = ipop_monotonic_ns();
        __atomic_store_n(&slot->state, IPOP_SLOT_REMOVED, __ATOMIC_RELEASE);
    }
    return 0;
}

IPOP_EXPORT int ipop_keys_is_active(int64_t handle, int slot_index)
{
    struct ipop_keys *const keys = ipop_keys_of(handle);
    if (keys == NULL)
    {
        return -EBADF;
    }
    if (slot_index < 0 || slot_index >= keys->capacity)
    {
        return -EINVAL;
    }
    return __atomic_load_n(&keys->slots[slot_index].state, __ATOMIC_ACQUIRE) == IPOP_SLOT_ACTIVE;
}

IPOP_EXPORT int64_t ipop_keys_send_counter(int64_t handle, int slot_index)
{
    struct ipop_keys *const keys = ipop_keys_of(handle);
    if (keys == NULL)
    {
        return -EBADF;
    }
    if (slot_index < 0 || slot_index >= keys->capacity)
    {
        return -EINVAL;
    }
    return (int64_t)__atomic_load_n(&keys->slots[slot_index].send.counter, __ATOMIC_ACQUIRE);
}

/* @return the slot when active (acquire: its contexts and fields are then fully written), else NULL. */
static inline struct ipop_key_slot *ipop_active_slot(struct ipop_keys *keys, uint32_t slot_index)
{
    if (slot_index >= (uint32_t)keys->capacity)
    {
        return NULL;
    }
    struct ipop_key_slot *const slot = &keys->slots[slot_index];
    return __atomic_load_n(&slot->state, __ATOMIC_ACQUIRE) == IPOP_SLOT_ACTIVE ? slot : NULL;
}

#define IPOP_AAD_LENGTH (IPOP_OVERLAY_HEADER_LENGTH - (IPOP_OVERLAY_SESSION_OFFSET - IPOP_OVERLAY_TTL_OFFSET))

/*
 * Additional data: the header without its TTL and hop count, which relays change. Gathered into one buffer so it
 * costs one EVP update rather than two (each update is a trip through the provider).
 */
static inline int ipop_aad(EVP_CIPHER_CTX *context, const uint8_t *frame)
{
    uint8_t aad[IPOP_AAD_LENGTH];
    int ignored;
    memcpy(aad, frame, IPOP_OVERLAY_TTL_OFFSET);
    memcpy(aad + IPOP_OVERLAY_TTL_OFFSET, frame + IPOP_OVERLAY_SESSION_OFFSET,
           IPOP_OVERLAY_HEADER_LENGTH - IPOP_OVERLAY_SESSION_OFFSET);
    return EVP_CipherUpdate(context, NULL, &ignored, aad, IPOP_AAD_LENGTH) == 1;
}

/* Seals one frame of `length` bytes (header, payload, room for the tag). @return 0 or an IPOP_REJECT_* reason. */
static int ipop_seal_frame(struct ipop_keys *keys, uint32_t slot_index, uint8_t *frame, int length)
{
    if (length < IPOP_OVERLAY_HEADER_LENGTH + IPOP_TAG_LENGTH)
    {
        return IPOP_REJECT_MALFORMED;
    }
    struct ipop_key_slot *const slot = ipop_active_slot(keys, slot_index);
    if (slot == NULL)
    {
        return IPOP_REJECT_NO_SESSION;
    }
    const uint64_t last = slot->send.counter; /* only this thread writes it */
    if (last >= IPOP_KEYS_REJECT_AFTER_MESSAGES)
    {
        return IPOP_REJECT_EXHAUSTED;
    }
    const uint64_t counter = last + 1;

    frame[IPOP_OVERLAY_FLAGS_OFFSET] |= IPOP_OVERLAY_FLAG_AEAD;
    ipop_put_le32(frame + IPOP_OVERLAY_SESSION_OFFSET, slot->peer_index);
    ipop_put_le64(frame + IPOP_OVERLAY_NONCE_OFFSET, counter);
    uint8_t iv[IPOP_IV_LENGTH] = {0};
    ipop_put_le64(iv + 4, counter);

    EVP_CIPHER_CTX *const context = slot->seal;
    uint8_t *const payload = frame + IPOP_OVERLAY_HEADER_LENGTH;
    const int payload_length = length - IPOP_OVERLAY_HEADER_LENGTH - IPOP_TAG_LENGTH;
    int out = 0;
    int tail = 0;
    if (EVP_CipherInit_ex(context, NULL, NULL, NULL, iv, 1) != 1 ||
        !ipop_aad(context, frame) ||
        (payload_length > 0 && EVP_CipherUpdate(context, payload, &out, payload, payload_length) != 1) ||
        EVP_CipherFinal_ex(context, payload + out, &tail) != 1 ||
        EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_GET_TAG, IPOP_TAG_LENGTH, payload + payload_length) != 1)
    {
        /* Cannot happen with a keyed context; never send a frame half sealed. */
        return IPOP_REJECT_NO_SESSION;
    }
    __atomic_store_n(&slot->send.counter, counter, __ATOMIC_RELEASE);
    return 0;
}

IPOP_EXPORT int ipop_seal_batch(int64_t handle, void *buf, int length, int count)
{
    struct ipop_keys *const keys = ipop_keys_of(handle);
    if (keys == NULL)
    {
        return -EBADF;
    }
    if (buf == NULL || length < 0 || count < 0)
    {
        return -EINVAL;
    }
    char *const base = buf;
    int offset = 0;
    int rejected = 0;
    for (int i = 0; i < count; i++)
    {
        struct ipop_datagram_header *const header = (struct ipop_datagram_header *)(base + offset);
        if (length - offset < (int)sizeof(*header) ||
            header->length < 0 ||
            header->length > length - offset - (int)sizeof(*header))
        {
            break; /* the send finds it malformed */
        }
        if (header->flags & IPOP_DATAGRAM_FLAG_SEAL)
        {
            const int reason = ipop_seal_frame(
                keys, (uint32_t)header->reserved, (uint8_t *)(base + offset + sizeof(*header)), header->length);
            if (reason == 0)
            {
                header->flags &= (uint16_t)~IPOP_DATAGRAM_FLAG_SEAL;
                header->reserved = 0;
            }
            else
            {
                header->flags = (uint16_t)((header->flags & ~IPOP_DATAGRAM_FLAG_SEAL) | IPOP_DATAGRAM_FLAG_REJECTED);
                header->reserved = reason;
                rejected++;
            }
        }
        offset += ipop_datagram_record_length(header->length);
    }
    return rejected;
}

/* @return 0 when `counter` may be opened: not seen before and not behind the window. Changes nothing. */
static inline int ipop_replay_check(const struct ipop_receive_state *window, uint64_t counter)
{
    if (counter == 0 || counter > IPOP_KEYS_REJECT_AFTER_MESSAGES)
    {
        return -1;
    }
    if (counter > window->greatest)
    {
        return 0;
    }
    if (counter + IPOP_KEYS_REPLAY_WINDOW < window->greatest)
    {
        return -1;
    }
    const uint64_t word = window->bitmap[(counter >> 6) & (IPOP_REPLAY_WORDS - 1)];
    return (word >> (counter & 63)) & 1 ? -1 : 0;
}

/* Marks `counter` seen (after its tag verified), sliding the window forward when it is the new highest. */
static inline void ipop_replay_update(struct ipop_receive_state *window, uint64_t counter)
{
    const uint64_t index = counter >> 6;
    if (counter > window->greatest)
    {
        const uint64_t current = window->greatest >> 6;
        uint64_t top = index - current;
        if (top > IPOP_REPLAY_WORDS)
        {
            top = IPOP_REPLAY_WORDS;
        }
        for (uint64_t i = 1; i <= top; i++)
        {
            window->bitmap[(current + i) & (IPOP_REPLAY_WORDS - 1)] = 0;
        }
        window->greatest = counter;
    }
    window->bitmap[index & (IPOP_REPLAY_WORDS - 1)] |= UINT64_C(1) << (counter & 63);
}

/*
 * Opens one received frame in place when it is sealed for this node (see ipop_open_batch).
 * @return -1 when it is not ours to open (left as it was), 0 when opened (slot in *slot_out, the tag no longer
 *         counted), else an IPOP_REJECT_* reason.
 */
static int ipop_open_frame(struct ipop_keys *keys, uint8_t *frame, int length, int truncated, uint32_t *slot_out)
{
    if (length <= IPOP_OVERLAY_FLAGS_OFFSET || !(frame[IPOP_OVERLAY_FLAGS_OFFSET] & IPOP_OVERLAY_FLAG_AEAD))
    {
        return -1;
    }
    if (length < IPOP_OVERLAY_HEADER_LENGTH)
    {
        return IPOP_REJECT_MALFORMED;
    }
    const uint8_t *const destination = frame + IPOP_OVERLAY_DST_OFFSET;
    if (memcmp(destination, ipop_zero_node, IPOP_NODE_LENGTH) != 0 &&
        memcmp(destination, keys->local_node, IPOP_NODE_LENGTH) != 0)
    {
        return -1; /* sealed for another node: a relay forwards it unchanged */
    }
    if (length < IPOP_OVERLAY_HEADER_LENGTH + IPOP_TAG_LENGTH || truncated)
    {
        return IPOP_REJECT_MALFORMED;
    }
    const uint32_t slot_index = ipop_get_le32(frame + IPOP_OVERLAY_SESSION_OFFSET);
    struct ipop_key_slot *const slot = ipop_active_slot(keys, slot_index);
    if (slot == NULL)
    {
        return IPOP_REJECT_NO_SESSION;
    }
    if (memcmp(frame + IPOP_OVERLAY_SRC_OFFSET, slot->peer, IPOP_NODE_LENGTH) != 0)
    {
        return IPOP_REJECT_WRONG_PEER;
    }
    const uint64_t counter = ipop_get_le64(frame + IPOP_OVERLAY_NONCE_OFFSET);
    if (ipop_replay_check(&slot->receive, counter) != 0)
    {
        return IPOP_REJECT_REPLAY;
    }

    uint8_t iv[IPOP_IV_LENGTH] = {0};
    ipop_put_le64(iv + 4, counter);
    EVP_CIPHER_CTX *const context = slot->open;
    uint8_t *const payload = frame + IPOP_OVERLAY_HEADER_LENGTH;
    const int payload_length = length - IPOP_OVERLAY_HEADER_LENGTH - IPOP_TAG_LENGTH;
    int out = 0;
    int tail = 0;
    if (EVP_CipherInit_ex(context, NULL, NULL, NULL, iv, 0) != 1 ||
        !ipop_aad(context, frame) ||
        (payload_length > 0 && EVP_CipherUpdate(context, payload, &out, payload, payload_length) != 1) ||
        EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_TAG, IPOP_TAG_LENGTH, payload + payload_length) != 1 ||
        EVP_CipherFinal_ex(context, payload + out, &tail) != 1)
    {
        /* Decrypted in place before the tag was checked: leave nothing of it behind. */
        memset(payload, 0, (size_t)payload_length);
        return IPOP_REJECT_BAD_TAG;
    }
    ipop_replay_update(&slot->receive, counter);
    *slot_out = slot_index;
    return 0;
}

/* Opens one record's payload and updates its header fields (the receive hook, and the body of ipop_open_batch). */
static int ipop_open_record(struct ipop_keys *keys, char *payload, struct ipop_datagram_header *header)
{
    uint32_t slot = 0;
    const int result = ipop_open_frame(
        keys, (uint8_t *)payload, header->length, header->flags & IPOP_DATAGRAM_FLAG_TRUNCATED, &slot);
    if (result == 0)
    {
        header->length -= IPOP_TAG_LENGTH;
        header->flags |= IPOP_DATAGRAM_FLAG_OPENED;
        header->reserved = (int32_t)slot;
        return 1;
    }
    if (result > 0)
    {
        header->flags |= IPOP_DATAGRAM_FLAG_REJECTED;
        header->reserved = result;
    }
    return 0;
}

IPOP_EXPORT int ipop_open_batch(int64_t handle, void *buf, int capacity, int count)
{
    struct ipop_keys *const keys = ipop_keys_of(handle);
    if (keys == NULL)
    {
        return -EBADF;
    }
    if (buf == NULL || capacity < 0 || count < 0)
    {
        return -EINVAL;
    }
    char *const base = buf;
    int read_offset = 0;
    int write_offset = 0;
    int opened = 0;
    for (int i = 0; i < count; i++)
    {
        struct ipop_datagram_header record;
        if (capacity - read_offset < (int)sizeof(record))
        {
            break;
        }
        memcpy(&record, base + read_offset, sizeof(record));
        if (record.length < 0 || record.length > capacity - read_offset - (int)sizeof(record))
        {
            break;
        }
        const int next_read = read_offset + ipop_datagram_record_length(record.length);
        char *const payload = base + read_offset + sizeof(record);
        opened += ipop_open_record(keys, payload, &record);

        /* An opened record is shorter: move the records after it up so the batch stays packed. */
        char *const target = base + write_offset + sizeof(record);
        if (target != payload)
        {
            memmove(target, payload, (size_t)record.length);
        }
        memcpy(base + write_offset, &record, sizeof(record));
        const int record_length = ipop_datagram_record_length(record.length);
        memset(target + record.length, 0, (size_t)(record_length - (int)sizeof(record) - record.length));
        write_offset += record_length;
        read_offset = next_read;
    }
    return opened;
}

IPOP_EXPORT int ipop_udp_send_sealed_batch(int fd, int64_t handle, void *buf, int length, int count)
{
    const int rejected = ipop_seal_batch(handle, buf, length, count);
    if (rejected < 0)
    {
        return rejected;
    }
    return ipop_udp_send_records(fd, buf, length, count, 1);
}

static void ipop_open_hook(void *context, char *payload, struct ipop_datagram_header *header)
{
    ipop_open_record(context, payload, header);
}

IPOP_EXPORT int ipop_udp_receive_open_batch(
    int fd, int64_t handle, void *buf, int capacity, int max_datagrams, int max_payload)
{
    struct ipop_keys *const keys = ipop_keys_of(handle);
    if (keys == NULL)
    {
        return -EBADF;
    }
    return ipop_udp_receive_records(fd, buf, capacity, max_datagrams, max_payload, ipop_open_hook, keys);
}
