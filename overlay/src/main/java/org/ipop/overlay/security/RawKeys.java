package org.ipop.overlay.security;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

import javax.crypto.KeyAgreement;

/**
 * Raw 32-byte Ed25519 and X25519 keys (RFC 8032 / RFC 7748 encodings) to and from JCA keys.
 * <p>
 * The JDK encodes these public keys as a fixed 12-byte X.509 prefix followed by the raw key, and private keys as
 * a fixed 16-byte PKCS#8 prefix followed by the raw seed or scalar, so conversion is a prefix away. A key pair for a
 * given private key is derived by handing the JDK's generator a random source that yields exactly those 32 bytes
 * (its generators draw the private key with one {@code nextBytes} of 32 bytes and derive the public key).
 */
final class RawKeys
{
    static final int KEY_LENGTH = 32;
    static final int SIGNATURE_LENGTH = 64;

    private static final byte[] ED25519_X509 = hex("302a300506032b6570032100");
    private static final byte[] X25519_X509 = hex("302a300506032b656e032100");
    private static final byte[] ED25519_PKCS8 = hex("302e020100300506032b657004220420");
    private static final byte[] X25519_PKCS8 = hex("302e020100300506032b656e04220420");

    private RawKeys()
    {
    }

    static byte[] rawPublic(final PublicKey key)
    {
        final byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - KEY_LENGTH, encoded.length);
    }

    static byte[] rawPrivate(final PrivateKey key)
    {
        final byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - KEY_LENGTH, encoded.length);
    }

    static PublicKey ed25519Public(final byte[] raw) throws GeneralSecurityException
    {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(ED25519_X509, raw)));
    }

    static PublicKey x25519Public(final byte[] raw) throws GeneralSecurityException
    {
        return KeyFactory.getInstance("X25519").generatePublic(new X509EncodedKeySpec(concat(X25519_X509, raw)));
    }

    static PrivateKey x25519Private(final byte[] raw) throws GeneralSecurityException
    {
        return KeyFactory.getInstance("X25519").generatePrivate(new PKCS8EncodedKeySpec(concat(X25519_PKCS8, raw)));
    }

    static PrivateKey ed25519Private(final byte[] raw) throws GeneralSecurityException
    {
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(ED25519_PKCS8, raw)));
    }

    /** A fresh Ed25519 key pair drawn from {@code random}. */
    static KeyPair ed25519(final SecureRandom random)
    {
        return generate("Ed25519", random);
    }

    /** A fresh X25519 key pair drawn from {@code random}. */
    static KeyPair x25519(final SecureRandom random)
    {
        return generate("X25519", random);
    }

    /** The Ed25519 key pair of a 32-byte seed. */
    static KeyPair ed25519FromSeed(final byte[] seed)
    {
        return generate("Ed25519", new FixedRandom(seed));
    }

    /** The X25519 key pair of a 32-byte private scalar. */
    static KeyPair x25519FromPrivate(final byte[] scalar)
    {
        return generate("X25519", new FixedRandom(scalar));
    }

    static byte[] sign(final PrivateKey key, final byte[] data, final int length)
    {
        try
        {
            final Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(data, 0, length);
            return signature.sign();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("Ed25519 signing failed", ex);
        }
    }

    /** @return whether {@code sig} is a valid signature by raw Ed25519 key {@code publicKey}; false for bad keys. */
    static boolean verify(final byte[] publicKey, final byte[] data, final int length, final byte[] sig)
    {
        try
        {
            final Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(ed25519Public(publicKey));
            signature.update(data, 0, length);
            return signature.verify(sig);
        }
        catch (final GeneralSecurityException | RuntimeException ex)
        {
            return false;
        }
    }

    /**
     * X25519.
     *
     * @return the 32-byte shared secret.
     * @throws GeneralSecurityException for a public key of small order (an all-zero result) or a bad key.
     */
    static byte[] dh(final PrivateKey privateKey, final byte[] publicKey) throws GeneralSecurityException
    {
        final KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        agreement.init(privateKey);
        agreement.doPhase(x25519Public(publicKey), true);
        return agreement.generateSecret();
    }

    static byte[] hex(final String text)
    {
        final byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = (byte)Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static String hex(final byte[] bytes)
    {
        final StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (final byte b : bytes)
        {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }

    private static byte[] concat(final byte[] prefix, final byte[] raw) throws GeneralSecurityException
    {
        if (raw.length != KEY_LENGTH)
        {
            throw new GeneralSecurityException("a raw key has 32 bytes, not " + raw.length);
        }
        final byte[] out = Arrays.copyOf(prefix, prefix.length + KEY_LENGTH);
        System.arraycopy(raw, 0, out, prefix.length, KEY_LENGTH);
        return out;
    }

    private static KeyPair generate(final String algorithm, final SecureRandom random)
    {
        try
        {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(new NamedParameterSpec(algorithm), random);
            return generator.generateKeyPair();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(algorithm + " unavailable", ex);
        }
    }

    /** Yields the given bytes once: makes the JDK's generators derive the key pair of a known private key. */
    private static final class FixedRandom extends SecureRandom
    {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;
        private boolean used;

        FixedRandom(final byte[] bytes)
        {
            super();
            if (bytes.length != KEY_LENGTH)
            {
                throw new IllegalArgumentException("a private key has 32 bytes, not " + bytes.length);
            }
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(final byte[] out)
        {
            if (used || out.length != bytes.length)
            {
                throw new IllegalStateException("the key generator asked for other bytes than one private key");
            }
            used = true;
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }
}
