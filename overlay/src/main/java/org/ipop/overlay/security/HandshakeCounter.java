package org.ipop.overlay.security;

/** What {@link EdgeHandshakes} counts: messages sent and received, and every reason a message is dropped. */
public enum HandshakeCounter
{
    /** INIT messages sent (first attempts and retransmissions). */
    INIT_SENT,
    /** INITs that passed mac1 (and mac2 under load) and were processed. */
    INIT_RECEIVED,
    /** RESPONSE messages sent. */
    RESPONSE_SENT,
    /** RESPONSEs that passed mac1 and matched a pending initiation. */
    RESPONSE_RECEIVED,
    /** Sessions established (either role). */
    ESTABLISHED,
    /** Messages whose mac1 is wrong: sent by a stranger that does not know the network's CAs (no DH done). */
    BAD_MAC1,
    /** COOKIE_REPLY messages sent while under load (no DH done). */
    COOKIE_SENT,
    /** COOKIE_REPLY messages accepted. */
    COOKIE_RECEIVED,
    /** COOKIE_REPLY messages that failed to decrypt. */
    BAD_COOKIE,
    /** INITs under load carrying a mac2 that is not the current cookie's (a cookie reply is sent again). */
    BAD_MAC2,
    /** RESPONSEs that failed Noise decryption or DH (forged, or answering an older INIT). */
    DECRYPT_FAILED,
    /** Peer certificates refused by the trust store (any reason; also counted by reason below). */
    BAD_CERTIFICATE,
    /** Refused: {@link CertificateStatus#UNKNOWN_CA}. */
    CERT_UNKNOWN_CA,
    /** Refused: {@link CertificateStatus#BAD_SIGNATURE}. */
    CERT_BAD_SIGNATURE,
    /** Refused: {@link CertificateStatus#EXPIRED}. */
    CERT_EXPIRED,
    /** Refused: {@link CertificateStatus#NOT_YET_VALID}. */
    CERT_NOT_YET_VALID,
    /** Refused: {@link CertificateStatus#REVOKED}. */
    CERT_REVOKED,
    /** Refused: {@link CertificateStatus#WRONG_NAMESPACE}. */
    CERT_WRONG_NAMESPACE,
    /** Refused: {@link CertificateStatus#NOT_A_NODE}. */
    CERT_NOT_A_NODE,
    /** The certificate's agreement key is not the Noise static key the peer used. */
    STATIC_KEY_MISMATCH,
    /** The peer presented this node's own address. */
    OWN_ADDRESS,
    /** An INIT whose timestamp is not newer than the latest accepted from that peer (a replay). */
    REPLAYED_TIMESTAMP,
    /** An INIT whose timestamp is more than {@link EdgeHandshakes#MAX_FUTURE_MS} ahead of this node's clock. */
    FUTURE_TIMESTAMP,
    /** INITs dropped because the listener had no free index. */
    NO_INDEX,
    /** RESPONSE or COOKIE_REPLY naming no pending initiation from that transport address. */
    UNKNOWN_INDEX,
    /** Messages of wrong length, type, reserved bits or undecodable certificate. */
    MALFORMED,
    /** Initiations given up after 20 s without an answer. */
    TIMED_OUT,
    /** X25519 agreements computed (the expensive work a flood tries to cause). */
    DH_COMPUTED
}
