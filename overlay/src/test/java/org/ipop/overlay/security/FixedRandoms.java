package org.ipop.overlay.security;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;

/** Random sources for tests: one that yields given keys in order, and a seeded reproducible one. */
final class FixedRandoms
{
    private FixedRandoms()
    {
    }

    /** @return a source that yields the given hex strings, one per {@code nextBytes} call, then fails. */
    static SecureRandom of(final String... hexValues)
    {
        final Deque<byte[]> values = new ArrayDeque<>();
        for (final String hex : hexValues)
        {
            values.add(RawKeys.hex(hex));
        }
        return new SecureRandom()
        {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(final byte[] bytes)
            {
                final byte[] next = values.remove();
                if (next.length != bytes.length)
                {
                    throw new IllegalStateException("asked for " + bytes.length + " bytes, next value has " + next.length);
                }
                System.arraycopy(next, 0, bytes, 0, bytes.length);
            }
        };
    }

    /** @return a reproducible source (SHA1PRNG seeded before first use). */
    static SecureRandom seeded(final long seed)
    {
        try
        {
            final SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        }
        catch (final java.security.NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
