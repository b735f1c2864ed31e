package org.ipop.overlay.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class NoiseIxTest
{
    private static final byte[] PROLOGUE = "test".getBytes(StandardCharsets.US_ASCII);

    /**
     * The Noise_IX_25519_AESGCM_SHA256 vector of the cacophony test vectors (as shipped in the snow crate's
     * tests/vectors/cacophony.txt): fixed static and ephemeral keys, prologue "John Galt", two handshake messages
     * and four transport messages.
     */
    @Test
    void shouldReproduceTheCacophonyTestVector()
    {
        final byte[] prologue = RawKeys.hex("4a6f686e2047616c74");
        final NoiseIx initiator = NoiseIx.initiator(
            RawKeys.hex("e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1"), prologue,
            FixedRandoms.of("893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a"));
        final NoiseIx responder = NoiseIx.responder(
            RawKeys.hex("4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893"), prologue,
            FixedRandoms.of("bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b"));

        final byte[] msg1 = assertDoesNotThrowNoise(() -> initiator.writeMessage(RawKeys.hex("4c756477696720766f6e204d69736573")));
        assertEquals("ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c79446bc3822a2aa7f4e6981d6538692b3cdf" +
            "3e6df9eea6ed269eb41d93c22757b75a4c756477696720766f6e204d69736573", RawKeys.hex(msg1));
        assertEquals("4c756477696720766f6e204d69736573",
            RawKeys.hex(assertDoesNotThrowNoise(() -> responder.readMessage(msg1, 0, msg1.length))));

        final byte[] msg2 = assertDoesNotThrowNoise(() -> responder.writeMessage(RawKeys.hex("4d757272617920526f746862617264")));
        assertEquals("95ebc60d2b1fa672c1f46a8aa265ef51bfe38e7ccb39ec5be34069f14480884381f5e7fd3177b25f05504a881c3d9abb" +
            "4ceaa6e8ab72f7925bc1ecee7f533d4d83453c68b45114148f3d11c0281c89906e4c23267b3d038eeb789a7ade71edd08ef1" +
            "2236e741eda973e5baba4bc005", RawKeys.hex(msg2));
        assertEquals("4d757272617920526f746862617264",
            RawKeys.hex(assertDoesNotThrowNoise(() -> initiator.readMessage(msg2, 0, msg2.length))));

        final String hash = "a59954350219531eec9452c90afca10db17192bbd066a936c89f81490a77ba05";
        assertEquals(hash, RawKeys.hex(initiator.handshakeHash()));
        assertEquals(hash, RawKeys.hex(responder.handshakeHash()));

        final byte[][] keys = initiator.splitKeys();
        final NoiseIx.CipherState c1 = new NoiseIx.CipherState(keys[0]);
        final NoiseIx.CipherState c2 = new NoiseIx.CipherState(keys[1]);
        assertEquals("60faff0c912ae6003ff00295f240b28e8f68f3442e26661701cd7f", transport(c1, "462e20412e20486179656b"));
        assertEquals("746cac398c37a680d8ee7836a7826a164383f562bcac347bbde807", transport(c2, "4361726c204d656e676572"));
        assertEquals("4b5e9102aea574262f84bcb6bb32ff74447d843d389811990b5a55bd450708f2fc",
            transport(c1, "4a65616e2d426170746973746520536179"));
        assertEquals("c70aa2cb23b02335b30b44e46da0c9ec2569bfaf389431a92566c794787ce9c7702d7f7bdb",
            transport(c2, "457567656e2042f6686d20766f6e2042617765726b"));
        assertArrayEquals(keys[0], responder.splitKeys()[0]);
    }

    @Test
    void shouldAgreeOnKeysAndLearnEachOthersStaticKey() throws NoiseException
    {
        final SecureRandom random = new SecureRandom();
        final byte[] initiatorStatic = RawKeys.rawPrivate(RawKeys.x25519(random).getPrivate());
        final byte[] responderStatic = RawKeys.rawPrivate(RawKeys.x25519(random).getPrivate());
        final NoiseIx initiator = NoiseIx.initiator(initiatorStatic, PROLOGUE, random);
        final NoiseIx responder = NoiseIx.responder(responderStatic, PROLOGUE, random);

        final byte[] msg1 = initiator.writeMessage(new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, responder.readMessage(msg1, 0, msg1.length));
        final byte[] msg2 = responder.writeMessage(new byte[] {4, 5});
        assertArrayEquals(new byte[] {4, 5}, initiator.readMessage(msg2, 0, msg2.length));

        assertArrayEquals(RawKeys.rawPublic(RawKeys.x25519FromPrivate(initiatorStatic).getPublic()), responder.remoteStatic());
        assertArrayEquals(RawKeys.rawPublic(RawKeys.x25519FromPrivate(responderStatic).getPublic()), initiator.remoteStatic());
        final byte[][] a = initiator.splitKeys();
        final byte[][] b = responder.splitKeys();
        assertArrayEquals(a[0], b[0]);
        assertArrayEquals(a[1], b[1]);
        assertFalse(java.util.Arrays.equals(a[0], a[1]));
        assertEquals(3, responder.dhCount());
        assertEquals(3, initiator.dhCount());
        assertThrows(IllegalStateException.class, initiator::splitKeys);
    }

    @Test
    void shouldRejectATamperedSecondMessage() throws NoiseException
    {
        final SecureRandom random = new SecureRandom();
        for (final int position : new int[] {0, 40, 80, 100})
        {
            final NoiseIx initiator = NoiseIx.initiator(RawKeys.rawPrivate(RawKeys.x25519(random).getPrivate()), PROLOGUE, random);
            final NoiseIx responder = NoiseIx.responder(RawKeys.rawPrivate(RawKeys.x25519(random).getPrivate()), PROLOGUE, random);
            final byte[] msg1 = initiator.writeMessage(new byte[8]);
            responder.readMessage(msg1, 0, msg1.length);
            final byte[] msg2 = responder.writeMessage(new byte[8]);
            msg2[position] ^= 1;

            assertThrows(NoiseException.class, () -> initiator.readMessage(msg2, 0, msg2.length), "flipped byte " + position);
        }
    }

    @Test
    void shouldFailWhenTheFirstMessageWasTamperedOrProloguesDiffer() throws NoiseException
    {
        final SecureRandom random = new SecureRandom();
        final NoiseIx initiator = NoiseIx.initiator(RawKeys.rawPrivate(RawKeys.x25519(random).getPrivate()), PROLOGUE, random);
        final NoiseIx responder = NoiseIx.responder(RawKeys.rawPrivate(RawKeys.x25519(random).getPrivate()),
            "other".getBytes(StandardCharsets.US_ASCII), random);
        final byte[] msg1 = initiator.writeMessage(new byte[8]);
        responder.readMessage(msg1, 0, msg1.length);
        final byte[] msg2 = responder.writeMessage(new byte[8]);

        assertThrows(NoiseException.class, () -> initiator.readMessage(msg2, 0, msg2.length));
    }

    @Test
    void shouldRefuseShortMessagesAndOutOfTurnCalls()
    {
        final SecureRandom random = new SecureRandom();
        final NoiseIx responder = NoiseIx.responder(RawKeys.rawPrivate(RawKeys.x25519(random).getPrivate()), PROLOGUE, random);

        assertThrows(NoiseException.class, () -> responder.readMessage(new byte[63], 0, 63));
        assertThrows(NoiseException.class, () -> responder.writeMessage(new byte[0]));
    }

    private static String transport(final NoiseIx.CipherState cipher, final String payloadHex)
    {
        final byte[] payload = RawKeys.hex(payloadHex);
        return RawKeys.hex(cipher.encryptWithAd(new byte[0], payload, 0, payload.length));
    }

    private static byte[] assertDoesNotThrowNoise(final NoiseCall call)
    {
        try
        {
            return call.run();
        }
        catch (final NoiseException ex)
        {
            throw new AssertionError(ex.getMessage(), ex);
        }
    }

    /** A step of the handshake that may throw. */
    private interface NoiseCall
    {
        byte[] run() throws NoiseException;
    }
}
