package org.ipop.engine.agent;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.ipop.engine.EngineContext;
import org.ipop.engine.control.EventRecords;
import org.ipop.engine.control.PuntReason;
import org.ipop.engine.protocol.EthernetDescriptor;
import org.ipop.engine.protocol.OverlayFrameFlyweight;
import org.ipop.engine.protocol.OverlayFrameType;
import org.ipop.engine.status.EngineCounters;
import org.ipop.engine.table.ForwardingTable;
import org.ipop.engine.table.PeerTrafficCounters;
import org.ipop.engine.table.RouteLookup;
import org.ipop.tap.DatagramBatchDescriptor;
import org.ipop.tap.DatagramEndpoint;
import org.ipop.tap.FrameBatchDescriptor;
import org.ipop.tap.FrameDevice;
import org.ipop.tap.SessionKeys;

import java.nio.ByteOrder;

import static org.ipop.engine.control.RingDescriptor.*;

/**
 * Receives datagram batches from the UDP socket, validates and decapsulates overlay frames, and writes
 * DATA frames addressed to this node to the TAP in batches, once their IPv4 source address is known to belong
 * to the sending node ({@link ForwardingTable#checkSource}): frames from an address routed to another node are
 * dropped and counted, frames from an address without a route go to the control plane, which resolves its owner
 * and delivers or drops them; payloads other than IPv4 are dropped; it is the TAP's only writer, so each duty cycle
 * also drains the frames the control plane asked to write. DATA frames for other nodes are forwarded to
 * their next hop (TTL decremented, hop count incremented, session id of the next edge) through the send
 * ring; CONTROL frames go to the control plane through the event ring with their source and receive time.
 * Clear HANDSHAKE frames go there too, as CONTROL_FRAME events, through a token bucket
 * ({@link EngineContext#handshakeRate}, {@link EngineContext#handshakeBurst}); the excess is dropped and counted.
 * <p>
 * <b>Keys.</b> With a session-key table attached to the socket ({@link EngineContext#sessionKeys}) the socket has
 * opened what it could before this agent sees the batch: a record the table rejected is counted by its reason and
 * dropped; an opened record (tag removed, its header's source authenticated by the table) is handled as above,
 * a CONTROL frame's header keeping the local slot as its session id; a DATA frame sealed for another node is
 * relayed unchanged (TTL and hop count aside, which the seal does not cover) but only when it came from the edge of
 * a peer holding a session key ({@link ForwardingTable#isAuthenticatedEdge}); any other frame in clear but a
 * HANDSHAKE is dropped as unauthenticated. Without a table (plaintext mode) frames are clear and sealed ones are
 * dropped as unsupported.
 * <p>
 * Truncated, oversize, unknown version or type, TTL-expired and unroutable
 * frames, and frames whose next hop is the edge they came from, are dropped and counted, never thrown. Never allocates in steady state.
 */
public final class UdpReceiverAgent implements Agent, MessageHandler
{
    private static final int FRAME_ALIGNMENT = 64;

    private final DatagramEndpoint udp;
    private final boolean opening;
    private final FrameDevice tap;
    private final ForwardingTable table;
    private final PeerTrafficCounters traffic;
    private final RingBuffer sendRing;
    private final RingBuffer eventRing;
    private final RingBuffer tapWriteRing;
    private final EngineCounters counters;
    private final NanoClock clock;
    private final ErrnoReporter udpReceiveErrors;
    private final ErrnoReporter tapWriteErrors;
    private final OverlayFrameFlyweight frame = new OverlayFrameFlyweight();
    private final OverlayFrameFlyweight forwardFrame = new OverlayFrameFlyweight();
    private final RouteLookup lookup = new RouteLookup();
    private final UnsafeBuffer receiveBuffer;
    private final UnsafeBuffer tapBuffer;
    private final long receiveAddress;
    private final long tapAddress;
    private final int batchSize;
    private final int maxFrameLength;
    private final int maxDatagramLength;
    private final int ringLimit;
    private final long handshakeCostNs;
    private final long handshakeCreditMaxNs;

    private long handshakeCreditNs;
    private long handshakeRefillNs;
    private long nowNs;
    private int tapLength;
    private int tapCount;
    private long tapBytes;

    /** @param ctx a concluded context. */
    public UdpReceiverAgent(final EngineContext ctx)
    {
        udp = ctx.datagramEndpoint();
        opening = null != ctx.sessionKeys();
        tap = ctx.frameDevice();
        table = ctx.forwardingTable();
        traffic = ctx.trafficCounters();
        sendRing = ctx.sendRing();
        eventRing = ctx.eventRing();
        tapWriteRing = ctx.tapWriteRing();
        counters = ctx.counters();
        clock = ctx.nanoClock();
        batchSize = ctx.batchSize();
        maxFrameLength = ctx.maxFrameLength();
        maxDatagramLength = ctx.maxDatagramLength();
        ringLimit = ctx.commandLimit();
        handshakeCostNs = 1_000_000_000L / ctx.handshakeRate();
        handshakeCreditMaxNs = handshakeCostNs * ctx.handshakeBurst();
        handshakeCreditNs = handshakeCreditMaxNs;
        handshakeRefillNs = clock.nanoTime();
        udpReceiveErrors = new ErrnoReporter("udp receive", ctx.errorHandler());
        tapWriteErrors = new ErrnoReporter("tap write", ctx.errorHandler());
        receiveBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            batchSize * DatagramBatchDescriptor.recordLength(maxDatagramLength), FRAME_ALIGNMENT));
        tapBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            batchSize * FrameBatchDescriptor.recordLength(maxFrameLength), FRAME_ALIGNMENT));
        receiveAddress = receiveBuffer.addressOffset();
        tapAddress = tapBuffer.addressOffset();
    }

    @Override
    public String roleName()
    {
        return "ipop-udp-receiver";
    }

    @Override
    public int doWork()
    {
        nowNs = clock.nanoTime();
        int workCount = tapWriteRing.read(this, ringLimit);

        final int received = udp.receiveBatch(receiveAddress, receiveBuffer.capacity(), batchSize);
        if (received > 0)
        {
            workCount += received;
            onDatagrams(received);
        }
        else if (received < 0 && !ErrnoReporter.isTransient(-received))
        {
            counters.udpReceiveErrors.incrementRelease();
            udpReceiveErrors.onErrno(-received);
        }

        flushTap();
        return workCount;
    }

    private void onDatagrams(final int datagrams)
    {
        final UnsafeBuffer buffer = receiveBuffer;
        final int capacity = buffer.capacity();
        long bytes = 0;
        int offset = 0;
        for (int i = 0; i < datagrams; i++)
        {
            final int payloadOffset = offset + DatagramBatchDescriptor.HEADER_LENGTH;
            final int length = payloadOffset <= capacity ? buffer.getInt(offset + DatagramBatchDescriptor.LENGTH_OFFSET) : -1;
            if (length < 0 || length > capacity - payloadOffset)
            {
                counters.dropTruncated.incrementRelease();
                break;
            }
            // opening packs the batch: an opened record is shorter by the tag and the records after it moved up
            final int recordFlags = opening ? buffer.getShort(offset + DatagramBatchDescriptor.FLAGS_OFFSET) & 0xFFFF : 0;
            final int ipv4 = buffer.getInt(offset + DatagramBatchDescriptor.ADDRESS_OFFSET, ByteOrder.BIG_ENDIAN);
            final int port = buffer.getShort(offset + DatagramBatchDescriptor.PORT_OFFSET) & 0xFFFF;
            final int reserved = buffer.getInt(offset + DatagramBatchDescriptor.RESERVED_OFFSET);
            offset += DatagramBatchDescriptor.recordLength(length);
            bytes += length;
            if (0 != (recordFlags & SessionKeys.FLAG_REJECTED))
            {
                onRejected(reserved);
            }
            else
            {
                onDatagram(ipv4, port, payloadOffset, length, 0 != (recordFlags & SessionKeys.FLAG_OPENED));
            }
        }
        counters.udpDatagramsIn.getAndAddRelease(datagrams);
        counters.udpBytesIn.getAndAddRelease(bytes);
        counters.udpReceiveBatches.incrementRelease();
    }

    private void onRejected(final int reason)
    {
        switch (reason)
        {
            case SessionKeys.REJECT_NO_SESSION:
                counters.dropNoSession.incrementRelease();
                break;

            case SessionKeys.REJECT_BAD_TAG:
                counters.dropBadTag.incrementRelease();
                break;

            case SessionKeys.REJECT_REPLAY:
                counters.dropReplay.incrementRelease();
                break;

            case SessionKeys.REJECT_WRONG_PEER:
                counters.dropWrongPeer.incrementRelease();
                break;

            default:
                counters.dropMalformedSealed.incrementRelease();
                break;
        }
    }

    private void onDatagram(final int ipv4, final int port, final int offset, final int length, final boolean opened)
    {
        if (length > maxDatagramLength)
        {
            counters.dropOversize.incrementRelease();
            return;
        }
        if (length < OverlayFrameFlyweight.HEADER_LENGTH)
        {
            counters.dropTruncated.incrementRelease();
            return;
        }

        final OverlayFrameFlyweight frame = this.frame.wrap(receiveBuffer, offset);
        if (OverlayFrameFlyweight.CURRENT_VERSION != frame.version())
        {
            counters.dropUnknownVersion.incrementRelease();
        }
        else if (opened)
        {
            onOpened(frame, ipv4, port, offset, length);
        }
        else if (0 != (frame.flags() & OverlayFrameFlyweight.FLAG_AEAD))
        {
            onSealedForAnother(frame, ipv4, port, offset, length);
        }
        else
        {
            onClear(frame, ipv4, port, offset, length);
        }
    }

    private void onOpened(
        final OverlayFrameFlyweight frame, final int ipv4, final int port, final int offset, final int length)
    {
        counters.framesOpened.incrementRelease();
        switch (frame.type())
        {
            case OverlayFrameType.DATA:
                if (table.isLocalNode(receiveBuffer, frame.dstNodeOffset()))
                {
                    onData(frame, ipv4, port, offset, length);
                }
                else
                {
                    // authentic but hop by hop: DATA is sealed end to end, for its destination only
                    counters.dropMalformedSealed.incrementRelease();
                }
                break;

            case OverlayFrameType.CONTROL:
                onControl(ipv4, port, offset, length);
                break;

            case OverlayFrameType.HANDSHAKE:
                counters.dropMalformedSealed.incrementRelease();
                break;

            default:
                counters.dropUnknownType.incrementRelease();
                break;
        }
    }

    /** A sealed frame the key table left alone: addressed to another node, so relayed only for a keyed neighbour. */
    private void onSealedForAnother(
        final OverlayFrameFlyweight frame, final int ipv4, final int port, final int offset, final int length)
    {
        if (!opening)
        {
            counters.dropUnsupportedFlags.incrementRelease();
        }
        else if (OverlayFrameType.DATA != frame.type() || table.isLocalNode(receiveBuffer, frame.dstNodeOffset()))
        {
            counters.dropUnauthenticated.incrementRelease();
        }
        else if (!table.isAuthenticatedEdge(ipv4, port))
        {
            counters.dropRelayUnauthenticated.incrementRelease();
        }
        else
        {
            forward(frame, ipv4, port, offset, length, true);
        }
    }

    private void onClear(
        final OverlayFrameFlyweight frame, final int ipv4, final int port, final int offset, final int length)
    {
        switch (frame.type())
        {
            case OverlayFrameType.HANDSHAKE:
                onHandshake(ipv4, port, offset, length);
                break;

            case OverlayFrameType.DATA:
                if (opening)
                {
                    counters.dropUnauthenticated.incrementRelease();
                }
                else
                {
                    onData(frame, ipv4, port, offset, length);
                }
                break;

            case OverlayFrameType.CONTROL:
                if (opening)
                {
                    counters.dropUnauthenticated.incrementRelease();
                }
                else
                {
                    onControl(ipv4, port, offset, length);
                }
                break;

            default:
                counters.dropUnknownType.incrementRelease();
                break;
        }
    }

    /** Hands a clear handshake to the control plane when the token bucket has a token. */
    private void onHandshake(final int ipv4, final int port, final int offset, final int length)
    {
        final long elapsedNs = nowNs - handshakeRefillNs;
        handshakeRefillNs = nowNs;
        if (elapsedNs > 0)
        {
            handshakeCreditNs = elapsedNs >= handshakeCreditMaxNs - handshakeCreditNs ?
                handshakeCreditMaxNs : handshakeCreditNs + elapsedNs;
        }
        if (handshakeCreditNs < handshakeCostNs)
        {
            counters.dropHandshakeRateLimited.incrementRelease();
            return;
        }
        handshakeCreditNs -= handshakeCostNs;
        if (EventRecords.offer(eventRing, CONTROL_FRAME, ipv4, port, nowNs, receiveBuffer, offset, length))
        {
            counters.handshakeFramesIn.incrementRelease();
        }
        else
        {
            counters.dropControlRingFull.incrementRelease();
        }
    }

    private void onData(
        final OverlayFrameFlyweight frame, final int ipv4, final int port, final int offset, final int length)
    {
        if (table.isLocalNode(receiveBuffer, frame.dstNodeOffset()))
        {
            final int frameLength = length - OverlayFrameFlyweight.HEADER_LENGTH;
            if (frameLength < EthernetDescriptor.HEADER_LENGTH)
            {
                counters.dropTruncated.incrementRelease();
            }
            else if (frameLength > maxFrameLength)
            {
                counters.dropOversize.incrementRelease();
            }
            else
            {
                deliver(frame, offset, length, frameLength);
            }
        }
        else if (opening)
        {
            // clear frames never reach here with keys attached, and sealed ones for others are relayed before
            counters.dropUnauthenticated.incrementRelease();
        }
        else
        {
            forward(frame, ipv4, port, offset, length, false);
        }
    }

    private void deliver(final OverlayFrameFlyweight frame, final int offset, final int length, final int frameLength)
    {
        final UnsafeBuffer buffer = receiveBuffer;
        final int payloadOffset = frame.payloadOffset();
        if (frameLength < EthernetDescriptor.HEADER_LENGTH + EthernetDescriptor.IPV4_MIN_HEADER_LENGTH ||
            EthernetDescriptor.ETHER_TYPE_IPV4 !=
            (buffer.getShort(payloadOffset + EthernetDescriptor.ETHER_TYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF))
        {
            // the sending engine only tunnels IPv4 (ARP and the rest are answered locally): anything else is forged
            counters.dropNotIpv4.incrementRelease();
            return;
        }
        final int srcIp = buffer.getInt(payloadOffset + EthernetDescriptor.IPV4_SRC_OFFSET, ByteOrder.BIG_ENDIAN);
        switch (table.checkSource(srcIp, buffer, frame.srcNodeOffset()))
        {
            case ForwardingTable.SOURCE_VERIFIED:
                appendTapFrame(buffer, payloadOffset, frameLength);
                break;

            case ForwardingTable.SOURCE_UNKNOWN:
                puntPeerFrame(PuntReason.SOURCE_UNKNOWN, offset, length);
                break;

            default:
                counters.dropSourceMismatch.incrementRelease();
                break;
        }
    }

    private void puntPeerFrame(final int reason, final int offset, final int length)
    {
        if (EventRecords.offer(eventRing, PEER_FRAME, reason, 0, nowNs, receiveBuffer, offset, length))
        {
            counters.framesSourceUnknown.incrementRelease();
        }
        else
        {
            counters.dropControlRingFull.incrementRelease();
        }
    }

    /**
     * Relays a DATA frame for another node to its next hop through the send ring, TTL decremented and hop count
     * incremented; a sealed frame keeps its session id (the destination's slot, covered by the seal), a clear one
     * gets the next edge's.
     */
    private void forward(
        final OverlayFrameFlyweight frame, final int ipv4, final int port, final int offset, final int length,
        final boolean sealed)
    {
        final int ttl = frame.ttl();
        if (ttl <= 1)
        {
            counters.dropTtlExpired.incrementRelease();
            return;
        }
        if (!table.resolveNode(receiveBuffer, frame.dstNodeOffset(), lookup))
        {
            counters.dropNoRoute.incrementRelease();
            return;
        }
        if (lookup.edgeAddress == ipv4 && lookup.edgePort == port)
        {
            // never send a frame back on the edge it arrived on: the two tables disagree, it would loop
            counters.dropReturnToSender.incrementRelease();
            return;
        }
        final int index = sendRing.tryClaim(FORWARD_FRAME, SEND_PAYLOAD_OFFSET + length);
        if (index <= 0)
        {
            counters.dropForwardRingFull.incrementRelease();
            return;
        }
        final MutableDirectBuffer ringBuffer = sendRing.buffer();
        ringBuffer.putInt(index + SEND_ADDRESS_OFFSET, lookup.edgeAddress);
        ringBuffer.putInt(index + SEND_PORT_OFFSET, lookup.edgePort);
        ringBuffer.putLong(index + SEND_SLOT_OFFSET, 0L);
        ringBuffer.putBytes(index + SEND_PAYLOAD_OFFSET, receiveBuffer, offset, length);
        forwardFrame.wrap(ringBuffer, index + SEND_PAYLOAD_OFFSET)
            .ttl(ttl - 1)
            .hopCount(Math.min(255, frame.hopCount() + 1));
        if (!sealed)
        {
            forwardFrame.sessionId(lookup.edgeSessionId);
        }
        sendRing.commit(index);
        counters.framesForwarded.incrementRelease();
        traffic.onForwarded(lookup.peerId, length);
    }

    private void onControl(final int ipv4, final int port, final int offset, final int length)
    {
        if (EventRecords.offer(eventRing, CONTROL_FRAME, ipv4, port, nowNs, receiveBuffer, offset, length))
        {
            counters.controlFramesIn.incrementRelease();
        }
        else
        {
            counters.dropControlRingFull.incrementRelease();
        }
    }

    /** Queues one frame from the control plane for the TAP; called by the ring during {@link #doWork()}. */
    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (WRITE_FRAME == msgTypeId && length > 0 && length <= maxFrameLength)
        {
            appendTapFrame(buffer, index, length);
        }
    }

    private void appendTapFrame(final DirectBuffer source, final int offset, final int length)
    {
        final int recordLength = FrameBatchDescriptor.recordLength(length);
        if (tapCount >= batchSize || tapLength + recordLength > tapBuffer.capacity())
        {
            flushTap();
        }
        final UnsafeBuffer buffer = tapBuffer;
        final int recordOffset = tapLength;
        buffer.putInt(recordOffset + FrameBatchDescriptor.LENGTH_OFFSET, length);
        buffer.putInt(recordOffset + FrameBatchDescriptor.RESERVED_OFFSET, 0);
        buffer.putBytes(recordOffset + FrameBatchDescriptor.HEADER_LENGTH, source, offset, length);
        tapLength += recordLength;
        tapCount++;
        tapBytes += length;
    }

    private void flushTap()
    {
        final int count = tapCount;
        if (count > 0)
        {
            final int written = tap.writeBatch(tapAddress, tapLength, count);
            if (written == count)
            {
                counters.tapFramesOut.getAndAddRelease(count);
                counters.tapBytesOut.getAndAddRelease(tapBytes);
            }
            else if (written >= 0)
            {
                counters.tapFramesOut.getAndAddRelease(written);
                counters.tapBytesOut.getAndAddRelease(bytesOfFirst(written));
                counters.tapWriteDropped.getAndAddRelease(count - written);
                final int errno = stopErrnoAfter(written);
                if (0 != errno && !ErrnoReporter.isTransient(errno))
                {
                    counters.tapWriteErrors.incrementRelease();
                    tapWriteErrors.onErrno(errno);
                }
            }
            else
            {
                counters.tapWriteDropped.getAndAddRelease(count);
                if (!ErrnoReporter.isTransient(-written))
                {
                    counters.tapWriteErrors.incrementRelease();
                    tapWriteErrors.onErrno(-written);
                }
            }
            counters.tapWriteBatches.incrementRelease();
            tapLength = 0;
            tapCount = 0;
            tapBytes = 0;
        }
    }

    /** @return the errno the TAP left in the record that stopped a partial batch, 0 when it was full. */
    private int stopErrnoAfter(final int records)
    {
        int offset = 0;
        for (int i = 0; i < records; i++)
        {
            offset += FrameBatchDescriptor.recordLength(tapBuffer.getInt(offset + FrameBatchDescriptor.LENGTH_OFFSET));
        }
        return tapBuffer.getInt(offset + FrameBatchDescriptor.RESERVED_OFFSET);
    }

    private long bytesOfFirst(final int records)
    {
        long bytes = 0;
        int offset = 0;
        for (int i = 0; i < records; i++)
        {
            final int length = tapBuffer.getInt(offset + FrameBatchDescriptor.LENGTH_OFFSET);
            bytes += length;
            offset += FrameBatchDescriptor.recordLength(length);
        }
        return bytes;
    }
}
