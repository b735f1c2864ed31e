package org.ipop.bench.crypto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.ipop.tap.Bridges;
import org.ipop.tap.DatagramBatchDescriptor;
import org.ipop.tap.DirectBuffers;
import org.ipop.tap.SessionKeys;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Cost per frame of sealing and of opening an overlay frame with the native session-key table over the JNI
 * bridge: one call per batch of 32 frames of {@code payloadLength} bytes after the 56-byte header (the bytes
 * encrypted; the header is the additional data). Compare with {@code bench/crypto/openssl-speed.sh}, which runs
 * {@code openssl speed -aead -evp} of the same cipher and prints the same summary.
 * <p>
 * Each invocation starts from a fresh batch written by a per-invocation setup, outside the measured time: sealing
 * clears the records' seal flag, and a frame opens only once (anti-replay), so {@link #open} needs frames sealed
 * with new counters every time. The setup's timestamps add about 1-2 ns per frame at 32 frames per invocation.
 * {@link #open} includes moving the records after each opened one up by the tag (the batch stays packed).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SealOpenBenchmark
{
    static final int BATCH = 32;
    private static final int HEADER_LENGTH = 56;
    private static final int DST_OFFSET = 36;
    private static final int SRC_OFFSET = 16;

    /** The two tables (sealer and opener, one session between them) and the batch, one set per thread. */
    @State(Scope.Thread)
    public static class Frames
    {
        @Param({ "AES_256_GCM", "CHACHA20_POLY1305" })
        String cipher;

        @Param({ "64", "1400" })
        int payloadLength;

        private SessionKeys sealer;
        private SessionKeys opener;
        private ByteBuffer template;
        private ByteBuffer batch;
        private long batchAddress;
        private int batchLength;

        /** True for {@link #open}: each invocation then starts from frames sealed with new counters. */
        private boolean opening;

        @Setup(Level.Trial)
        public void setUp(final BenchmarkParams params)
        {
            opening = params.getBenchmark().endsWith(".open");
            final int cipherId = "AES_256_GCM".equals(cipher) ?
                SessionKeys.CIPHER_AES_256_GCM : SessionKeys.CIPHER_CHACHA20_POLY1305;
            final byte[] nodeA = node(0x10);
            final byte[] nodeB = node(0x40);
            sealer = Bridges.byName(Bridges.JNI).openSessionKeys(4);
            opener = Bridges.byName(Bridges.JNI).openSessionKeys(4);
            sealer.localNode(nodeA);
            opener.localNode(nodeB);
            sealer.install(1, cipherId, nodeB, 2, key(1), key(2));
            opener.install(2, cipherId, nodeA, 1, key(2), key(1));

            final int frameLength = HEADER_LENGTH + payloadLength + SessionKeys.TAG_LENGTH;
            batchLength = BATCH * DatagramBatchDescriptor.recordLength(frameLength);
            template = DirectBuffers.allocateAligned(batchLength, 64);
            batch = DirectBuffers.allocateAligned(batchLength, 64);
            batchAddress = DirectBuffers.address(batch);
            for (int i = 0, offset = 0; i < BATCH; i++, offset += DatagramBatchDescriptor.recordLength(frameLength))
            {
                template.putInt(offset + DatagramBatchDescriptor.LENGTH_OFFSET, frameLength);
                template.order(ByteOrder.BIG_ENDIAN).putInt(offset + DatagramBatchDescriptor.ADDRESS_OFFSET, 0x7F000001)
                    .order(ByteOrder.nativeOrder());
                template.putShort(offset + DatagramBatchDescriptor.PORT_OFFSET, (short)9);
                template.putShort(offset + DatagramBatchDescriptor.FLAGS_OFFSET, (short)SessionKeys.FLAG_SEAL);
                template.putInt(offset + DatagramBatchDescriptor.RESERVED_OFFSET, 1);
                final int frame = offset + DatagramBatchDescriptor.HEADER_LENGTH;
                template.put(frame, (byte)0x11);
                template.put(frame + 2, (byte)8);
                template.put(frame + SRC_OFFSET, nodeA);
                template.put(frame + DST_OFFSET, nodeB);
                for (int p = 0; p < payloadLength; p++)
                {
                    template.put(frame + HEADER_LENGTH + p, (byte)(p * 13 + i));
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            sealer.close();
            opener.close();
        }

        /** Frames to seal, or for {@link #open} frames sealed with new counters: before each invocation. */
        @Setup(Level.Invocation)
        public void freshBatch()
        {
            batch.put(0, template, 0, batchLength);
            if (opening && sealer.sealBatch(batchAddress, batchLength, BATCH) != 0)
            {
                throw new IllegalStateException("frames rejected while sealing");
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int seal(final Frames frames)
    {
        final int rejected = frames.sealer.sealBatch(frames.batchAddress, frames.batchLength, BATCH);
        if (rejected != 0)
        {
            throw new IllegalStateException(rejected + " frames rejected");
        }
        return rejected;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int open(final Frames frames)
    {
        final int opened = frames.opener.openBatch(frames.batchAddress, frames.batchLength, BATCH);
        if (opened != BATCH)
        {
            throw new IllegalStateException("opened " + opened + " of " + BATCH + " frames");
        }
        return opened;
    }

    private static byte[] node(final int seed)
    {
        final byte[] node = new byte[SessionKeys.NODE_LENGTH];
        for (int i = 0; i < node.length; i++)
        {
            node[i] = (byte)(seed + i);
        }
        return node;
    }

    private static byte[] key(final int seed)
    {
        final byte[] key = new byte[SessionKeys.KEY_LENGTH];
        for (int i = 0; i < key.length; i++)
        {
            key[i] = (byte)(seed * 31 + i * 7);
        }
        return key;
    }
}
