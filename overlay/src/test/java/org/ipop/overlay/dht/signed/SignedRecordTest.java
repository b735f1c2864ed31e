package org.ipop.overlay.dht.signed;

import org.ipop.overlay.address.NodeIdentity;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignedRecordTest
{
    private static final byte[] KEY = "ip:lab:10.0.0.7".getBytes(StandardCharsets.UTF_8);
    private static final long EXPIRY = 1_800_000_000_000L;

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

    @Test
    void shouldLayOutAndReadBackEveryField()
    {
        final NodeIdentity id = newIdentity();
        final byte[] cert = "certificate".getBytes(StandardCharsets.US_ASCII);
        final RecordSigner signer = new RecordSigner(id, cert);
        final byte[] payload = id.address().toBytes();
        final byte[] value = signer.seal(KEY, payload, EXPIRY);

        final SignedRecord r = new SignedRecord();
        assertTrue(r.wrap(value));
        assertEquals(SignedRecord.OVERHEAD + cert.length + payload.length, value.length);
        assertArrayEquals(cert, r.certificate());
        assertArrayEquals(NodeIdentity.rawKeyOf(id.keyPair().getPublic()), r.identityKey());
        assertEquals(id.address(), NodeIdentity.addressOfRawKey(r.identityKey()), "owner address from the raw key");
        assertEquals(EXPIRY, r.expiryEpochMs());
        assertArrayEquals(payload, r.payload());
        assertArrayEquals(value, signer.seal(KEY, payload, EXPIRY), "Ed25519 signing is deterministic");
    }

    @Test
    void shouldVerifyOnlyTheSignedKeyDomainAndBytes()
    {
        final NodeIdentity id = newIdentity();
        final RecordSigner signer = new RecordSigner(id, new byte[0]);
        final RecordVerifier verifier = new RecordVerifier();
        final byte[] value = signer.seal(KEY, new byte[] {1, 2, 3, 4}, EXPIRY);
        final SignedRecord r = new SignedRecord();

        assertTrue(r.wrap(value));
        assertTrue(verifier.verify(r, SignedRecord.RECORD_DOMAIN, KEY));
        assertTrue(verifier.verify(r, SignedRecord.RECORD_DOMAIN, KEY), "remembered and still good");
        assertFalse(verifier.verify(r, SignedRecord.DELETE_DOMAIN, KEY), "a record is no delete token");
        assertFalse(verifier.verify(r, SignedRecord.RECORD_DOMAIN, "ip:lab:10.0.0.8".getBytes(StandardCharsets.UTF_8)),
            "a record cannot be moved to another key");

        for (final int at : new int[] {value.length - 1, value.length - 66, 4 + 3})
        {
            final byte[] tampered = value.clone();
            tampered[at] ^= 1;
            assertTrue(r.wrap(tampered));
            assertFalse(verifier.verify(r, SignedRecord.RECORD_DOMAIN, KEY), "tampered byte " + at);
        }
        final byte[] later = value.clone();
        later[4 + 32 + 7] ^= 1;     // expiry
        assertTrue(r.wrap(later));
        assertFalse(verifier.verify(r, SignedRecord.RECORD_DOMAIN, KEY), "a changed expiry breaks the signature");
    }

    @Test
    void shouldRefuseMalformedValues()
    {
        final SignedRecord r = new SignedRecord();
        final byte[] good = new RecordSigner(newIdentity(), new byte[10]).seal(KEY, new byte[20], EXPIRY);
        assertTrue(r.wrap(good));
        assertFalse(r.wrap(new byte[0]));
        assertFalse(r.wrap(Arrays.copyOf(good, good.length - 1)), "truncated");
        assertFalse(r.wrap(Arrays.copyOf(good, good.length + 1)), "trailing bytes");
        final byte[] version = good.clone();
        version[0] = 2;
        assertFalse(r.wrap(version));
        final byte[] hugeCert = good.clone();
        hugeCert[2] = 0x7F;
        assertFalse(r.wrap(hugeCert), "certificate length beyond the value");
        assertFalse(r.wrap("plain".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldMakeDeleteTokensOnlyForItsOwnRecords()
    {
        final RecordSigner mine = new RecordSigner(newIdentity(), new byte[0]);
        final RecordSigner other = new RecordSigner(newIdentity(), new byte[0]);
        final byte[] record = mine.seal(KEY, new byte[] {9}, EXPIRY);
        final byte[] token = mine.deleteTokenFor(KEY, record, EXPIRY);
        final SignedRecord r = new SignedRecord();
        assertTrue(r.wrap(token));
        assertTrue(new RecordVerifier().verify(r, SignedRecord.DELETE_DOMAIN, KEY));
        assertArrayEquals(new byte[] {9}, r.payload());
        assertNull(other.deleteTokenFor(KEY, record, EXPIRY));
    }
}
