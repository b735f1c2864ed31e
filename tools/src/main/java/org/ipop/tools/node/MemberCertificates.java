package org.ipop.tools.node;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.ipop.overlay.dht.signed.RecordOwnerCheck;
import org.ipop.overlay.security.CertificateException;
import org.ipop.overlay.security.CertificateStatus;
import org.ipop.overlay.security.NodeCertificate;
import org.ipop.overlay.security.TrustStore;

/**
 * The membership check of signed DHT records over the node's trust store: the certificate a record carries must be
 * valid now for the node's namespace (CA signature, validity, revocation) and name the identity key that signed the
 * record. Decoded certificates whose CA signature verified are remembered (bounded), since every claim record of a
 * member carries the same certificate and an Ed25519 check is slow on JDK 17; validity and revocation are checked
 * on every call. Control-plane thread only (or the one thread replaying a journal).
 */
public final class MemberCertificates implements RecordOwnerCheck
{
    /** Certificates remembered at most; the memory is cleared when full. */
    static final int MAX_REMEMBERED = 4096;

    private final TrustStore trust;
    private final String namespace;
    private final Map<ByteBuffer, NodeCertificate> verified = new HashMap<>();

    /**
     * @param trust     the CAs and revocations of the node.
     * @param namespace the node's namespace.
     */
    public MemberCertificates(final TrustStore trust, final String namespace)
    {
        this.trust = trust;
        this.namespace = namespace;
    }

    @Override
    public boolean isMember(final byte[] certificate, final byte[] identityKey, final long nowEpochMillis)
    {
        if (certificate == null || identityKey == null)
        {
            return false;
        }
        final long nowSeconds = nowEpochMillis / 1000;
        final ByteBuffer key = ByteBuffer.wrap(certificate);
        NodeCertificate cert = verified.get(key);
        if (cert == null)
        {
            try
            {
                cert = NodeCertificate.decode(certificate, 0, certificate.length);
            }
            catch (final CertificateException ex)
            {
                return false;
            }
            if (trust.check(cert, namespace, nowSeconds) != CertificateStatus.VALID)
            {
                return false;
            }
            if (verified.size() >= MAX_REMEMBERED)
            {
                verified.clear();
            }
            verified.put(ByteBuffer.wrap(certificate.clone()), cert);
        }
        else if (trust.isRevoked(cert.fingerprint()) || nowSeconds < cert.notBefore() || nowSeconds > cert.notAfter())
        {
            return false;
        }
        return !cert.isCa() && Arrays.equals(cert.identityKey(), identityKey);
    }
}
