package org.ipop.overlay.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code Noise_IX_25519_AESGCM_SHA256} exactly as the Noise Protocol Framework, revision 34: a HandshakeState with
 * its SymmetricState and CipherState, for the two messages of IX:
 * <pre>
 *   -&gt; e, s
 *   &lt;- e, ee, se, s, es
 * </pre>
 * Message 1 is {@code e (32) | s (32) | payload} (all in clear: no key exists yet); message 2 is
 * {@code e (32) | encrypted s (32 + 16) | encrypted payload (n + 16)}. HKDF is HMAC-SHA256; AES-256-GCM nonces are
 * 4 zero bytes followed by the 64-bit counter big-endian; the associated data is the handshake hash.
 * <p>
 * One instance per handshake attempt, used by one thread. Ephemeral keys are drawn from the given random source
 * (one {@code nextBytes} of 32 bytes), so a handshake is reproducible given its random source.
 */
public final class NoiseIx
{
    /** The protocol name hashed into the initial state. */
    public static final String PROTOCOL_NAME = "Noise_IX_25519_AESGCM_SHA256";
    /** Length of a DH public key. */
    public static final int DHLEN = 32;
    /** Length of an AEAD tag. */
    public static final int TAGLEN = 16;
    /** Overhead of message 1 over its payload. */
    public static final int MESSAGE1_OVERHEAD = 2 * DHLEN;
    /** Overhead of message 2 over its payload. */
    public static final int MESSAGE2_OVERHEAD = 2 * DHLEN + 2 * TAGLEN;

    private static final int HASHLEN = 32;

    private final boolean initiator;
    private final KeyPair staticKeys;
    private final byte[] staticPublic;
    private final SecureRandom random;
    private final SymmetricState symmetric;
    private KeyPair ephemeral;
    private byte[] remoteEphemeral;
    private byte[] remoteStatic;
    private int messageIndex;
    private int dhCount;
    private boolean split;

    private NoiseIx(final boolean initiator, final byte[] staticPrivate, final byte[] prologue, final SecureRandom random)
    {
        this.initiator = initiator;
        this.staticKeys = RawKeys.x25519FromPrivate(staticPrivate);
        this.staticPublic = RawKeys.rawPublic(staticKeys.getPublic());
        this.random = random;
        this.symmetric = new SymmetricState(PROTOCOL_NAME);
        symmetric.mixHash(prologue, 0, prologue.length);
    }

    private NoiseIx(final NoiseIx from)
    {
        this.initiator = from.initiator;
        this.staticKeys = from.staticKeys;
        this.staticPublic = from.staticPublic;
        this.random = from.random;
        this.symmetric = from.symmetric.copy();
        this.ephemeral = from.ephemeral;
        this.remoteEphemeral = from.remoteEphemeral;
        this.remoteStatic = from.remoteStatic;
        this.messageIndex = from.messageIndex;
    }

    /**
     * @return an independent copy of this state (DH count starts at zero): lets an initiator try a response on the
     *         copy and keep the original for a later, genuine response when the first one was forged.
     */
    public NoiseIx copy()
    {
        return new NoiseIx(this);
    }

    /**
     * @param staticPrivate the raw X25519 static private key.
     * @param prologue      bytes both sides must agree on (hashed, not sent).
     * @param random        source of the ephemeral key.
     * @return the initiator's state, ready for {@link #writeMessage}.
     */
    public static NoiseIx initiator(final byte[] staticPrivate, final byte[] prologue, final SecureRandom random)
    {
        return new NoiseIx(true, staticPrivate, prologue, random);
    }

    /**
     * @param staticPrivate the raw X25519 static private key.
     * @param prologue      bytes both sides must agree on (hashed, not sent).
     * @param random        source of the ephemeral key.
     * @return the responder's state, ready for {@link #readMessage}.
     */
    public static NoiseIx responder(final byte[] staticPrivate, final byte[] prologue, final SecureRandom random)
    {
        return new NoiseIx(false, staticPrivate, prologue, random);
    }

    /**
     * Writes the next handshake message: message 1 for the initiator, message 2 for the responder.
     *
     * @param payload the payload to carry.
     * @return the message.
     * @throws NoiseException if it is not this side's turn, or a DH fails.
     */
    public byte[] writeMessage(final byte[] payload) throws NoiseException
    {
        if (messageIndex >= 2 || (messageIndex == 0) != initiator)
        {
            throw new NoiseException("not this side's turn to write");
        }
        final byte[] out = new byte[payload.length + (messageIndex == 0 ? MESSAGE1_OVERHEAD : MESSAGE2_OVERHEAD)];
        ephemeral = RawKeys.x25519(random);
        final byte[] e = RawKeys.rawPublic(ephemeral.getPublic());
        System.arraycopy(e, 0, out, 0, DHLEN);
        symmetric.mixHash(e, 0, DHLEN);
        int position = DHLEN;
        if (messageIndex == 1)
        {
            symmetric.mixKey(dh(ephemeral.getPrivate(), remoteEphemeral));  // ee
            symmetric.mixKey(dh(ephemeral.getPrivate(), remoteStatic));     // se: initiator's s, our e
        }
        position += symmetric.encryptAndHash(staticPublic, 0, DHLEN, out, position);
        if (messageIndex == 1)
        {
            symmetric.mixKey(dh(staticKeys.getPrivate(), remoteEphemeral)); // es: initiator's e, our s
        }
        symmetric.encryptAndHash(payload, 0, payload.length, out, position);
        messageIndex++;
        return out;
    }

    /**
     * Reads the next handshake message: message 1 for the responder, message 2 for the initiator.
     *
     * @param message holds the message.
     * @param offset  where it starts.
     * @param length  its length.
     * @return the payload.
     * @throws NoiseException if it is not this side's turn, the message is too short, a DH fails or a tag does not
     *                        verify; the state must then be discarded.
     */
    public byte[] readMessage(final byte[] message, final int offset, final int length) throws NoiseException
    {
        if (messageIndex >= 2 || (messageIndex == 1) != initiator)
        {
            throw new NoiseException("not this side's turn to read");
        }
        final int overhead = messageIndex == 0 ? MESSAGE1_OVERHEAD : MESSAGE2_OVERHEAD;
        if (length < overhead || offset < 0 || offset > message.length - length)
        {
            throw new NoiseException("handshake message too short: " + length + " bytes");
        }
        remoteEphemeral = Arrays.copyOfRange(message, offset, offset + DHLEN);
        symmetric.mixHash(remoteEphemeral, 0, DHLEN);
        int position = offset + DHLEN;
        if (messageIndex == 1)
        {
            symmetric.mixKey(dh(ephemeral.getPrivate(), remoteEphemeral));  // ee
            symmetric.mixKey(dh(staticKeys.getPrivate(), remoteEphemeral)); // se: our s, responder's e
        }
        final int staticLength = symmetric.hasKey() ? DHLEN + TAGLEN : DHLEN;
        remoteStatic = symmetric.decryptAndHash(message, position, staticLength);
        position += staticLength;
        if (messageIndex == 1)
        {
            symmetric.mixKey(dh(ephemeral.getPrivate(), remoteStatic));     // es: our e, responder's s
        }
        final byte[] payload = symmetric.decryptAndHash(message, position, offset + length - position);
        messageIndex++;
        return payload;
    }

    /** @return whether both messages have been processed, so {@link #splitKeys()} may be called. */
    public boolean isComplete()
    {
        return messageIndex == 2;
    }

    /** @return a copy of the peer's static public key, once read; null before. */
    public byte[] remoteStatic()
    {
        return remoteStatic == null ? null : remoteStatic.clone();
    }

    /** @return a copy of the handshake hash h (channel binding). */
    public byte[] handshakeHash()
    {
        return symmetric.h.clone();
    }

    /** @return how many X25519 agreements this handshake has computed (key generation not included). */
    public int dhCount()
    {
        return dhCount;
    }

    /**
     * Split(): the two transport keys, in Noise order: {@code [0]} = k1 (initiator to responder), {@code [1]} = k2
     * (responder to initiator). The caller owns and wipes them. May be called once: the chaining key is wiped.
     *
     * @return the keys.
     * @throws IllegalStateException if the handshake is not complete, or the keys were already taken.
     */
    public byte[][] splitKeys()
    {
        if (!isComplete() || split)
        {
            throw new IllegalStateException(split ? "keys already split" : "handshake not complete");
        }
        split = true;
        final byte[][] keys = Hkdf.derive(symmetric.ck, new byte[0], 2);
        Arrays.fill(symmetric.ck, (byte)0);
        return keys;
    }

    private byte[] dh(final PrivateKey privateKey, final byte[] publicKey) throws NoiseException
    {
        dhCount++;
        try
        {
            return RawKeys.dh(privateKey, publicKey);
        }
        catch (final GeneralSecurityException | RuntimeException ex)
        {
            throw new NoiseException("X25519 failed: " + ex.getMessage());
        }
    }

    /** HKDF of the Noise spec (section 4.3) with HMAC-SHA256. */
    static final class Hkdf
    {
        private Hkdf()
        {
        }

        static byte[][] derive(final byte[] chainingKey, final byte[] inputKeyMaterial, final int outputs)
        {
            final byte[] temp = hmac(chainingKey, inputKeyMaterial);
            final byte[][] out = new byte[outputs][];
            byte[] previous = new byte[0];
            for (int i = 0; i < outputs; i++)
            {
                final byte[] input = Arrays.copyOf(previous, previous.length + 1);
                input[previous.length] = (byte)(i + 1);
                out[i] = hmac(temp, input);
                previous = out[i];
            }
            Arrays.fill(temp, (byte)0);
            return out;
        }

        static byte[] hmac(final byte[] key, final byte[] data)
        {
            try
            {
                final Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac.doFinal(data);
            }
            catch (final GeneralSecurityException ex)
            {
                throw new IllegalStateException("HmacSHA256 unavailable", ex);
            }
        }
    }

    /**
     * A CipherState: an AES-256-GCM key and a 64-bit nonce counter. Also usable for transport messages after
     * {@link #splitKeys()} (the tests check the Noise test vectors' transport messages with it).
     */
    public static final class CipherState
    {
        private byte[] k;
        private long n;

        /** @param key a 32-byte key, or null for none (then encryption is the identity, as the spec says). */
        public CipherState(final byte[] key)
        {
            this.k = key == null ? null : key.clone();
        }

        /** @return whether a key is set. */
        public boolean hasKey()
        {
            return k != null;
        }

        /**
         * EncryptWithAd: AES-256-GCM with nonce {@code 0x00000000 || n} (n big-endian), then n++.
         *
         * @return the ciphertext with its 16-byte tag (the plaintext itself when there is no key).
         */
        public byte[] encryptWithAd(final byte[] ad, final byte[] plaintext, final int offset, final int length)
        {
            if (k == null)
            {
                return Arrays.copyOfRange(plaintext, offset, offset + length);
            }
            try
            {
                final byte[] ciphertext = cipher(Cipher.ENCRYPT_MODE, ad).doFinal(plaintext, offset, length);
                n++;
                return ciphertext;
            }
            catch (final GeneralSecurityException ex)
            {
                throw new IllegalStateException("AES-GCM encryption failed", ex);
            }
        }

        /**
         * DecryptWithAd; n advances only on success.
         *
         * @return the plaintext.
         * @throws NoiseException if the tag does not verify.
         */
        public byte[] decryptWithAd(final byte[] ad, final byte[] ciphertext, final int offset, final int length)
            throws NoiseException
        {
            if (k == null)
            {
                return Arrays.copyOfRange(ciphertext, offset, offset + length);
            }
            if (length < TAGLEN)
            {
                throw new NoiseException("ciphertext shorter than its tag");
            }
            try
            {
                final byte[] plaintext = cipher(Cipher.DECRYPT_MODE, ad).doFinal(ciphertext, offset, length);
                n++;
                return plaintext;
            }
            catch (final GeneralSecurityException ex)
            {
                throw new NoiseException("decryption failed (bad tag)");
            }
        }

        private Cipher cipher(final int mode, final byte[] ad) throws GeneralSecurityException
        {
            if (n == -1L)
            {
                throw new GeneralSecurityException("nonce exhausted");
            }
            final byte[] nonce = new byte[12];
            for (int i = 0; i < 8; i++)
            {
                nonce[4 + i] = (byte)(n >>> (56 - 8 * i));
            }
            final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(k, "AES"), new GCMParameterSpec(TAGLEN * 8, nonce));
            cipher.updateAAD(ad);
            return cipher;
        }

        CipherState copy()
        {
            final CipherState copy = new CipherState(k);
            copy.n = n;
            return copy;
        }

        void initializeKey(final byte[] key)
        {
            if (k != null)
            {
                Arrays.fill(k, (byte)0);
            }
            k = key;
            n = 0;
        }
    }

    /** SymmetricState: chaining key ck, handshake hash h and the current CipherState. */
    private static final class SymmetricState
    {
        private CipherState cipher = new CipherState(null);
        private byte[] ck;
        private byte[] h;

        SymmetricState copy()
        {
            final SymmetricState copy = new SymmetricState(PROTOCOL_NAME);
            copy.cipher = cipher.copy();
            copy.ck = ck.clone();
            copy.h = h.clone();
            return copy;
        }

        SymmetricState(final String protocolName)
        {
            final byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
            h = name.length <= HASHLEN ? Arrays.copyOf(name, HASHLEN) : NodeCertificate.sha256(name);
            ck = h.clone();
        }

        boolean hasKey()
        {
            return cipher.hasKey();
        }

        void mixHash(final byte[] data, final int offset, final int length)
        {
            final byte[] input = Arrays.copyOf(h, HASHLEN + length);
            System.arraycopy(data, offset, input, HASHLEN, length);
            h = NodeCertificate.sha256(input);
        }

        void mixKey(final byte[] inputKeyMaterial)
        {
            final byte[][] out = Hkdf.derive(ck, inputKeyMaterial, 2);
            Arrays.fill(inputKeyMaterial, (byte)0);
            Arrays.fill(ck, (byte)0);
            ck = out[0];
            cipher.initializeKey(out[1]);
        }

        /** @return the number of bytes written to {@code out} at {@code position}. */
        int encryptAndHash(final byte[] plaintext, final int offset, final int length, final byte[] out,
            final int position)
        {
            final byte[] ciphertext = cipher.encryptWithAd(h, plaintext, offset, length);
            System.arraycopy(ciphertext, 0, out, position, ciphertext.length);
            mixHash(ciphertext, 0, ciphertext.length);
            return ciphertext.length;
        }

        byte[] decryptAndHash(final byte[] ciphertext, final int offset, final int length) throws NoiseException
        {
            final byte[] plaintext = cipher.decryptWithAd(h, ciphertext, offset, length);
            mixHash(ciphertext, offset, length);
            return plaintext;
        }
    }
}
