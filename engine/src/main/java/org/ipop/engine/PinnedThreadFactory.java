package org.ipop.engine;

import net.openhft.affinity.Affinity;

import java.util.BitSet;
import java.util.concurrent.ThreadFactory;

/**
 * Creates threads that pin themselves to a CPU set (OpenHFT affinity, {@code sched_setaffinity}) before
 * running. If pinning fails (no native support), the failure goes to the handler and the thread runs
 * unpinned.
 */
public final class PinnedThreadFactory implements ThreadFactory
{
    private final BitSet cpus;
    private final String name;
    private final org.agrona.ErrorHandler errorHandler;

    /**
     * @param cpus         CPUs the thread may run on; not copied, do not change it afterwards.
     * @param name         thread name.
     * @param errorHandler receives a pinning failure.
     */
    public PinnedThreadFactory(final BitSet cpus, final String name, final org.agrona.ErrorHandler errorHandler)
    {
        this.cpus = cpus;
        this.name = name;
        this.errorHandler = errorHandler;
    }

    /**
     * Parses a CPU list such as {@code 0}, {@code 1,3} or {@code 0-2,5}.
     *
     * @return the set, empty for an empty or null string.
     * @throws IllegalArgumentException for a malformed list.
     */
    public static BitSet parseCpuList(final String list)
    {
        final BitSet cpus = new BitSet();
        if (null == list || list.isBlank())
        {
            return cpus;
        }
        for (final String part : list.split(","))
        {
            final String item = part.trim();
            try
            {
                final int dash = item.indexOf('-');
                if (dash > 0)
                {
                    final int from = Integer.parseInt(item.substring(0, dash));
                    final int to = Integer.parseInt(item.substring(dash + 1));
                    if (from < 0 || to < from)
                    {
                        throw new IllegalArgumentException("bad CPU range '" + item + "' in: " + list);
                    }
                    cpus.set(from, to + 1);
                }
                else
                {
                    final int cpu = Integer.parseInt(item);
                    if (cpu < 0)
                    {
                        throw new IllegalArgumentException("bad CPU '" + item + "' in: " + list);
                    }
                    cpus.set(cpu);
                }
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("bad CPU list (expected e.g. 0,2-3): " + list, ex);
            }
        }
        return cpus;
    }

    @Override
    public Thread newThread(final Runnable runnable)
    {
        final Thread thread = new Thread(new PinningRunnable(runnable), name);
        thread.setDaemon(false);
        return thread;
    }

    private final class PinningRunnable implements Runnable
    {
        private final Runnable delegate;

        PinningRunnable(final Runnable delegate)
        {
            this.delegate = delegate;
        }

        @Override
        public void run()
        {
            try
            {
                Affinity.setAffinity(cpus);
            }
            catch (final Throwable ex)
            {
                errorHandler.onError(new IllegalStateException("could not pin " + name + " to CPUs " + cpus, ex));
            }
            delegate.run();
        }
    }
}
