package org.ipop.tools.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

import io.aeron.Aeron;
import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.dht.Dht;
import org.ipop.tools.UserFacingException;

/**
 * The client end of a node's admin channel, as {@code ipop status} and {@code ipop dht} use it: one Aeron
 * client without threads of its own (its conductor is invoked while waiting), a request publication and a
 * response subscription. Requests are synchronous: {@link #request} returns the matching response or throws.
 * <p>
 * Every failure a user can meet (no node, stale directory, permission denied, node gone, no answer) is a
 * {@link UserFacingException} with one line saying which. Single-threaded; close it when done.
 */
public final class AdminClient implements AutoCloseable
{
    /** How long {@link #connect} waits for the channel, in milliseconds. */
    public static final long CONNECT_TIMEOUT_MS = 5_000;
    /** How long a request waits for its response: the node's own deadline plus a margin, in milliseconds. */
    public static final long REQUEST_TIMEOUT_MS = TimeUnit.NANOSECONDS.toMillis(AdminChannel.REQUEST_TIMEOUT_NS) + 5_000;
    private static final long DRIVER_TIMEOUT_MS = 10_000;

    private final String tap;
    private final Aeron aeron;
    private final AgentInvoker invoker;
    private final Subscription responses;
    private final Publication requests;
    private final UnsafeBuffer requestBuffer = new UnsafeBuffer(new byte[AdminChannel.MAX_REQUEST_LENGTH]);
    private final AdminResponseFlyweight response = new AdminResponseFlyweight();
    private final FragmentAssembler assembler = new FragmentAssembler(new ResponseHandler());
    private long awaitedCorrelationId;
    private AdminResponse received;
    private volatile Throwable clientError;

    private AdminClient(final String tap, final Aeron aeron, final Subscription responses, final Publication requests)
    {
        this.tap = tap;
        this.aeron = aeron;
        this.invoker = aeron.conductorAgentInvoker();
        this.responses = responses;
        this.requests = requests;
    }

    /**
     * Connects to the node with TAP {@code tap} whose run directory is {@code runDir}.
     *
     * @throws UserFacingException when no such node runs, its channel is not accessible to this user, or it
     *                             does not connect within {@link #CONNECT_TIMEOUT_MS}.
     */
    public static AdminClient connect(final Path runDir, final String tap)
    {
        final Path dir = AdminChannel.aeronDir(runDir, tap);
        checkAccessible(runDir, tap, dir);
        final AdminClient[] holder = new AdminClient[1];
        Aeron aeron = null;
        try
        {
            final Aeron.Context ctx = new Aeron.Context()
                .aeronDirectoryName(dir.toAbsolutePath().toString())
                .useConductorAgentInvoker(true)
                .driverTimeoutMs(DRIVER_TIMEOUT_MS)
                .errorHandler(ex ->
                {
                    if (holder[0] != null)
                    {
                        holder[0].clientError = ex;
                    }
                });
            aeron = Aeron.connect(ctx);
            final Subscription responses = aeron.addSubscription(AdminChannel.RESPONSE_CHANNEL, AdminChannel.RESPONSE_STREAM_ID);
            final Publication requests = aeron.addPublication(AdminChannel.REQUEST_CHANNEL, AdminChannel.REQUEST_STREAM_ID);
            holder[0] = new AdminClient(tap, aeron, responses, requests);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(aeron);
            throw new UserFacingException("cannot open the admin channel of the node with TAP " + tap + " (" + dir +
                "): " + ex.getMessage());
        }
        final AdminClient client = holder[0];
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS);
        while (!client.responses.isConnected() || !client.requests.isConnected())
        {
            if (System.nanoTime() - deadline > 0 || aeron.isClosed())
            {
                client.close();
                throw new UserFacingException("the node with TAP " + tap + " does not answer on its admin channel " + dir);
            }
            client.idle();
        }
        return client;
    }

    private static void checkAccessible(final Path runDir, final String tap, final Path dir)
    {
        if (!exists(runDir))
        {
            throw new UserFacingException("no node is running: no run directory " + runDir + " (see --run-dir)");
        }
        if (!Files.isReadable(runDir) || !Files.isExecutable(runDir))
        {
            throw permissionDenied(runDir);
        }
        if (!exists(dir))
        {
            throw new UserFacingException("no node with TAP " + tap + " is running in " + runDir + " (no " + dir + ")");
        }
        if (!Files.isReadable(dir) || !Files.isExecutable(dir))
        {
            throw permissionDenied(dir);
        }
        final Path cnc = dir.resolve(CncFileDescriptor.CNC_FILE);
        if (!exists(cnc))
        {
            throw new UserFacingException("no node with TAP " + tap + " is running in " + runDir + " (no " + cnc + ")");
        }
        if (!Files.isReadable(cnc) || !Files.isWritable(cnc))
        {
            throw permissionDenied(cnc);
        }
        if (!CommonContext.isDriverActive(dir.toFile(), AdminChannel.LIVENESS_TIMEOUT_MS, s -> { }))
        {
            throw new UserFacingException("no node with TAP " + tap + " is running in " + runDir + " (" + dir +
                " is left over from a node that stopped)");
        }
    }

    /** @return whether {@code path} exists; a path this user may not even look at is a permission error. */
    private static boolean exists(final Path path)
    {
        try
        {
            Files.readAttributes(path, BasicFileAttributes.class);
            return true;
        }
        catch (final NoSuchFileException ex)
        {
            return false;
        }
        catch (final AccessDeniedException ex)
        {
            throw permissionDenied(path);
        }
        catch (final IOException ex)
        {
            throw new UserFacingException("cannot look at " + path + ": " + ex.getMessage());
        }
    }

    private static UserFacingException permissionDenied(final Path path)
    {
        return new UserFacingException("permission denied: cannot open " + path + " (a node's run directory and " +
            "admin channel are accessible to the node's user only, mode 0700); run this as that user or as root");
    }

    /** @return the node's status lines. */
    public AdminResponse status()
    {
        return request(AdminRequestFlyweight.TYPE_STATUS, new byte[0], new byte[0], 0);
    }

    /** @return the values under user key {@code key}. */
    public AdminResponse dhtGet(final String key)
    {
        return request(AdminRequestFlyweight.TYPE_DHT_GET, utf8(key), new byte[0], 0);
    }

    /** Adds {@code value} under user key {@code key} for {@code ttlSeconds} (0: the node's default). */
    public AdminResponse dhtPut(final String key, final String value, final int ttlSeconds)
    {
        return request(AdminRequestFlyweight.TYPE_DHT_PUT, utf8(key), utf8(value), ttlSeconds);
    }

    /** @return the node's answer to a CA-signed revocation handed to it (encoded). */
    public AdminResponse revoke(final byte[] revocation)
    {
        return request(AdminRequestFlyweight.TYPE_REVOKE, revocation, new byte[0], 0);
    }

    /** Stores {@code value} under user key {@code key} only if it holds none, for {@code ttlSeconds} (0: default). */
    public AdminResponse dhtCreate(final String key, final String value, final int ttlSeconds)
    {
        return request(AdminRequestFlyweight.TYPE_DHT_CREATE, utf8(key), utf8(value), ttlSeconds);
    }

    /**
     * Sends one request and waits up to {@link #REQUEST_TIMEOUT_MS} for its response.
     *
     * @return the node's response (which may be an error code).
     * @throws UserFacingException when the key or value cannot be sent, the node goes away or does not answer.
     */
    public AdminResponse request(final int type, final byte[] key, final byte[] value, final int ttlSeconds)
    {
        if (key.length > Dht.MAX_KEY_LENGTH)
        {
            throw new UserFacingException("the key is " + key.length + " bytes; the DHT takes at most " +
                Dht.MAX_KEY_LENGTH + " (less the namespace prefix)");
        }
        if (value.length > Dht.MAX_VALUE_LENGTH)
        {
            throw new UserFacingException("the value is " + value.length + " bytes; the DHT takes at most " +
                Dht.MAX_VALUE_LENGTH);
        }
        final long correlationId = aeron.nextCorrelationId();
        final int length = AdminRequestFlyweight.encode(requestBuffer, 0, correlationId, type, ttlSeconds, key, value);
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REQUEST_TIMEOUT_MS);
        long result;
        while ((result = requests.offer(requestBuffer, 0, length)) < 0)
        {
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED)
            {
                throw gone();
            }
            checkDeadline(deadline);
            idle();
        }
        awaitedCorrelationId = correlationId;
        received = null;
        while (received == null)
        {
            if (responses.poll(assembler, 10) > 0)
            {
                continue;
            }
            if (!responses.isConnected() || aeron.isClosed())
            {
                throw gone();
            }
            checkDeadline(deadline);
            idle();
        }
        return received;
    }

    private void checkDeadline(final long deadline)
    {
        if (System.nanoTime() - deadline > 0)
        {
            throw new UserFacingException("no answer from the node with TAP " + tap + " within " +
                REQUEST_TIMEOUT_MS / 1000 + " s");
        }
    }

    private UserFacingException gone()
    {
        final Throwable error = clientError;
        return new UserFacingException("the node with TAP " + tap + " closed its admin channel" +
            (error == null ? "" : " (" + error.getMessage() + ")"));
    }

    private void idle()
    {
        if (invoker.invoke() == 0)
        {
            try
            {
                Thread.sleep(1);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new UserFacingException("interrupted");
            }
        }
    }

    private static byte[] utf8(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Closes the Aeron client (its publication and subscription with it). */
    @Override
    public void close()
    {
        CloseHelper.quietClose(aeron);
    }

    /** Keeps the response to the request awaited; drops the others (they belong to other clients). */
    private final class ResponseHandler implements FragmentHandler
    {
        @Override
        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            if (response.wrap(buffer, offset, length) && response.correlationId() == awaitedCorrelationId)
            {
                received = new AdminResponse(response.code(), response.entries(), response.omitted());
            }
        }
    }
}
