package org.ipop.tools.admin;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Where and how a node's admin channel lives: an embedded Aeron media driver whose directory is
 * {@code <run-dir>/<tap>.aeron}, requests on IPC stream {@link #REQUEST_STREAM_ID}, responses on
 * {@link #RESPONSE_STREAM_ID}.
 * <p>
 * <b>Access control.</b> The run directory is created with mode 0700 and the Aeron directory inside it is set
 * to 0700 too, both owned by the node's user: only that user (or root) can map the driver's files, so only
 * they can send requests. There is no other authentication.
 */
public final class AdminChannel
{
    /** IPC channel of requests (client to node); the driver's IPC term length applies. */
    public static final String REQUEST_CHANNEL = "aeron:ipc";
    /** Stream of requests. */
    public static final int REQUEST_STREAM_ID = 1001;
    /**
     * IPC channel of responses (node to every client; each keeps its own correlation ids). Its term is larger
     * than the requests' so that one response can carry up to {@link #MAX_RESPONSE_LENGTH} bytes.
     */
    public static final String RESPONSE_CHANNEL = "aeron:ipc?term-length=262144";
    /** Stream of responses. */
    public static final int RESPONSE_STREAM_ID = 1002;
    /** Term length of the request stream (the driver's IPC default), in bytes. */
    public static final int REQUEST_TERM_LENGTH = 64 * 1024;
    /** Largest request in bytes: Aeron's limit for the request term (term length / 8). */
    public static final int MAX_REQUEST_LENGTH = REQUEST_TERM_LENGTH / 8;
    /** Largest response in bytes: Aeron's limit for the response term (term length / 8). */
    public static final int MAX_RESPONSE_LENGTH = 262144 / 8;
    /** The node answers a DHT request that has not completed after this long with a timeout error. */
    public static final long REQUEST_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    /**
     * A driver whose heartbeat is older than this is taken for dead (the node was killed), in milliseconds;
     * a live driver beats every few milliseconds, so a restarted node can take over the directory quickly.
     */
    public static final long LIVENESS_TIMEOUT_MS = 2_000;
    /** Lease of {@code ipop dht put|create} values when no TTL is given, in seconds. */
    public static final int DEFAULT_TTL_SECONDS = 3600;

    private AdminChannel()
    {
    }

    /**
     * @param runDir the node's run directory.
     * @param tap    the node's TAP device name.
     * @return the Aeron directory of that node's admin channel.
     */
    public static Path aeronDir(final Path runDir, final String tap)
    {
        return runDir.resolve(tap + ".aeron");
    }
}
