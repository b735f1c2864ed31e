package org.ipop.overlay.security;

/** Outcome of {@link TrustStore#check}: {@link #VALID} or the first reason a certificate is refused. */
public enum CertificateStatus
{
    /** Signed by a trusted CA, within validity, not revoked, allowed in the namespace. */
    VALID,
    /** The issuer fingerprint names no CA of the trust store. */
    UNKNOWN_CA,
    /** The signature does not verify with the issuer's key. */
    BAD_SIGNATURE,
    /** The certificate (or its CA) is past its notAfter. */
    EXPIRED,
    /** The certificate (or its CA) is before its notBefore. */
    NOT_YET_VALID,
    /** The certificate's (or its CA's) fingerprint is on the revocation list. */
    REVOKED,
    /** The certificate does not list the namespace asked for. */
    WRONG_NAMESPACE,
    /** A CA certificate presented where a node certificate is needed. */
    NOT_A_NODE
}
