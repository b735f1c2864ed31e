package org.ipop.tools;

/** A failure the user can fix (e.g. missing privileges); printed as one line without a stack trace. */
public final class UserFacingException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public UserFacingException(final String message)
    {
        super(message);
    }
}
