package org.ipop.engine.agent;

import org.agrona.ErrorHandler;
import org.ipop.tap.Errno;
import org.ipop.tap.NativeException;

/**
 * Turns {@code -errno} results of one hot-path operation into error-log entries without allocating per
 * failure: an exception is built only when the errno differs from the previous one reported, so a device
 * failing the same way a million times costs one entry (the counters carry the totals). One per agent and
 * operation; not thread safe.
 */
final class ErrnoReporter
{
    private final String operation;
    private final ErrorHandler errorHandler;
    private int lastErrno;

    ErrnoReporter(final String operation, final ErrorHandler errorHandler)
    {
        this.operation = operation;
        this.errorHandler = errorHandler;
    }

    /** @return true when the errno is transient (EAGAIN, EINTR) and not an error at all. */
    static boolean isTransient(final int errno)
    {
        return Errno.EAGAIN == errno || Errno.EINTR == errno;
    }

    /** Reports a positive errno value. */
    void onErrno(final int errno)
    {
        if (errno != lastErrno)
        {
            lastErrno = errno;
            errorHandler.onError(new NativeException(operation + " failed: " + Errno.name(errno), errno));
        }
    }
}
