package org.ipop.overlay.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class CookieCheckerTest
{
    private static final long SECOND = 1_000_000_000L;
    private final byte[] key = new byte[32];
    private final CookieChecker checker = new CookieChecker(FixedRandoms.seeded(9), key, 2);

    @Test
    void shouldBeUnderLoadOnlyAboveTheThresholdWithinOneSecond()
    {
        assertFalse(checker.countAndCheckLoad(10 * SECOND));
        assertFalse(checker.countAndCheckLoad(10 * SECOND + 1));
        assertTrue(checker.countAndCheckLoad(10 * SECOND + 2));
        assertFalse(checker.countAndCheckLoad(11 * SECOND));
    }

    @Test
    void shouldBindCookiesToTheAddressAndRotateTheSecretEvery120Seconds()
    {
        final byte[] first = checker.cookie(1L, 0);

        assertArrayEquals(first, checker.cookie(1L, CookieChecker.SECRET_LIFETIME_NS - 1));
        assertFalse(Arrays.equals(first, checker.cookie(2L, CookieChecker.SECRET_LIFETIME_NS - 1)));
        assertFalse(Arrays.equals(first, checker.cookie(1L, CookieChecker.SECRET_LIFETIME_NS)));
    }

    @Test
    void shouldOpenAReplyOnlyWithTheMac1ItAnswers()
    {
        final byte[] mac1 = new byte[16];
        final byte[] reply = checker.reply(7, 1L, mac1, 0);

        assertArrayEquals(checker.cookie(1L, 0), CookieChecker.open(key, reply, mac1));
        final byte[] otherMac1 = mac1.clone();
        otherMac1[0] = 1;
        assertNull(CookieChecker.open(key, reply, otherMac1));
        assertNull(CookieChecker.open(key, flip(reply, 30), mac1));
    }

    private static byte[] flip(final byte[] bytes, final int index)
    {
        final byte[] copy = bytes.clone();
        copy[index] ^= 1;
        return copy;
    }
}
