package org.ipop.bench.tap;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.ipop.tap.Bridges;
import org.ipop.tap.DirectBuffers;
import org.ipop.tap.FrameBatchDescriptor;
import org.ipop.tap.FrameDevice;
import org.ipop.tap.TapConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost per frame of moving frames through a real TAP with each bridge (JNI, JNA), in batches of
 * {@value #BATCH} frames per call and one frame per call. Needs root: each trial opens a TAP inside its own
 * network namespace ({@link NamespacedTap}).
 * <ul>
 *   <li>{@code write*}: frames addressed to a MAC that is not the TAP's, which the kernel accepts and drops
 *       ({@code PACKET_OTHERHOST}): the cost of the call plus the kernel's receive path.</li>
 *   <li>{@code echo*}: ICMP echo requests to the TAP's own address, then the kernel's echo replies read back:
 *       one write and one read per frame, both through the bridge.</li>
 *   <li>{@code pollEmpty}: one read batch call on an empty device (returns 0): the idle poll of a TAP reader,
 *       reported per call, not per frame.</li>
 * </ul>
 * Scores are ns per frame ({@link OperationsPerInvocation}); compare each against {@code jni} batch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TapBridgeBenchmark
{
    static final int BATCH = 32;
    private static final int ETHERNET_HEADER = 14;
    private static final int ECHO_HEADERS = ETHERNET_HEADER + 20 + 8;
    private static final byte[] TAP_MAC = {0x02, 0, 0, 0, 0x66, 0x01};
    private static final byte[] PEER_MAC = {0x02, 0, 0, 0, 0x66, 0x02};
    private static final byte[] OTHER_MAC = {0x02, 0, 0, 0, 0x66, 0x03};
    private static final int TAP_IP = (10 << 24) | (66 << 16) | 1;
    private static final int PEER_IP = (10 << 24) | (66 << 16) | 2;

    /** Bridge under test. */
    @Param({"jni", "jna"})
    String bridge;

    /** Ethernet frame length in bytes (headers included). */
    @Param({"64", "1400"})
    int frameSize;

    private NamespacedTap namespacedTap;
    private FrameDevice tap;
    private ByteBuffer dropBatch;
    private long dropAddress;
    private int dropLength;
    private long echoAddress;
    private int echoLength;
    private int recordLength;
    private ByteBuffer echoBatch;
    private ByteBuffer readBuffer;
    private long readAddress;
    private int readCapacity;

    @Setup(Level.Trial)
    public void openTap()
    {
        if (!"root".equals(System.getProperty("user.name")))
        {
            throw new IllegalStateException("TapBridgeBenchmark needs root: it creates a network namespace and a TAP");
        }
        final TapConfig config = new TapConfig().name("ipopbench0").mtu(1500).mac(TAP_MAC).ipv4(TAP_IP, 24);
        namespacedTap = NamespacedTap.open(
            () -> Bridges.byName(bridge).openTap(config),
            new String[] {"neigh", "add", "10.66.0.2", "lladdr", "02:00:00:00:66:02", "dev", "ipopbench0",
                "nud", "permanent"});
        tap = namespacedTap.device();

        recordLength = FrameBatchDescriptor.recordLength(frameSize);
        dropBatch = DirectBuffers.allocateAligned(BATCH * recordLength, 64);
        echoBatch = DirectBuffers.allocateAligned(BATCH * recordLength, 64);
        for (int i = 0; i < BATCH; i++)
        {
            putRecord(dropBatch, i * recordLength, dropFrame(frameSize, i));
            putRecord(echoBatch, i * recordLength, echoRequest(frameSize, i));
        }
        dropAddress = DirectBuffers.address(dropBatch);
        dropLength = BATCH * recordLength;
        echoAddress = DirectBuffers.address(echoBatch);
        echoLength = BATCH * recordLength;

        readCapacity = BATCH * FrameBatchDescriptor.recordLength(config.maxFrameLength());
        readBuffer = DirectBuffers.allocateAligned(readCapacity, 64);
        readAddress = DirectBuffers.address(readBuffer);
    }

    @TearDown(Level.Trial)
    public void closeTap()
    {
        if (namespacedTap != null)
        {
            namespacedTap.close();
        }
    }

    /** JNI or JNA: {@value #BATCH} frames in one write batch call. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int writeBatch()
    {
        return check(tap.writeBatch(dropAddress, dropLength, BATCH), BATCH);
    }

    /** JNI or JNA: {@value #BATCH} write calls of one frame each. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int writeOneFramePerCall()
    {
        int written = 0;
        for (int i = 0; i < BATCH; i++)
        {
            written += tap.writeBatch(dropAddress + (long)i * recordLength, recordLength, 1);
        }
        return check(written, BATCH);
    }

    /** {@value #BATCH} echo requests in one write batch, then the replies read by batch. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int echoBatch()
    {
        check(tap.writeBatch(echoAddress, echoLength, BATCH), BATCH);
        return readFrames(BATCH, BATCH);
    }

    /** {@value #BATCH} times: one echo request written, its reply read, one call each. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int echoOneFramePerCall()
    {
        int replies = 0;
        for (int i = 0; i < BATCH; i++)
        {
            check(tap.writeBatch(echoAddress + (long)i * recordLength, recordLength, 1), 1);
            replies += readFrames(1, 1);
        }
        return replies;
    }

    /** One read batch call on an empty device; per call. */
    @Benchmark
    public int pollEmpty()
    {
        return check(tap.readBatch(readAddress, readCapacity, BATCH), 0);
    }

    private int readFrames(final int expected, final int maxFrames)
    {
        int frames = 0;
        long spins = 0;
        while (frames < expected)
        {
            final int read = tap.readBatch(readAddress, readCapacity, maxFrames);
            if (read < 0)
            {
                throw new IllegalStateException("readBatch failed: errno " + -read);
            }
            frames += read;
            if (read == 0 && ++spins > 1_000_000)
            {
                throw new IllegalStateException("echo replies missing: " + frames + " of " + expected);
            }
        }
        return frames;
    }

    private static int check(final int result, final int expected)
    {
        if (result != expected)
        {
            throw new IllegalStateException("expected " + expected + ", got " + result);
        }
        return result;
    }

    private static void putRecord(final ByteBuffer batch, final int offset, final byte[] frame)
    {
        batch.putInt(offset + FrameBatchDescriptor.LENGTH_OFFSET, frame.length);
        batch.putInt(offset + FrameBatchDescriptor.RESERVED_OFFSET, 0);
        batch.put(offset + FrameBatchDescriptor.HEADER_LENGTH, frame);
    }

    /** An IPv4 frame to a MAC that is not the TAP's: the kernel drops it as for another host. */
    private static byte[] dropFrame(final int length, final int sequence)
    {
        final ByteBuffer frame = ByteBuffer.allocate(length);
        frame.put(OTHER_MAC).put(PEER_MAC).putShort((short)0x0800);
        frame.put((byte)0x45).put((byte)0).putShort((short)(length - ETHERNET_HEADER)).putShort((short)sequence);
        return frame.array();
    }

    private static byte[] echoRequest(final int length, final int sequence)
    {
        final ByteBuffer frame = ByteBuffer.allocate(length);
        frame.put(TAP_MAC).put(PEER_MAC).putShort((short)0x0800);
        frame.put((byte)0x45).put((byte)0).putShort((short)(length - ETHERNET_HEADER)).putShort((short)sequence)
            .putShort((short)0).put((byte)64).put((byte)1).putShort((short)0).putInt(PEER_IP).putInt(TAP_IP);
        frame.putShort(ETHERNET_HEADER + 10, (short)checksum(frame.array(), ETHERNET_HEADER, 20));
        frame.put((byte)8).put((byte)0).putShort((short)0).putShort((short)0x6666).putShort((short)sequence);
        for (int i = ECHO_HEADERS; i < length; i++)
        {
            frame.put((byte)i);
        }
        frame.putShort(ETHERNET_HEADER + 20 + 2, (short)checksum(frame.array(), ETHERNET_HEADER + 20, length - 34));
        return frame.array();
    }

    private static int checksum(final byte[] bytes, final int offset, final int length)
    {
        long sum = 0;
        for (int i = 0; i + 1 < length; i += 2)
        {
            sum += ((bytes[offset + i] & 0xFF) << 8) | (bytes[offset + i + 1] & 0xFF);
        }
        if ((length & 1) != 0)
        {
            sum += (bytes[offset + length - 1] & 0xFF) << 8;
        }
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int)(~sum & 0xFFFF);
    }
}
