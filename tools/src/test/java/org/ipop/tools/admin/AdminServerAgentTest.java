package org.ipop.tools.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.dht.Dht;
import org.ipop.tools.IpopMain;
import org.ipop.tools.UserFacingException;
import org.ipop.tools.lab.IpopCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin channel end to end in one process: a real embedded driver in a temporary run directory, the
 * node's end on its own agent thread against a {@link FakeDht}, and {@link AdminClient} or the
 * {@code ipop} command line as the client.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminServerAgentTest
{
    private static final String TAP = "ipop9";
    private static final long TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(300);

    @TempDir
    Path runDir;

    private final FakeDht dht = new FakeDht();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private volatile String status = "address 0123456789abcdef\nvip 10.0.0.2\nplaced true";
    private volatile boolean placed = true;
    private AdminDriver driver;
    private AdminServerAgent server;
    private AgentRunner runner;

    @BeforeEach
    void start()
    {
        driver = AdminDriver.launch(AdminChannel.aeronDir(runDir, TAP), errors::add);
        server = new AdminServerAgent(driver.requests(), driver.responses(), driver.clientInvoker(), new View(),
            SystemNanoClock.INSTANCE, TIMEOUT_NS);
        runner = new AgentRunner(new SleepingMillisIdleStrategy(1), errors::add, null, server);
        AgentRunner.startOnThread(runner);
    }

    @AfterEach
    void stop()
    {
        CloseHelper.closeAll(runner, driver);
        assertTrue(errors.isEmpty(), () -> "errors: " + errors);
    }

    @Test
    void shouldAnswerStatusWithTheNodesLines()
    {
        try (AdminClient client = AdminClient.connect(runDir, TAP))
        {
            final AdminResponse response = client.status();
            assertTrue(response.ok(), response::error);
            assertEquals(List.of("address 0123456789abcdef", "vip 10.0.0.2", "placed true",
                "counter admin-requests 1", "counter admin-malformed-requests 0", "counter admin-responses-dropped 0"),
                response.lines());
        }
    }

    @Test
    void shouldReassembleAStatusLargerThanOneFragmentAndReportWhatDidNotFit()
    {
        status = IntStream.range(0, 400).mapToObj(i -> "counter number-" + i + " " + (i * 1000L))
            .collect(Collectors.joining("\n"));
        try (AdminClient client = AdminClient.connect(runDir, TAP))
        {
            final AdminResponse all = client.status();
            assertTrue(all.ok(), all::error);
            assertEquals(400 + 3, all.lines().size(), "the node's lines and the channel's counters");
            assertEquals("counter number-399 399000", all.lines().get(399));
            assertEquals(0, all.omitted());

            status = IntStream.range(0, 4000).mapToObj(i -> "counter number-" + i + " " + (i * 1000L))
                .collect(Collectors.joining("\n"));
            final AdminResponse capped = client.status();
            assertTrue(capped.ok(), capped::error);
            assertTrue(capped.omitted() > 0, "a 4000-line status does not fit 32 KiB");
            assertEquals(4000 + 3, capped.lines().size() + capped.omitted());
            assertEquals("counter number-0 0", capped.lines().get(0));
        }
    }

    @Test
    void shouldPutGetAndCreateUnderTheUserPrefix()
    {
        try (AdminClient client = AdminClient.connect(runDir, TAP))
        {
            assertEquals(List.of(), client.dhtGet("printer").lines(), "nothing there yet");
            assertTrue(client.dhtPut("printer", "10.0.0.7:631", 600).ok());
            assertTrue(client.dhtPut("printer", "10.0.0.8:631", 0).ok());
            assertEquals(List.of("10.0.0.7:631", "10.0.0.8:631"), client.dhtGet("printer").lines());

            assertTrue(client.dhtCreate("lock", "node-a", 60).ok());
            assertTrue(client.dhtCreate("lock", "node-a", 60).ok(), "the same value renews");
            final AdminResponse conflict = client.dhtCreate("lock", "node-b", 60);
            assertEquals(AdminResponseFlyweight.CODE_EXISTS, conflict.code());
            assertTrue(conflict.error().startsWith("exists: the key already holds a value"), conflict.error());
            assertEquals(List.of("node-a"), client.dhtGet("lock").lines());
        }
        assertTrue(dht.keysSeen.stream().allMatch(k -> k.startsWith("user:test:")), dht.keysSeen::toString);
    }

    @Test
    void shouldRejectBadArgumentsWithTheReason()
    {
        try (AdminClient client = AdminClient.connect(runDir, TAP))
        {
            final AdminResponse emptyKey = client.dhtGet("");
            assertEquals(AdminResponseFlyweight.CODE_INVALID, emptyKey.code());
            assertEquals("invalid: empty key", emptyKey.error());

            final AdminResponse emptyValue = client.dhtPut("k", "", 0);
            assertEquals("invalid: empty value", emptyValue.error());

            final AdminResponse ttl = client.dhtPut("k", "v", 8 * 24 * 3600);
            assertEquals(AdminResponseFlyweight.CODE_INVALID, ttl.code());
            assertTrue(ttl.error().contains("out of range 1..604800"), ttl.error());

            final String longKey = "k".repeat(Dht.MAX_KEY_LENGTH - "user:test:".length() + 1);
            final AdminResponse tooLong = client.dhtPut(longKey, "v", 0);
            assertEquals(AdminResponseFlyweight.CODE_TOO_LARGE, tooLong.code());
            assertTrue(tooLong.error().contains("at most 246 bytes fit behind the prefix user:test:"), tooLong.error());

            final UserFacingException big = assertThrows(UserFacingException.class,
                () -> client.dhtPut("k", "v".repeat(Dht.MAX_VALUE_LENGTH + 1), 0));
            assertTrue(big.getMessage().contains("at most 1024"), big.getMessage());
        }
        assertTrue(dht.keysSeen.isEmpty(), "nothing invalid reaches the DHT: " + dht.keysSeen);
    }

    @Test
    void shouldAnswerTimeoutWhenTheDhtDoesNotCompleteAndNotPlacedWhenTheNodeIsAlone() throws Exception
    {
        try (AdminClient client = AdminClient.connect(runDir, TAP))
        {
            final AdminResponse never = client.dhtGet("never");
            assertEquals(AdminResponseFlyweight.CODE_TIMEOUT, never.code());
            assertEquals("timeout: no result from the DHT within 300 ms", never.error());
            assertTrue(IpopCluster.await(5_000, () -> server.pendingRequests() == 0), "the deadline clears it");

            final AdminResponse lost = client.dhtPut("lost", "v", 0);
            assertEquals(AdminResponseFlyweight.CODE_TIMEOUT, lost.code());
            assertEquals("timeout: no majority of the key's replicas answered", lost.error());

            placed = false;
            final AdminResponse alone = client.dhtGet("lost");
            assertEquals(AdminResponseFlyweight.CODE_NOT_PLACED, alone.code());
            assertTrue(alone.error().startsWith("not placed: this node is not placed on the ring yet"), alone.error());
        }
    }

    @Test
    void shouldAnswerTruncatedAndGarbageRequestsWithAnErrorAndKeepServing() throws Exception
    {
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.directory().toString()));
            Subscription responses = aeron.addSubscription(AdminChannel.RESPONSE_CHANNEL, AdminChannel.RESPONSE_STREAM_ID);
            Publication requests = aeron.addPublication(AdminChannel.REQUEST_CHANNEL, AdminChannel.REQUEST_STREAM_ID))
        {
            assertTrue(IpopCluster.await(5_000, () -> responses.isConnected() && requests.isConnected()));
            final List<long[]> received = new CopyOnWriteArrayList<>();
            final AdminResponseFlyweight flyweight = new AdminResponseFlyweight();
            final FragmentAssembler assembler = new FragmentAssembler((buffer, offset, length, header) ->
            {
                assertTrue(flyweight.wrap(buffer, offset, length), "a well-formed response");
                received.add(new long[] {flyweight.correlationId(), flyweight.code()});
            });

            final UnsafeBuffer garbage = new UnsafeBuffer(new byte[64]);
            garbage.setMemory(0, 64, (byte)0x7F);
            garbage.putLong(0, 77L, ByteOrder.LITTLE_ENDIAN);
            offer(requests, garbage, 64);
            offer(requests, garbage, 3);
            AdminRequestFlyweight.encode(garbage, 0, 78L, 42, 0, new byte[0], new byte[0]);
            offer(requests, garbage, AdminRequestFlyweight.MIN_LENGTH);

            assertTrue(IpopCluster.await(5_000, () ->
            {
                responses.poll(assembler, 10);
                return received.size() == 3;
            }), () -> "responses: " + received.size());
            assertEquals(77L, received.get(0)[0]);
            assertEquals(AdminResponseFlyweight.CODE_MALFORMED, received.get(0)[1]);
            assertEquals(AdminResponseFlyweight.NULL_CORRELATION_ID, received.get(1)[0]);
            assertEquals(AdminResponseFlyweight.CODE_MALFORMED, received.get(1)[1]);
            assertEquals(78L, received.get(2)[0]);
            assertEquals(AdminResponseFlyweight.CODE_MALFORMED, received.get(2)[1]);
        }
        try (AdminClient client = AdminClient.connect(runDir, TAP))
        {
            final AdminResponse status = client.status();
            assertTrue(status.ok(), "still serving");
            assertTrue(status.lines().contains("counter admin-malformed-requests 3"), status.lines()::toString);
        }
    }

    @Test
    void shouldKeepTheChannelToItsOwnerAndRefuseASecondDriver()
    {
        final Path dir = AdminChannel.aeronDir(runDir, TAP);
        assertDoesNotReadOthers(dir);
        final UserFacingException twice = assertThrows(UserFacingException.class, () -> AdminDriver.launch(dir, errors::add));
        assertTrue(twice.getMessage().contains("another node already runs"), twice.getMessage());
        try (AdminClient client = AdminClient.connect(runDir, TAP))
        {
            assertTrue(client.status().ok(), "the first driver is untouched");
        }
    }

    @Test
    void shouldSayClearlyWhenNoNodeRuns() throws Exception
    {
        final UserFacingException noRunDir = assertThrows(UserFacingException.class,
            () -> AdminClient.connect(runDir.resolve("missing"), TAP));
        assertTrue(noRunDir.getMessage().startsWith("no node is running: no run directory"), noRunDir.getMessage());

        final UserFacingException otherTap = assertThrows(UserFacingException.class, () -> AdminClient.connect(runDir, "ipop1"));
        assertTrue(otherTap.getMessage().startsWith("no node with TAP ipop1 is running in "), otherTap.getMessage());

        CloseHelper.closeAll(runner, driver);
        final UserFacingException stopped = assertThrows(UserFacingException.class, () -> AdminClient.connect(runDir, TAP));
        assertTrue(stopped.getMessage().startsWith("no node with TAP " + TAP + " is running"), stopped.getMessage());
        assertFalse(Files.exists(AdminChannel.aeronDir(runDir, TAP)), "the driver deletes its directory on close");
    }

    @Test
    void shouldRunTheCommandLineAgainstTheChannel()
    {
        final Cli status = Cli.run("status", "--run-dir", runDir.toString(), "--tap", TAP);
        assertEquals(0, status.code, status.err);
        assertTrue(status.out.contains("vip 10.0.0.2"), status.out);

        final Cli put = Cli.run("dht", "put", "--run-dir", runDir.toString(), "--tap", TAP, "greeting", "hello world", "--ttl", "60");
        assertEquals(0, put.code, put.err);
        assertEquals("ok", put.out.trim());

        final Cli get = Cli.run("dht", "get", "greeting", "--run-dir", runDir.toString(), "--tap", TAP);
        assertEquals(0, get.code, get.err);
        assertEquals("hello world", get.out.trim());

        final Cli create = Cli.run("dht", "create", "greeting", "other", "--run-dir", runDir.toString(), "--tap", TAP);
        assertEquals(2, create.code);
        assertEquals("ipop: dht create: exists: the key already holds a value (create only stores into an empty key; " +
            "put adds a value)", create.err.trim());

        final Cli missing = Cli.run("dht", "get", "nothing-here", "--run-dir", runDir.toString(), "--tap", TAP);
        assertEquals(1, missing.code);
        assertEquals("", missing.out);
        assertEquals("ipop: dht get: no value under nothing-here", missing.err.trim());

        final Cli badTtl = Cli.run("dht", "put", "k", "v", "--ttl", "0", "--run-dir", runDir.toString(), "--tap", TAP);
        assertEquals(2, badTtl.code);
        assertEquals("ipop: --ttl must be at least 1 second, not 0", badTtl.err.trim());

        final Cli noNode = Cli.run("status", "--run-dir", runDir.toString(), "--tap", "ipop1");
        assertEquals(2, noNode.code);
        assertEquals(1, noNode.err.trim().lines().count(), noNode.err);
        assertTrue(noNode.err.startsWith("ipop: no node with TAP ipop1 is running"), noNode.err);
    }

    private static void assertDoesNotReadOthers(final Path dir)
    {
        try
        {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        }
        catch (final java.io.IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static void offer(final Publication publication, final UnsafeBuffer buffer, final int length) throws InterruptedException
    {
        assertTrue(IpopCluster.await(5_000, () -> publication.offer(buffer, 0, length) > 0), "offer");
    }

    /** The node as the server sees it: the fake DHT and the test's status and placement. */
    private final class View implements AdminNodeView
    {
        @Override
        public String revoke(final byte[] revocation)
        {
            return "this node runs in plaintext mode: there is nothing to revoke";
        }

        @Override
        public String status()
        {
            return status;
        }

        @Override
        public Dht dht()
        {
            return dht;
        }

        @Override
        public byte[] userKeyPrefix()
        {
            return "user:test:".getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public boolean placed()
        {
            return placed;
        }

        @Override
        public int maxTtlSeconds()
        {
            return 7 * 24 * 3600;
        }
    }

    /** One run of the command line with its output captured. */
    private record Cli(int code, String out, String err)
    {
        static Cli run(final String... args)
        {
            final PrintStream savedOut = System.out;
            final PrintStream savedErr = System.err;
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try
            {
                final int code = IpopMain.execute(args);
                return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            }
            finally
            {
                System.setOut(savedOut);
                System.setErr(savedErr);
            }
        }
    }
}
