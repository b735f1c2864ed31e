package org.ipop.overlay.security;

/** A Noise handshake or transport message that cannot be processed (bad length, failed DH or AEAD tag). */
public final class NoiseException extends Exception
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line saying what failed.
     */
    public NoiseException(final String message)
    {
        super(message);
    }
}
