package org.ipop.overlay.dht.signed;

/**
 * Decides whether the owner of a signed record is a member of the network: implemented over the node's certificate
 * trust store (CA certificates, revocations). Must not throw on hostile input. Threading: the control-plane thread.
 */
@FunctionalInterface
public interface RecordOwnerCheck
{
    /**
     * @param certificate    the certificate carried in the record (opaque encoded bytes, possibly hostile).
     * @param identityKey    the raw Ed25519 identity key (32 bytes) that signed the record.
     * @param nowEpochMillis current time, epoch milliseconds.
     * @return true when the certificate is a valid member certificate for that identity key at that time.
     */
    boolean isMember(byte[] certificate, byte[] identityKey, long nowEpochMillis);
}
