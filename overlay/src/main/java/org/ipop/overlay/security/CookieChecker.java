package org.ipop.overlay.security;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The responder's defence against INIT floods, as WireGuard's: it counts INITs per second, and above the threshold
 * asks for a mac2 made with a cookie bound to the sender's transport address (HMAC of a secret rotated every
 * 120 s), which only a sender that receives at that address can learn. Control-plane thread only.
 */
final class CookieChecker
{
    static final long SECRET_LIFETIME_NS = 120_000_000_000L;
    private static final long SECOND_NS = 1_000_000_000L;

    private final SecureRandom random;
    private final byte[] cookieKey;
    private final int thresholdPerSecond;
    private byte[] secret;
    private long secretBornNs;
    private long second = Long.MIN_VALUE;
    private int initsThisSecond;

    CookieChecker(final SecureRandom random, final byte[] cookieKey, final int thresholdPerSecond)
    {
        this.random = random;
        this.cookieKey = cookieKey;
        this.thresholdPerSecond = thresholdPerSecond;
    }

    /**
     * Counts one INIT that passed mac1.
     *
     * @return whether the responder is now under load (mac2 required).
     */
    boolean countAndCheckLoad(final long nowNs)
    {
        final long thisSecond = Math.floorDiv(nowNs, SECOND_NS);
        if (thisSecond != second)
        {
            second = thisSecond;
            initsThisSecond = 0;
        }
        if (initsThisSecond < Integer.MAX_VALUE)
        {
            initsThisSecond++;
        }
        return initsThisSecond > thresholdPerSecond;
    }

    /** @return the 16-byte cookie of a transport address under the current secret. */
    byte[] cookie(final long transport, final long nowNs)
    {
        if (secret == null || nowNs - secretBornNs >= SECRET_LIFETIME_NS)
        {
            secret = new byte[32];
            random.nextBytes(secret);
            secretBornNs = nowNs;
        }
        final byte[] address = new byte[8];
        HandshakeMessages.putLong(address, 0, transport);
        return HandshakeMessages.mac(secret, address, address.length);
    }

    /** @return a COOKIE_REPLY to an INIT from {@code transport} with sender index {@code receiverIndex}. */
    byte[] reply(final int receiverIndex, final long transport, final byte[] initMac1, final long nowNs)
    {
        final byte[] message = new byte[HandshakeMessages.COOKIE_REPLY_LENGTH];
        message[HandshakeMessages.TYPE_OFFSET] = HandshakeMessages.TYPE_COOKIE_REPLY;
        HandshakeMessages.putInt(message, HandshakeMessages.COOKIE_RECEIVER_INDEX_OFFSET, receiverIndex);
        final byte[] nonce = new byte[HandshakeMessages.COOKIE_NONCE_LENGTH];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, message, HandshakeMessages.COOKIE_NONCE_OFFSET, nonce.length);
        try
        {
            final byte[] sealed = cipher(Cipher.ENCRYPT_MODE, cookieKey, nonce, initMac1).doFinal(cookie(transport, nowNs));
            System.arraycopy(sealed, 0, message, HandshakeMessages.COOKIE_OFFSET, sealed.length);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("AES-GCM unavailable", ex);
        }
        return message;
    }

    /**
     * Initiator side: opens a COOKIE_REPLY.
     *
     * @return the cookie, or null if it does not decrypt.
     */
    static byte[] open(final byte[] cookieKey, final byte[] message, final byte[] initMac1)
    {
        final byte[] nonce = Arrays.copyOfRange(message, HandshakeMessages.COOKIE_NONCE_OFFSET,
            HandshakeMessages.COOKIE_NONCE_OFFSET + HandshakeMessages.COOKIE_NONCE_LENGTH);
        try
        {
            return cipher(Cipher.DECRYPT_MODE, cookieKey, nonce, initMac1).doFinal(message, HandshakeMessages.COOKIE_OFFSET,
                HandshakeMessages.COOKIE_LENGTH + NoiseIx.TAGLEN);
        }
        catch (final GeneralSecurityException ex)
        {
            return null;
        }
    }

    private static Cipher cipher(final int mode, final byte[] key, final byte[] nonce, final byte[] aad)
        throws GeneralSecurityException
    {
        final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(NoiseIx.TAGLEN * 8, nonce));
        cipher.updateAAD(aad);
        return cipher;
    }
}
