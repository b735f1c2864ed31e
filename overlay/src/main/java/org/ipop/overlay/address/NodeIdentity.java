package org.ipop.overlay.address;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A node's long-lived identity: an Ed25519 key pair whose public key hashes (SHA-1) to the node's overlay
 * address, with the class bit set to {@link Address#NODE_CLASS}. Stored as a two-line text file (Base64
 * X.509 public key, Base64 PKCS#8 private key) so the address survives restarts.
 */
public final class NodeIdentity
{
    /** Length of a raw Ed25519 public key. */
    public static final int RAW_KEY_LENGTH = 32;
    /** The fixed X.509 (SubjectPublicKeyInfo) prefix of an Ed25519 public key: the raw 32 bytes follow it. */
    private static final byte[] X509_ED25519_PREFIX =
        {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private final KeyPair keyPair;
    private final Address address;

    private NodeIdentity(final KeyPair keyPair)
    {
        this.keyPair = keyPair;
        this.address = addressOf(keyPair.getPublic());
    }

    /**
     * Wraps an existing Ed25519 key pair (e.g. one bound by a certificate) without storing it anywhere.
     *
     * @param keyPair an Ed25519 key pair.
     * @return the identity whose address is {@link #addressOf} the public key.
     */
    public static NodeIdentity of(final KeyPair keyPair)
    {
        return new NodeIdentity(keyPair);
    }

    /**
     * Loads the identity stored at {@code file}, or creates and stores a new one if the file does not exist.
     *
     * @param file where the key pair lives.
     * @return the identity.
     * @throws IOException if the file cannot be read or written, or holds no valid key pair.
     */
    public static NodeIdentity loadOrCreate(final Path file) throws IOException
    {
        try
        {
            if (Files.exists(file))
            {
                final List<String> lines = Files.readAllLines(file);
                if (lines.size() < 2)
                {
                    throw new IOException("identity file is truncated: " + file);
                }
                final KeyFactory kf = KeyFactory.getInstance("Ed25519");
                final PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines.get(0))));
                final PrivateKey priv =
                    kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(1))));
                return new NodeIdentity(new KeyPair(pub, priv));
            }
            final KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            final String text = Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()) + "\n" +
                Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()) + "\n";
            final Path parent = file.toAbsolutePath().getParent();
            if (parent != null)
            {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text);
            return new NodeIdentity(kp);
        }
        catch (final GeneralSecurityException | IllegalArgumentException ex)
        {
            throw new IOException("invalid identity file " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @param publicKey a public key.
     * @return SHA-1 of its encoded form with the class bit set to {@link Address#NODE_CLASS}.
     */
    public static Address addressOf(final PublicKey publicKey)
    {
        try
        {
            final byte[] digest = MessageDigest.getInstance("SHA-1").digest(publicKey.getEncoded());
            return Address.fromBytes(digest).withClass(Address.NODE_CLASS);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("SHA-1 unavailable", ex);
        }
    }

    /**
     * @param rawKey a raw Ed25519 public key ({@link #RAW_KEY_LENGTH} bytes).
     * @return its X.509 encoding (what {@link #addressOf(PublicKey)} hashes).
     */
    public static byte[] x509OfRawKey(final byte[] rawKey)
    {
        if (rawKey.length != RAW_KEY_LENGTH)
        {
            throw new IllegalArgumentException("raw Ed25519 key must be 32 bytes: " + rawKey.length);
        }
        final byte[] encoded = new byte[X509_ED25519_PREFIX.length + RAW_KEY_LENGTH];
        System.arraycopy(X509_ED25519_PREFIX, 0, encoded, 0, X509_ED25519_PREFIX.length);
        System.arraycopy(rawKey, 0, encoded, X509_ED25519_PREFIX.length, RAW_KEY_LENGTH);
        return encoded;
    }

    /**
     * @param publicKey an Ed25519 public key.
     * @return its raw 32 bytes.
     * @throws IllegalArgumentException if it is not an Ed25519 key in the usual X.509 encoding.
     */
    public static byte[] rawKeyOf(final PublicKey publicKey)
    {
        final byte[] encoded = publicKey.getEncoded();
        if (encoded.length != X509_ED25519_PREFIX.length + RAW_KEY_LENGTH ||
            !Arrays.equals(encoded, 0, X509_ED25519_PREFIX.length, X509_ED25519_PREFIX, 0,
                X509_ED25519_PREFIX.length))
        {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(encoded, X509_ED25519_PREFIX.length, encoded.length);
    }

    /**
     * @param rawKey a raw Ed25519 public key ({@link #RAW_KEY_LENGTH} bytes).
     * @return the overlay address of the node holding it, as {@link #addressOf(PublicKey)}.
     */
    public static Address addressOfRawKey(final byte[] rawKey)
    {
        try
        {
            final byte[] digest = MessageDigest.getInstance("SHA-1").digest(x509OfRawKey(rawKey));
            return Address.fromBytes(digest).withClass(Address.NODE_CLASS);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("SHA-1 unavailable", ex);
        }
    }

    /** @return the overlay address derived from the public key. */
    public Address address()
    {
        return address;
    }

    /** @return the key pair. */
    public KeyPair keyPair()
    {
        return keyPair;
    }
}
