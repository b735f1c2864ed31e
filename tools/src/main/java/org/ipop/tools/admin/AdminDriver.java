package org.ipop.tools.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.ipop.tools.UserFacingException;

/**
 * The node's end of the admin channel: an embedded Aeron media driver in {@code <run-dir>/<tap>.aeron} (IPC
 * only, one shared thread that sleeps 10 ms when idle (about 1% of a core), 64 KiB IPC terms, directory deleted on start and on
 * shutdown), an Aeron client whose conductor is run by the caller through {@link #clientInvoker()} (no thread
 * of its own), the request subscription and the response publication.
 * <p>
 * <b>Access control:</b> the directory is set to mode 0700 once the driver has created it, inside a run
 * directory that is 0700 too, so only the node's user or root can open the channel.
 * <p>
 * Launch and close on one thread; in between only the thread that runs {@link #clientInvoker()} uses the
 * subscription and publication.
 */
public final class AdminDriver implements AutoCloseable
{
    private static final long DRIVER_TIMEOUT_MS = 10_000;
    /**
     * The driver thread's sleep when idle: admin requests are rare and need no microsecond latency, and each
     * wake-up of the driver costs about 0.2 ms of CPU (at 10 ms it was half of an idle node's CPU time; at 100 ms
     * it is 0.2-0.3% of a core).
     * Requests and responses flow through IPC log buffers without the driver; only a client's connect and
     * its publication and subscription setup wait for it.
     */
    private static final long IDLE_SLEEP_MS = 100;

    private final Path directory;
    private MediaDriver driver;
    private Aeron aeron;
    private Subscription requests;
    private Publication responses;

    private AdminDriver(final Path directory)
    {
        this.directory = directory;
    }

    /**
     * Starts the driver and the channel's node end.
     *
     * @param directory    the Aeron directory (see {@link AdminChannel#aeronDir}); its parent must exist.
     * @param errorHandler receives driver and client errors (on their threads).
     * @return the running channel end.
     * @throws UserFacingException when another live driver already uses {@code directory} (a node with the
     *                             same TAP and run directory) or the driver cannot start.
     */
    public static AdminDriver launch(final Path directory, final ErrorHandler errorHandler)
    {
        final String dir = directory.toAbsolutePath().toString();
        if (Files.isDirectory(directory) && CommonContext.isDriverActive(directory.toFile(), AdminChannel.LIVENESS_TIMEOUT_MS, s -> { }))
        {
            throw new UserFacingException("another node already runs with this TAP and run directory (its admin channel " +
                directory + " is live)");
        }
        final AdminDriver admin = new AdminDriver(directory);
        try
        {
            admin.driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(dir)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new SleepingMillisIdleStrategy(IDLE_SLEEP_MS))
                .asyncExecutorEnabled(false)   // its polling thread would cost more than the driver itself
                .ipcTermBufferLength(AdminChannel.REQUEST_TERM_LENGTH)
                .termBufferSparseFile(true)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .warnIfDirectoryExists(false)
                .printConfigurationOnStart(false)
                .driverTimeoutMs(DRIVER_TIMEOUT_MS)
                .errorHandler(errorHandler));
            restrict(directory);
            admin.aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(dir)
                .useConductorAgentInvoker(true)
                .driverTimeoutMs(DRIVER_TIMEOUT_MS)
                .errorHandler(errorHandler));
            admin.requests = admin.aeron.addSubscription(AdminChannel.REQUEST_CHANNEL, AdminChannel.REQUEST_STREAM_ID);
            admin.responses = admin.aeron.addPublication(AdminChannel.RESPONSE_CHANNEL, AdminChannel.RESPONSE_STREAM_ID);
            return admin;
        }
        catch (final RuntimeException ex)
        {
            admin.close();
            if (ex instanceof UserFacingException)
            {
                throw ex;
            }
            throw new UserFacingException("cannot start the admin channel in " + directory + ": " + ex.getMessage());
        }
    }

    private static void restrict(final Path directory)
    {
        try
        {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            throw new UserFacingException("cannot restrict the admin channel " + directory + " to its owner: " + ex);
        }
    }

    /** @return the Aeron directory. */
    public Path directory()
    {
        return directory;
    }

    /** @return the client conductor, to be invoked from the thread that polls {@link #requests()}. */
    public AgentInvoker clientInvoker()
    {
        return aeron.conductorAgentInvoker();
    }

    /** @return the subscription to requests. */
    public Subscription requests()
    {
        return requests;
    }

    /** @return the publication of responses. */
    public Publication responses()
    {
        return responses;
    }

    /** Closes the client, then the driver (which deletes its directory); idempotent. */
    @Override
    public void close()
    {
        CloseHelper.closeAll(aeron, driver);
        aeron = null;
        driver = null;
    }
}
