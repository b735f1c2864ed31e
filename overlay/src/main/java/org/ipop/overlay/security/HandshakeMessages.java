package org.ipop.overlay.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Wire layout of the handshake messages (the payload of an overlay HANDSHAKE frame, after its 56-byte header),
 * and their MACs. All integers big-endian; reserved bytes are zero.
 * <pre>
 * INIT (type 1), 8 + 64 + 8 + certificate + 32 bytes:
 *  +--------+-----------------+-----------------------------------------------+
 *  | 1 type | 3 reserved (0)  | 4 sender index                                |  0
 *  +--------+-----------------+-----------------------------------------------+
 *  | Noise message 1: e (32) | s (32) | payload: timestamp ms (8) | initiator certificate |  8
 *  +--------------------------------------------------------------------------+
 *  | mac1 (16) | mac2 (16)                                                    |
 *  +--------------------------------------------------------------------------+
 * RESPONSE (type 2), 12 + 32 + 48 + certificate + 16 + 32 bytes:
 *  | 1 type | 3 reserved | 4 sender index | 4 receiver index (the INIT's sender index) |
 *  | Noise message 2: e (32) | encrypted s (48) | encrypted payload: responder certificate (+16) |  12
 *  | mac1 (16) | mac2 (16) |
 * COOKIE_REPLY (type 3), 52 bytes:
 *  | 1 type | 3 reserved | 4 receiver index (the INIT's sender index) | nonce (12) | encrypted cookie (16 + 16) |
 * </pre>
 * mac1 = first 16 bytes of HMAC-SHA256(key = SHA-256("mac1" || network key), message up to mac1); mac2 = first 16
 * bytes of HMAC-SHA256(key = cookie, message up to mac2), or zeros without a cookie. The cookie reply encrypts the
 * 16-byte cookie with AES-256-GCM under SHA-256("cookie" || network key), the 12-byte random nonce, and the INIT's
 * mac1 as associated data. The network key is {@link TrustStore#networkKey()}.
 */
final class HandshakeMessages
{
    static final int TYPE_INIT = 1;
    static final int TYPE_RESPONSE = 2;
    static final int TYPE_COOKIE_REPLY = 3;

    static final int TYPE_OFFSET = 0;
    static final int SENDER_INDEX_OFFSET = 4;
    static final int INIT_NOISE_OFFSET = 8;
    static final int RECEIVER_INDEX_OFFSET = 8;
    static final int RESPONSE_NOISE_OFFSET = 12;
    static final int COOKIE_RECEIVER_INDEX_OFFSET = 4;
    static final int COOKIE_NONCE_OFFSET = 8;
    static final int COOKIE_NONCE_LENGTH = 12;
    static final int COOKIE_OFFSET = 20;

    static final int MAC_LENGTH = 16;
    static final int MACS_LENGTH = 2 * MAC_LENGTH;
    static final int COOKIE_LENGTH = 16;
    static final int TIMESTAMP_LENGTH = 8;
    static final int COOKIE_REPLY_LENGTH = COOKIE_OFFSET + COOKIE_LENGTH + NoiseIx.TAGLEN;

    static final int INIT_OVERHEAD = INIT_NOISE_OFFSET + NoiseIx.MESSAGE1_OVERHEAD + TIMESTAMP_LENGTH + MACS_LENGTH;
    static final int RESPONSE_OVERHEAD = RESPONSE_NOISE_OFFSET + NoiseIx.MESSAGE2_OVERHEAD + MACS_LENGTH;
    static final int MIN_INIT_LENGTH = INIT_OVERHEAD + NodeCertificate.MIN_LENGTH;
    static final int MAX_INIT_LENGTH = INIT_OVERHEAD + NodeCertificate.MAX_LENGTH;
    static final int MIN_RESPONSE_LENGTH = RESPONSE_OVERHEAD + NodeCertificate.MIN_LENGTH;
    static final int MAX_RESPONSE_LENGTH = RESPONSE_OVERHEAD + NodeCertificate.MAX_LENGTH;
    /** Longest handshake message of any type. */
    static final int MAX_LENGTH = Math.max(MAX_INIT_LENGTH, MAX_RESPONSE_LENGTH);

    private final byte[] mac1Key;
    private final byte[] cookieKey;

    HandshakeMessages(final byte[] networkKey)
    {
        this.mac1Key = labelled("mac1", networkKey);
        this.cookieKey = labelled("cookie", networkKey);
    }

    byte[] cookieKey()
    {
        return cookieKey;
    }

    /** Writes mac1 over {@code message[0, length - 32)} at {@code length - 32}. */
    void writeMac1(final byte[] message, final int length)
    {
        System.arraycopy(mac(mac1Key, message, length - MACS_LENGTH), 0, message, length - MACS_LENGTH, MAC_LENGTH);
    }

    /** Writes mac2 with {@code cookie} (zeros when null) over {@code message[0, length - 16)} at {@code length - 16}. */
    static void writeMac2(final byte[] message, final int length, final byte[] cookie)
    {
        final byte[] mac2 = cookie == null ? new byte[MAC_LENGTH] : mac(cookie, message, length - MAC_LENGTH);
        System.arraycopy(mac2, 0, message, length - MAC_LENGTH, MAC_LENGTH);
    }

    boolean mac1Valid(final byte[] message, final int length)
    {
        return equal(mac(mac1Key, message, length - MACS_LENGTH), message, length - MACS_LENGTH);
    }

    static boolean mac2Valid(final byte[] message, final int length, final byte[] cookie)
    {
        return equal(mac(cookie, message, length - MAC_LENGTH), message, length - MAC_LENGTH);
    }

    static boolean mac2Absent(final byte[] message, final int length)
    {
        return NodeCertificate.allZero(Arrays.copyOfRange(message, length - MAC_LENGTH, length));
    }

    static byte[] mac1Of(final byte[] message, final int length)
    {
        return Arrays.copyOfRange(message, length - MACS_LENGTH, length - MAC_LENGTH);
    }

    static int getInt(final byte[] bytes, final int offset)
    {
        return ((bytes[offset] & 0xFF) << 24) | ((bytes[offset + 1] & 0xFF) << 16) |
            ((bytes[offset + 2] & 0xFF) << 8) | (bytes[offset + 3] & 0xFF);
    }

    static void putInt(final byte[] bytes, final int offset, final int value)
    {
        bytes[offset] = (byte)(value >>> 24);
        bytes[offset + 1] = (byte)(value >>> 16);
        bytes[offset + 2] = (byte)(value >>> 8);
        bytes[offset + 3] = (byte)value;
    }

    static long getLong(final byte[] bytes, final int offset)
    {
        return ((long)getInt(bytes, offset) << 32) | (getInt(bytes, offset + 4) & 0xFFFF_FFFFL);
    }

    static void putLong(final byte[] bytes, final int offset, final long value)
    {
        putInt(bytes, offset, (int)(value >>> 32));
        putInt(bytes, offset + 4, (int)value);
    }

    /** First 16 bytes of HMAC-SHA256(key, data[0, length)). */
    static byte[] mac(final byte[] key, final byte[] data, final int length)
    {
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(data, 0, length);
            return Arrays.copyOf(mac.doFinal(), MAC_LENGTH);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HmacSHA256 unavailable", ex);
        }
    }

    private static boolean equal(final byte[] expected, final byte[] message, final int offset)
    {
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(message, offset, offset + MAC_LENGTH));
    }

    private static byte[] labelled(final String label, final byte[] key)
    {
        final byte[] prefix = label.getBytes(StandardCharsets.US_ASCII);
        final byte[] input = Arrays.copyOf(prefix, prefix.length + key.length);
        System.arraycopy(key, 0, input, prefix.length, key.length);
        return NodeCertificate.sha256(input);
    }
}
