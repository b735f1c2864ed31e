package org.ipop.tap;

/**
 * An eventfd one thread rings to wake another that is blocked in {@link PollableDescriptor#awaitReadable(int,
 * int, long)} with the doorbell among its descriptors: how a ring-buffer producer wakes a consumer that sleeps
 * in the kernel on its device, its socket and its doorbell with no timeout. Deciding <em>when</em> to ring (only
 * when the consumer has said it is about to block) is the caller's part; this class is the descriptor.
 * <p>
 * Threading: {@link #ring()} from any thread; {@link #drain()} and waiting by the consumer thread;
 * {@link #close()} once both have stopped. No method allocates.
 */
public final class Doorbell extends NativeHandle
{
    Doorbell(final int fd, final DescriptorCalls calls)
    {
        super(fd, calls);
    }

    /**
     * Makes the doorbell readable, ending a wait on it (now or the next one). Rings are not counted: many
     * rings before a drain wake the consumer once.
     *
     * @return 0, or {@code -EBADF} once closed.
     */
    public int ring()
    {
        return calls.doorbellRing(fd);
    }

    /**
     * Clears the doorbell so the next wait blocks until it is rung again.
     *
     * @return 1 when it had been rung since the last drain, 0 when not, {@code -EBADF} once closed.
     */
    public int drain()
    {
        return calls.doorbellDrain(fd);
    }

    @Override
    String describe()
    {
        return "doorbell";
    }

    @Override
    public String toString()
    {
        return "Doorbell{fd=" + fd + "}";
    }
}
