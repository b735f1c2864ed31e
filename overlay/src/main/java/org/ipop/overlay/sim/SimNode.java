package org.ipop.overlay.sim;

import org.agrona.DirectBuffer;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.control.ControlTransport;
import org.ipop.overlay.control.InputJournal;

/**
 * One simulated node: its control plane (the production code, unchanged), its in-memory transport and its
 * recorded data plane.
 */
public final class SimNode implements ControlTransport
{
    private final Simulator sim;
    private final int index;
    private final long transportAddress;
    private final long startNs;
    private final RecordingDataPlane dataPlane = new RecordingDataPlane();
    ControlPlane plane;
    InputJournal journal;
    boolean dead;
    long joinedNs = -1;

    SimNode(final Simulator sim, final int index, final long transportAddress, final long startNs)
    {
        this.sim = sim;
        this.index = index;
        this.transportAddress = transportAddress;
        this.startNs = startNs;
    }

    @Override
    public boolean sendControl(
        final int dstIp, final int dstPort, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        sim.send(this, TransportAddress.pack(dstIp, dstPort), copy);
        return true;
    }

    /** @return index in the simulator. */
    public int index()
    {
        return index;
    }

    /** @return the control plane. */
    public ControlPlane plane()
    {
        return plane;
    }

    /** @return the recorded data-plane state. */
    public RecordingDataPlane dataPlane()
    {
        return dataPlane;
    }

    /** @return packed transport address. */
    public long transportAddress()
    {
        return transportAddress;
    }

    /** @return virtual start time. */
    public long startNs()
    {
        return startNs;
    }

    /** @return true once killed. */
    public boolean dead()
    {
        return dead;
    }

    /** @return virtual time the node first had correct left and right neighbours, or -1. */
    public long joinedNs()
    {
        return joinedNs;
    }
}
