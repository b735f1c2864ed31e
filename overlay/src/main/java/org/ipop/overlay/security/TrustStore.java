package org.ipop.overlay.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CA certificates a node trusts and the fingerprints it refuses (revoked certificates, node or CA).
 * <p>
 * Only self-signed root CAs are trusted (no intermediates). Revocations may be added at run time with
 * {@link #revoke}; the revocation set is read and written from the control-plane thread (it is not synchronized
 * beyond {@link Collections#synchronizedSet} so that another thread may read {@link #revoked()} for display).
 */
public final class TrustStore
{
    private final Map<String, NodeCertificate> cas;
    private final Set<String> revoked = Collections.synchronizedSet(new HashSet<>());
    private final byte[] networkKey;

    private TrustStore(final Map<String, NodeCertificate> cas, final Collection<String> revoked)
    {
        this.cas = cas;
        for (final String fingerprint : revoked)
        {
            revoke(fingerprint);
        }
        final List<String> sorted = new ArrayList<>(cas.keySet());
        Collections.sort(sorted);
        this.networkKey = NodeCertificate.sha256(String.join("", sorted).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * @param cas                 trusted CA certificates: each a self-signed root whose signature verifies.
     * @param revokedFingerprints fingerprints (hex, any case) of revoked certificates.
     * @return the trust store.
     * @throws IllegalArgumentException if there is no CA, or one is not a valid self-signed CA certificate.
     */
    public static TrustStore of(final List<NodeCertificate> cas, final Collection<String> revokedFingerprints)
    {
        if (cas.isEmpty())
        {
            throw new IllegalArgumentException("a trust store needs at least one CA certificate");
        }
        final Map<String, NodeCertificate> byFingerprint = new HashMap<>();
        for (final NodeCertificate ca : cas)
        {
            if (!ca.isCa() || !ca.issuer().isEmpty() || !ca.verifiedBy(ca.identityKey()))
            {
                throw new IllegalArgumentException("not a valid self-signed CA certificate: " + ca);
            }
            byFingerprint.put(ca.fingerprint(), ca);
        }
        return new TrustStore(byFingerprint, revokedFingerprints);
    }

    /**
     * Reads CA certificate files (text armour) into a trust store.
     *
     * @param caFiles             CA certificate files.
     * @param revokedFingerprints fingerprints (hex) of revoked certificates.
     * @return the trust store.
     * @throws IOException with a one-line message naming the file that is missing, malformed or not a root CA.
     */
    public static TrustStore load(final Collection<Path> caFiles, final Collection<String> revokedFingerprints)
        throws IOException
    {
        final List<NodeCertificate> cas = new ArrayList<>();
        for (final Path file : caFiles)
        {
            final NodeCertificate ca = KeyFiles.readCertificate(file);
            if (!ca.isCa() || !ca.issuer().isEmpty() || !ca.verifiedBy(ca.identityKey()))
            {
                throw new IOException(file + " is not a valid self-signed CA certificate");
            }
            cas.add(ca);
        }
        try
        {
            return of(cas, revokedFingerprints);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IOException(ex.getMessage(), ex);
        }
    }

    /**
     * Checks a node certificate. Order of checks (the first failing one is the answer): CA presented as a node,
     * revoked, issuer unknown, signature, issuer revoked, validity of the certificate then of its CA, namespace.
     *
     * @param cert             the certificate a peer presented.
     * @param namespace        the namespace it must list, or null for any.
     * @param nowEpochSeconds  the current time.
     * @return {@link CertificateStatus#VALID} or the reason it is refused.
     */
    public CertificateStatus check(final NodeCertificate cert, final String namespace, final long nowEpochSeconds)
    {
        if (cert.isCa())
        {
            return CertificateStatus.NOT_A_NODE;
        }
        if (isRevoked(cert.fingerprint()))
        {
            return CertificateStatus.REVOKED;
        }
        final NodeCertificate ca = cas.get(cert.issuer());
        if (ca == null)
        {
            return CertificateStatus.UNKNOWN_CA;
        }
        if (!cert.verifiedBy(ca.identityKey()))
        {
            return CertificateStatus.BAD_SIGNATURE;
        }
        if (isRevoked(ca.fingerprint()))
        {
            return CertificateStatus.REVOKED;
        }
        if (nowEpochSeconds > cert.notAfter() || nowEpochSeconds > ca.notAfter())
        {
            return CertificateStatus.EXPIRED;
        }
        if (nowEpochSeconds < cert.notBefore() || nowEpochSeconds < ca.notBefore())
        {
            return CertificateStatus.NOT_YET_VALID;
        }
        if (namespace != null && !cert.namespaces().contains(namespace))
        {
            return CertificateStatus.WRONG_NAMESPACE;
        }
        return CertificateStatus.VALID;
    }

    /**
     * Adds a fingerprint to the revocation list; certificates with it fail {@link #check} from now on.
     *
     * @param fingerprint hex SHA-256 (any case).
     * @throws IllegalArgumentException if it is not 64 hex digits.
     */
    public void revoke(final String fingerprint)
    {
        revoked.add(normalise(fingerprint));
    }

    /** @return whether the fingerprint (hex, any case) is revoked. */
    public boolean isRevoked(final String fingerprint)
    {
        return revoked.contains(fingerprint.toLowerCase(java.util.Locale.ROOT));
    }

    /** @return a snapshot of the revoked fingerprints (lower-case hex). */
    public Set<String> revoked()
    {
        synchronized (revoked)
        {
            return Set.copyOf(revoked);
        }
    }

    /** @return the trusted CA certificates. */
    public Collection<NodeCertificate> cas()
    {
        return Collections.unmodifiableCollection(cas.values());
    }

    /**
     * @return a copy of SHA-256 over the trusted CA fingerprints (lower-case hex, sorted, concatenated as ASCII):
     *         the secret-ish material every member knows, used for mac1 and cookie keys.
     */
    public byte[] networkKey()
    {
        return networkKey.clone();
    }

    private static String normalise(final String fingerprint)
    {
        final String lower = fingerprint.strip().toLowerCase(java.util.Locale.ROOT);
        if (!lower.matches("[0-9a-f]{64}"))
        {
            throw new IllegalArgumentException("a fingerprint is 64 hex digits: " + fingerprint);
        }
        return lower;
    }
}
