package org.ipop.overlay.security;

import java.io.IOException;
import java.nio.file.Path;

/** A node certificate freshly issued by a {@link CertificateAuthority}, with the private keys it binds. */
public final class IssuedNode
{
    private final NodeCertificate certificate;
    private final byte[] identitySeed;
    private final byte[] agreementPrivate;

    IssuedNode(final NodeCertificate certificate, final byte[] identitySeed, final byte[] agreementPrivate)
    {
        this.certificate = certificate;
        this.identitySeed = identitySeed;
        this.agreementPrivate = agreementPrivate;
    }

    /** @return the signed certificate. */
    public NodeCertificate certificate()
    {
        return certificate;
    }

    /** @return the credentials a node runs with (certificate and private keys), without touching any file. */
    public NodeCredentials credentials()
    {
        return NodeCredentials.of(certificate, identitySeed, agreementPrivate);
    }

    /**
     * Writes the node key file (mode 0600).
     *
     * @param file where; must not exist.
     * @throws IOException if it exists or cannot be written.
     */
    public void writeKeyFile(final Path file) throws IOException
    {
        KeyFiles.writeNew(file, NodeCredentials.keyFileText(identitySeed, agreementPrivate), true);
    }

    /**
     * Writes the certificate (text armour).
     *
     * @param file where; must not exist.
     * @throws IOException if it exists or cannot be written.
     */
    public void writeCertificateFile(final Path file) throws IOException
    {
        KeyFiles.writeNew(file, certificate.toText(), false);
    }
}
