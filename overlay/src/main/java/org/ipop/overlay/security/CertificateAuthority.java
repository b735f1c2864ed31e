package org.ipop.overlay.security;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * A network CA: an Ed25519 key and its self-signed CA certificate. Issues node certificates ({@code ipop cert
 * sign}); tests use it to mint certificates.
 */
public final class CertificateAuthority
{
    private final NodeCertificate certificate;
    private final KeyPair keys;
    private final byte[] seed;
    private final SecureRandom random;

    private CertificateAuthority(final NodeCertificate certificate, final byte[] seed, final SecureRandom random)
    {
        this.certificate = certificate;
        this.seed = seed;
        this.keys = RawKeys.ed25519FromSeed(seed);
        this.random = random;
    }

    /**
     * Creates a new CA with a fresh key.
     *
     * @param name      the CA's name (1..63 of letters, digits, '.', '_', '-', space; starting with a letter or digit).
     * @param notBefore start of validity, epoch seconds.
     * @param notAfter  end of validity, epoch seconds.
     * @return the CA.
     * @throws IllegalArgumentException for a bad name or validity.
     */
    public static CertificateAuthority create(final String name, final long notBefore, final long notAfter)
    {
        return create(name, notBefore, notAfter, new SecureRandom());
    }

    /** As {@link #create(String, long, long)} with the given random source (for reproducible tests). */
    public static CertificateAuthority create(final String name, final long notBefore, final long notAfter,
        final SecureRandom random)
    {
        checkName(name);
        checkValidity(notBefore, notAfter);
        final KeyPair keys = RawKeys.ed25519(random);
        final byte[] seed = RawKeys.rawPrivate(keys.getPrivate());
        final NodeCertificate cert = NodeCertificate.sign(true, RawKeys.rawPublic(keys.getPublic()),
            new byte[RawKeys.KEY_LENGTH], name, List.of(), 0, notBefore, notAfter, null, keys.getPrivate());
        return new CertificateAuthority(cert, seed, random);
    }

    /**
     * Loads a CA from its certificate and key file.
     *
     * @param caCert the CA certificate.
     * @param caKey  the CA key file; mode 0600 or 0400.
     * @return the CA.
     * @throws IOException with a one-line message naming the file.
     */
    public static CertificateAuthority load(final Path caCert, final Path caKey) throws IOException
    {
        final NodeCertificate cert = KeyFiles.readCertificate(caCert);
        if (!cert.isCa())
        {
            throw new IOException(caCert + " is a node certificate, not a CA certificate");
        }
        final byte[] seed = KeyFiles.readKey(caKey, KeyFiles.CA_KEY_BEGIN, KeyFiles.CA_KEY_END, RawKeys.KEY_LENGTH);
        final KeyPair keys = RawKeys.ed25519FromSeed(seed);
        if (!Arrays.equals(RawKeys.rawPublic(keys.getPublic()), cert.identityKey()))
        {
            Arrays.fill(seed, (byte)0);
            throw new IOException("CA key file " + caKey + " does not match CA certificate " + caCert);
        }
        return new CertificateAuthority(cert, seed, new SecureRandom());
    }

    /** @return the CA certificate. */
    public NodeCertificate certificate()
    {
        return certificate;
    }

    /**
     * Issues a node certificate for fresh identity and agreement keys.
     *
     * @param name       host name (1..63 of letters, digits, '.', '_', '-').
     * @param namespaces namespaces the node may join (1..8, each letters, digits and '-').
     * @param virtualIp  fixed virtual IPv4 address, 0 for none.
     * @param notBefore  start of validity, epoch seconds.
     * @param notAfter   end of validity, epoch seconds; a certificate may outlive its CA but is refused once the CA
     *                   expires.
     * @return the certificate with its private keys.
     * @throws IllegalArgumentException for a bad field, with a one-line message.
     */
    public IssuedNode issue(final String name, final List<String> namespaces, final int virtualIp,
        final long notBefore, final long notAfter)
    {
        checkName(name);
        if (namespaces.isEmpty() || namespaces.size() > NodeCertificate.MAX_NAMESPACES)
        {
            throw new IllegalArgumentException("a node certificate lists 1.." + NodeCertificate.MAX_NAMESPACES +
                " namespaces, not " + namespaces.size());
        }
        for (final String namespace : namespaces)
        {
            if (!NodeCertificate.validNamespace(namespace))
            {
                throw new IllegalArgumentException("bad namespace '" + namespace +
                    "': 1..63 letters, digits and '-', starting with a letter or digit");
            }
        }
        if (namespaces.stream().distinct().count() != namespaces.size())
        {
            throw new IllegalArgumentException("a namespace is listed twice: " + namespaces);
        }
        checkValidity(notBefore, notAfter);
        final KeyPair identity = RawKeys.ed25519(random);
        final KeyPair agreement = RawKeys.x25519(random);
        final NodeCertificate cert = NodeCertificate.sign(false, RawKeys.rawPublic(identity.getPublic()),
            RawKeys.rawPublic(agreement.getPublic()), name, namespaces, virtualIp, notBefore, notAfter,
            certificate.rawFingerprint(), keys.getPrivate());
        return new IssuedNode(cert, RawKeys.rawPrivate(identity.getPrivate()), RawKeys.rawPrivate(agreement.getPrivate()));
    }

    /**
     * Signs a revocation of a certificate this CA issued (or any fingerprint: members act on what a CA they trust
     * signed).
     *
     * @param fingerprint hex SHA-256 fingerprint of the certificate revoked.
     * @param issuedAt    epoch seconds.
     * @return the signed statement.
     */
    public Revocation revoke(final String fingerprint, final long issuedAt)
    {
        return Revocation.issue(certificate, keys.getPrivate(), fingerprint, issuedAt);
    }

    /**
     * Writes the CA key file (mode 0600).
     *
     * @param file where; must not exist.
     * @throws IOException if it exists or cannot be written.
     */
    public void writeKeyFile(final Path file) throws IOException
    {
        KeyFiles.writeNew(file, NodeCertificate.Armour.encode(seed, KeyFiles.CA_KEY_BEGIN, KeyFiles.CA_KEY_END), true);
    }

    /**
     * Writes the CA certificate (text armour).
     *
     * @param file where; must not exist.
     * @throws IOException if it exists or cannot be written.
     */
    public void writeCertificateFile(final Path file) throws IOException
    {
        KeyFiles.writeNew(file, certificate.toText(), false);
    }

    private static void checkName(final String name)
    {
        if (!NodeCertificate.validName(name))
        {
            throw new IllegalArgumentException("bad name '" + name +
                "': 1..63 letters, digits, '.', '_', '-' or spaces, starting with a letter or digit");
        }
    }

    private static void checkValidity(final long notBefore, final long notAfter)
    {
        if (notAfter < notBefore)
        {
            throw new IllegalArgumentException("validity ends before it starts");
        }
    }
}
