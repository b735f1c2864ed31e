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
import java.util.Base64;
import java.util.List;

/**
 * A node's long-lived identity: an Ed25519 key pair whose public key hashes (SHA-1) to the node's overlay
 * address, with the class bit set to {@link Address#NODE_CLASS}. Stored as a two-line text file (Base64
 * X.509 public key, Base64 PKCS#8 private key) so the address survives restarts.
 */
public final class NodeIdentity
{
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
