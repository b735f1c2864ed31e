package org.ipop.overlay.dht.signed;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A DHT value that a node signs to claim something for itself (a lease, a name, a virtual IP, membership), and the
 * delete token that removes it. Fields big-endian:
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+-------------------------------+
 *  |  version = 1  |  reserved = 0 |      certificate length c     |  0
 *  +---------------+---------------+-------------------------------+
 *  |            owner certificate (c bytes, c &lt;= 512)            |  4
 *  +---------------------------------------------------------------+
 *  |        owner's raw Ed25519 identity public key (32)           |  4 + c
 *  +---------------------------------------------------------------+
 *  |              absolute expiry, epoch ms (8)                    |  36 + c
 *  +-------------------------------+-------------------------------+
 *  |       payload length p        |        payload (p bytes) ...  |  44 + c
 *  +-------------------------------+-------------------------------+
 *  |                 Ed25519 signature (64)                        |  46 + c + p
 *  +---------------------------------------------------------------+
 * </pre>
 * The signature covers {@code domain label || 0x00 || key length (2) || DHT key || expiry (8) || p (2) || payload},
 * where the label is {@link #RECORD_DOMAIN} for a record and {@link #DELETE_DOMAIN} for a delete token: a record
 * is bound to its key (it cannot be moved to another key), a captured record cannot serve as a delete token, and an
 * expired one is refused however often its put is replayed. The owner's overlay address is
 * {@code NodeIdentity.addressOfRawKey(identity key)}; the certificate is opaque here ({@link RecordOwnerCheck}).
 * <p>
 * A reusable view: {@link #wrap} a value, then read its fields. Not thread safe.
 */
public final class SignedRecord
{
    /** Version byte. */
    public static final int VERSION = 1;
    /** Largest certificate carried. */
    public static final int MAX_CERTIFICATE_LENGTH = 512;
    /** Raw Ed25519 public key length. */
    public static final int KEY_LENGTH = 32;
    /** Ed25519 signature length. */
    public static final int SIGNATURE_LENGTH = 64;
    /** Offset of the certificate. */
    public static final int CERTIFICATE_OFFSET = 4;
    /** Bytes besides certificate and payload. */
    public static final int OVERHEAD = CERTIFICATE_OFFSET + KEY_LENGTH + 8 + 2 + SIGNATURE_LENGTH;
    /** Domain label of records. */
    public static final String RECORD_DOMAIN = "ipop-dht-record-v1";
    /** Domain label of delete tokens. */
    public static final String DELETE_DOMAIN = "ipop-dht-delete-v1";

    private byte[] value;
    private int certificateLength;
    private int payloadLength;

    /**
     * @param value a DHT value (kept by reference).
     * @return true if it has the layout above (the signature is not checked here).
     */
    public boolean wrap(final byte[] value)
    {
        this.value = null;
        if (value == null || value.length < OVERHEAD || value[0] != VERSION)
        {
            return false;
        }
        final int c = u16(value, 2);
        if (c > MAX_CERTIFICATE_LENGTH || OVERHEAD + c > value.length)
        {
            return false;
        }
        final int p = u16(value, CERTIFICATE_OFFSET + c + KEY_LENGTH + 8);
        if (OVERHEAD + c + p != value.length)
        {
            return false;
        }
        this.value = value;
        this.certificateLength = c;
        this.payloadLength = p;
        return true;
    }

    /** @return the owner's certificate (a copy). */
    public byte[] certificate()
    {
        return Arrays.copyOfRange(value, CERTIFICATE_OFFSET, CERTIFICATE_OFFSET + certificateLength);
    }

    /** @return the owner's raw identity key (a copy). */
    public byte[] identityKey()
    {
        final int at = keyOffset();
        return Arrays.copyOfRange(value, at, at + KEY_LENGTH);
    }

    /** @return absolute expiry, epoch milliseconds. */
    public long expiryEpochMs()
    {
        return ByteBuffer.wrap(value, keyOffset() + KEY_LENGTH, 8).getLong();
    }

    /** @return the payload (a copy). */
    public byte[] payload()
    {
        final int at = payloadOffset();
        return Arrays.copyOfRange(value, at, at + payloadLength);
    }

    /** @return the signature (a copy). */
    public byte[] signature()
    {
        final int at = payloadOffset() + payloadLength;
        return Arrays.copyOfRange(value, at, at + SIGNATURE_LENGTH);
    }

    /**
     * @param other another wrapped record.
     * @return true if both have the same identity key.
     */
    public boolean sameOwner(final SignedRecord other)
    {
        return Arrays.equals(value, keyOffset(), keyOffset() + KEY_LENGTH,
            other.value, other.keyOffset(), other.keyOffset() + KEY_LENGTH);
    }

    /**
     * @param other another wrapped record.
     * @return true if both have the same identity key and payload.
     */
    public boolean sameClaim(final SignedRecord other)
    {
        return sameOwner(other) && Arrays.equals(value, payloadOffset(), payloadOffset() + payloadLength,
            other.value, other.payloadOffset(), other.payloadOffset() + other.payloadLength);
    }

    /**
     * @param payload bytes.
     * @return true if the payload equals them.
     */
    public boolean payloadEquals(final byte[] payload)
    {
        return Arrays.equals(value, payloadOffset(), payloadOffset() + payloadLength, payload, 0, payload.length);
    }

    /** @return the wrapped value. */
    public byte[] value()
    {
        return value;
    }

    private int keyOffset()
    {
        return CERTIFICATE_OFFSET + certificateLength;
    }

    private int payloadOffset()
    {
        return keyOffset() + KEY_LENGTH + 8 + 2;
    }

    /**
     * @param domain        {@link #RECORD_DOMAIN} or {@link #DELETE_DOMAIN}.
     * @param key           DHT key.
     * @param expiryEpochMs expiry.
     * @param payload       payload.
     * @return the bytes the signature covers.
     */
    public static byte[] signedBytes(final String domain, final byte[] key, final long expiryEpochMs,
        final byte[] payload)
    {
        final byte[] label = domain.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(label.length + 1 + 2 + key.length + 8 + 2 + payload.length)
            .put(label).put((byte)0).putShort((short)key.length).put(key).putLong(expiryEpochMs)
            .putShort((short)payload.length).put(payload).array();
    }

    /** @return the bytes this wrapped record's signature covers under {@code domain} and {@code key}. */
    byte[] signedBytes(final String domain, final byte[] key)
    {
        return signedBytes(domain, key, expiryEpochMs(), payload());
    }

    /**
     * Lays out a record.
     *
     * @param certificate   owner certificate (at most {@link #MAX_CERTIFICATE_LENGTH}).
     * @param identityKey   raw identity key.
     * @param expiryEpochMs expiry.
     * @param payload       payload.
     * @param signature     signature over {@link #signedBytes}.
     * @return the value.
     */
    public static byte[] encode(final byte[] certificate, final byte[] identityKey, final long expiryEpochMs,
        final byte[] payload, final byte[] signature)
    {
        if (certificate.length > MAX_CERTIFICATE_LENGTH || identityKey.length != KEY_LENGTH ||
            signature.length != SIGNATURE_LENGTH || payload.length > 0xFFFF)
        {
            throw new IllegalArgumentException("bad signed record field lengths");
        }
        return ByteBuffer.allocate(OVERHEAD + certificate.length + payload.length)
            .put((byte)VERSION).put((byte)0).putShort((short)certificate.length).put(certificate)
            .put(identityKey).putLong(expiryEpochMs).putShort((short)payload.length).put(payload).put(signature)
            .array();
    }

    private static int u16(final byte[] b, final int at)
    {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }
}
