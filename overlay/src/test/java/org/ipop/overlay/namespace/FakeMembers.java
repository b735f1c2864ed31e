package org.ipop.overlay.namespace;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.NodeIdentity;
import org.ipop.overlay.dht.signed.RecordOwnerCheck;
import org.ipop.overlay.dht.signed.RecordSigner;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A stand-in for the certificate trust store: a member is an identity key admitted here whose record carries the
 * "certificate" this class issued for it.
 */
final class FakeMembers implements RecordOwnerCheck
{
    private final Set<ByteBuffer> members = new HashSet<>();

    static NodeIdentity newIdentity()
    {
        try
        {
            return NodeIdentity.of(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    static byte[] certificateOf(final NodeIdentity id)
    {
        return certificateOf(id.address());
    }

    /** @return a signer of a new identity admitted as a member. */
    RecordSigner newMember()
    {
        final NodeIdentity id = newIdentity();
        members.add(ByteBuffer.wrap(NodeIdentity.rawKeyOf(id.keyPair().getPublic())));
        return new RecordSigner(id, certificateOf(id));
    }

    /** @return a signer of a new identity that is not a member (its certificate looks right). */
    static RecordSigner newStranger()
    {
        final NodeIdentity id = newIdentity();
        return new RecordSigner(id, certificateOf(id));
    }

    @Override
    public boolean isMember(final byte[] certificate, final byte[] identityKey, final long nowEpochMillis)
    {
        return members.contains(ByteBuffer.wrap(identityKey)) &&
            Arrays.equals(certificate, certificateOf(NodeIdentity.addressOfRawKey(identityKey)));
    }

    private static byte[] certificateOf(final Address address)
    {
        return ("cert:" + address).getBytes(StandardCharsets.US_ASCII);
    }
}
