package org.ipop.overlay.control;

import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.link.RttEstimator;
import org.ipop.overlay.wire.FrameHeader;

/**
 * Edge liveness (Brunet 2010): an edge silent for {@link NodeConfig#pingIdleNs()} gets a ping, resent on the
 * adaptive timeout (doubling up to x4) until {@link NodeConfig#maxSends()} sends; no answer closes it. Any
 * frame from the peer counts as an answer. Runs on the control-plane thread at each tick.
 */
final class LivenessMonitor
{
    private final ConnectionHost host;
    private final ConnectionTable table;
    private final NodeConfig config;
    private final ControlCounters counters;
    private final RttEstimator rtt;

    LivenessMonitor(
        final ConnectionHost host, final ConnectionTable table, final NodeConfig config, final ControlCounters counters,
        final RttEstimator rtt)
    {
        this.host = host;
        this.table = table;
        this.config = config;
        this.counters = counters;
        this.rtt = rtt;
    }

    void onTick()
    {
        final long nowNs = host.nowNs();
        for (int i = table.size() - 1; i >= 0; i--)
        {
            if (i >= table.size())
            {
                continue;
            }
            final Connection c = table.get(i);
            if (c.pingToken() != 0)
            {
                if (nowNs >= c.pingDeadlineNs())
                {
                    if (c.pingSends() >= config.maxSends())
                    {
                        counters.increment(ControlCounter.EDGES_TIMED_OUT);
                        host.close(c, false);
                    }
                    else
                    {
                        sendPing(c, c.pingToken(), c.pingSends() + 1, c.pingSentNs(), nowNs);
                    }
                }
            }
            else if (nowNs - c.lastHeardNs() >= config.pingIdleNs())
            {
                sendPing(c, host.nextToken(), 1, nowNs, nowNs);
            }
        }
    }

    private void sendPing(
        final Connection c, final long token, final int sends, final long firstSentNs, final long nowNs)
    {
        c.ping(token, sends, nowNs + (rtt.timeoutNs() << Math.min(sends - 1, 2)), firstSentNs);
        host.sendEdge(c.transport(), FrameHeader.TYPE_PING, token, null);
        counters.increment(ControlCounter.PINGS_SENT);
    }
}
