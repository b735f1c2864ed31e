package org.ipop.tap;

/** A setup call into the C library failed; the message names the call, the errno and what to do. */
public final class NativeException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int errno;

    public NativeException(final String message, final int errno)
    {
        super(message);
        this.errno = errno;
    }

    /** @return the positive errno value, or 0 when the failure was not a system call. */
    public int errno()
    {
        return errno;
    }
}
