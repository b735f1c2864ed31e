package org.ipop.tap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frame batches through the real C read/write loops without root: both ends of a SOCK_SEQPACKET socket
 * pair stand in for a TAP (one read returns one whole frame, EAGAIN when empty), so record encoding,
 * partial batches and errors are checked on any machine. Every test runs against both bridges.
 */
class FrameBatchOverSocketPairTest
{
    private static final int MAX_FRAME = 1518;

    private final List<FrameDevice> devices = new ArrayList<>();

    @AfterEach
    void closeDevices()
    {
        devices.forEach(FrameDevice::close);
    }

    private FrameDevice[] pair(final String bridge)
    {
        final int[] fds = TestBridges.seqPacketPair();
        final FrameDevice a = TestBridges.frameDevice(bridge, fds[0], MAX_FRAME);
        final FrameDevice b = TestBridges.frameDevice(bridge, fds[1], MAX_FRAME);
        devices.add(a);
        devices.add(b);
        return new FrameDevice[] {a, b};
    }

    private static byte[] frame(final int length, final int seed)
    {
        final byte[] frame = new byte[length];
        for (int i = 0; i < length; i++)
        {
            frame[i] = (byte)(seed * 31 + i);
        }
        return frame;
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldCarryFramesOfEveryLengthThroughOneWriteBatchAndOneReadBatch(final String bridge)
    {
        final FrameDevice[] ends = pair(bridge);
        final int[] lengths = {1, 7, 8, 9, 60, 64, 1400, MAX_FRAME};
        final FrameBatch out = new FrameBatch(64 * 1024).clear();
        for (int i = 0; i < lengths.length; i++)
        {
            out.add(frame(lengths[i], i));
        }

        assertEquals(lengths.length, ends[0].writeBatch(out.address, out.length, out.count));

        final FrameBatch in = new FrameBatch(64 * 1024).clear();
        assertEquals(lengths.length, ends[1].readBatch(in.address, in.capacity(), 64));
        final List<byte[]> frames = in.decode(lengths.length);
        for (int i = 0; i < lengths.length; i++)
        {
            assertArrayEquals(frame(lengths[i], i), frames.get(i), "frame " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReturnZeroWhenNoFrameIsReady(final String bridge)
    {
        final FrameDevice[] ends = pair(bridge);
        final FrameBatch in = new FrameBatch(16 * 1024).clear();

        assertEquals(0, ends[1].readBatch(in.address, in.capacity(), 64));
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReadNoMoreThanMaxFramesAndLeaveTheRestForTheNextCall(final String bridge)
    {
        final FrameDevice[] ends = pair(bridge);
        final FrameBatch out = new FrameBatch(16 * 1024).clear();
        for (int i = 0; i < 5; i++)
        {
            out.add(frame(100 + i, i));
        }
        assertEquals(5, ends[0].writeBatch(out.address, out.length, out.count));

        final FrameBatch in = new FrameBatch(16 * 1024).clear();
        assertEquals(2, ends[1].readBatch(in.address, in.capacity(), 2));
        assertArrayEquals(frame(101, 1), in.decode(2).get(1));
        assertEquals(3, ends[1].readBatch(in.clear().address, in.capacity(), 64));
        assertArrayEquals(frame(102, 2), in.decode(3).get(0));
        assertEquals(0, ends[1].readBatch(in.address, in.capacity(), 64));
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReturnFewerFramesWhenCapacityCannotHoldAnotherFullSizeFrame(final String bridge)
    {
        final FrameDevice[] ends = pair(bridge);
        final FrameBatch out = new FrameBatch(16 * 1024).clear();
        for (int i = 0; i < 5; i++)
        {
            out.add(frame(60, i));
        }
        assertEquals(5, ends[0].writeBatch(out.address, out.length, out.count));

        final int oneFullRecord = FrameBatchDescriptor.HEADER_LENGTH + MAX_FRAME;
        final FrameBatch in = new FrameBatch(16 * 1024).clear();
        // after two small records, one byte short of room for a full-size frame: the read stops, never truncating
        final int twoSmallThenAlmostFull = 2 * FrameBatchDescriptor.recordLength(60) + oneFullRecord - 1;
        assertEquals(2, ends[1].readBatch(in.address, twoSmallThenAlmostFull, 64));
        in.assertUntouchedFrom(twoSmallThenAlmostFull);
        assertEquals(1, ends[1].readBatch(in.clear().address, oneFullRecord, 64));
        in.assertUntouchedFrom(oneFullRecord);
        assertEquals(2, ends[1].readBatch(in.clear().address, in.capacity(), 64));
        assertArrayEquals(frame(60, 4), in.decode(2).get(1));
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldNeverWritePastCapacityWhenAFullSizeFrameEndsUnaligned(final String bridge)
    {
        final FrameDevice[] ends = pair(bridge);
        final FrameBatch out = new FrameBatch(16 * 1024).clear().add(frame(MAX_FRAME, 3));
        assertEquals(1, ends[0].writeBatch(out.address, out.length, 1));

        final int exactlyOneFrame = FrameBatchDescriptor.HEADER_LENGTH + MAX_FRAME;
        final FrameBatch in = new FrameBatch(16 * 1024).clear();
        assertEquals(1, ends[1].readBatch(in.address, exactlyOneFrame, 64));
        in.assertUntouchedFrom(exactlyOneFrame);
        assertArrayEquals(frame(MAX_FRAME, 3), in.decodeUnpadded());
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldDropAFrameLongerThanTheSpaceLeftRatherThanTruncateIt(final String bridge)
    {
        final int[] fds = TestBridges.seqPacketPair();
        final FrameDevice writer = TestBridges.frameDevice(bridge, fds[0], MAX_FRAME);
        final FrameDevice reader = TestBridges.frameDevice(bridge, fds[1], 100);
        devices.add(writer);
        devices.add(reader);
        final FrameBatch out = new FrameBatch(16 * 1024).clear()
            .add(frame(101, 1)).add(frame(50, 2)).add(frame(300, 3)).add(frame(100, 4));
        assertEquals(4, writer.writeBatch(out.address, out.length, out.count));

        final int oneRecord = FrameBatchDescriptor.HEADER_LENGTH + 100;
        final FrameBatch in = new FrameBatch(16 * 1024).clear();
        assertEquals(-Errno.EMSGSIZE, reader.readBatch(in.address, oneRecord, 64), "101 bytes in 100: dropped");
        assertEquals(1, reader.readBatch(in.address, FrameBatchDescriptor.recordLength(50) + oneRecord, 64),
            "the 50-byte frame, then the 300-byte one dropped");
        assertArrayEquals(frame(50, 2), in.decode(1).get(0));
        assertEquals(1, reader.readBatch(in.clear().address, oneRecord, 64), "exactly 100 bytes fit");
        assertArrayEquals(frame(100, 4), in.decodeUnpadded());
        assertEquals(0, reader.readBatch(in.address, oneRecord, 64));
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldRejectCapacityThatCannotHoldOneFullSizeFrame(final String bridge)
    {
        final FrameDevice[] ends = pair(bridge);
        final FrameBatch in = new FrameBatch(16 * 1024).clear();

        assertEquals(-Errno.EINVAL, ends[1].readBatch(in.address, FrameBatchDescriptor.HEADER_LENGTH + MAX_FRAME - 1, 64));
        assertEquals(-Errno.EINVAL, ends[1].readBatch(0L, in.capacity(), 64));
        assertEquals(0, ends[1].readBatch(in.address, in.capacity(), 0));
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldRejectMalformedFirstRecordAndWriteTheValidPrefixBeforeOne(final String bridge)
    {
        final FrameDevice[] ends = pair(bridge);
        final FrameBatch out = new FrameBatch(16 * 1024).clear();
        out.add(frame(80, 1));
        final int second = out.length;
        out.add(frame(80, 2));
        out.buffer.putInt(second + FrameBatchDescriptor.LENGTH_OFFSET, 0);

        assertEquals(1, ends[0].writeBatch(out.address, out.length, 2), "valid prefix written");
        assertEquals(Errno.EINVAL, out.buffer.getInt(second + FrameBatchDescriptor.RESERVED_OFFSET), "why it stopped");
        assertEquals(-Errno.EINVAL, ends[0].writeBatch(out.address + second, out.length - second, 1), "zero length");
        out.buffer.putInt(second + FrameBatchDescriptor.LENGTH_OFFSET, 81);
        assertEquals(-Errno.EINVAL, ends[0].writeBatch(out.address + second, out.length - second, 1), "past the end");
        assertEquals(-Errno.EINVAL, ends[0].writeBatch(out.address, 4, 1), "truncated header");

        final FrameBatch in = new FrameBatch(16 * 1024).clear();
        assertEquals(1, ends[1].readBatch(in.address, in.capacity(), 64));
        assertArrayEquals(frame(80, 1), in.decode(1).get(0));
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReportTheErrnoOfTheFrameThatStoppedABatchAfterItsFirst(final String bridge)
    {
        final FrameDevice[] ends = pair(bridge);
        final FrameBatch out = new FrameBatch(2 * 1024 * 1024).clear();
        out.add(frame(80, 1));
        final int second = out.length;
        out.add(frame(1024 * 1024, 2));   // more than a socket buffer: EMSGSIZE
        out.add(frame(80, 3));

        assertEquals(1, ends[0].writeBatch(out.address, out.length, out.count));
        assertEquals(Errno.EMSGSIZE, out.buffer.getInt(second + FrameBatchDescriptor.RESERVED_OFFSET));
        assertEquals(0, out.buffer.getInt(FrameBatchDescriptor.RESERVED_OFFSET), "the written record is untouched");
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldWriteFewerFramesWhenTheDeviceWouldBlockAndLoseNone(final String bridge)
    {
        final FrameDevice[] ends = pair(bridge);
        final FrameBatch out = new FrameBatch(128 * 1024).clear();
        for (int i = 0; i < 64; i++)
        {
            out.add(frame(1000, i));
        }

        int written = 0;
        int result;
        do
        {
            result = ends[0].writeBatch(out.address, out.length, out.count);
            assertTrue(result >= 0 && result <= 64, "result " + result);
            written += result;
        }
        while (result == 64);
        assertEquals(0, ends[0].writeBatch(out.address, out.length, out.count), "full: nothing more fits");

        final FrameBatch in = new FrameBatch(128 * 1024).clear();
        int read = 0;
        int frames;
        while ((frames = ends[1].readBatch(in.address, in.capacity(), 64)) > 0)
        {
            read += frames;
        }
        assertEquals(0, frames);
        assertEquals(written, read);
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldCloseTheDescriptorOnceAndReturnEbadfAfterClose(final String bridge)
    {
        final int[] fds = TestBridges.seqPacketPair();
        final FrameDevice device = TestBridges.frameDevice(bridge, fds[0], MAX_FRAME);
        final FrameBatch batch = new FrameBatch(16 * 1024).clear().add(frame(60, 0));

        device.close();
        device.close();

        assertEquals(-1, ((NativeHandle)device).fd());
        assertEquals(-Errno.EBADF, device.readBatch(batch.address, batch.capacity(), 64));
        assertEquals(-Errno.EBADF, device.writeBatch(batch.address, batch.length, 1));
        // the peer sees the descriptor closed
        assertEquals(-1L, LibC.INSTANCE.write(fds[1], new byte[] {1}, 1));
        assertEquals(LibC.EPIPE, com.sun.jna.Native.getLastError());
        LibC.INSTANCE.close(fds[1]);
    }
}
