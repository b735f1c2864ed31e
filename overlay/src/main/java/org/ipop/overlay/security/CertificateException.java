package org.ipop.overlay.security;

/** A certificate (or its text armour) that cannot be decoded; the message is one line a person can act on. */
public final class CertificateException extends Exception
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line saying what is wrong.
     */
    public CertificateException(final String message)
    {
        super(message);
    }
}
