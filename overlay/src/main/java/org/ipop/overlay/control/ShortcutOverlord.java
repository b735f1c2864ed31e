package org.ipop.overlay.control;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.connection.ConnectionType;
import org.ipop.overlay.routing.RoutingMode;

/**
 * Symphony shortcuts: the network size N is estimated from the span of the near neighbours; while the node
 * has fewer than ceil({@link NodeConfig#shortcutFactor()} * log2 N) shortcut connections (incoming ones
 * count), it sends one greedy connect-to at a time toward self +/- 2^e with e uniform in [log2(2^160/N), 159],
 * which gives distances with probability ~1/d between the mean spacing and half the ring. Control-plane
 * thread only.
 */
final class ShortcutOverlord
{
    private static final long FULL_RECHECK_NS = 10_000_000_000L;

    private final OverlordHost host;
    private final ConnectionTable table;
    private final NodeConfig config;
    private final DeterministicRandom random;
    private long ctmToken;
    private long nextShortcutNs;

    ShortcutOverlord(
        final OverlordHost host, final ConnectionTable table, final NodeConfig config, final DeterministicRandom random)
    {
        this.host = host;
        this.table = table;
        this.config = config;
        this.random = random;
    }

    void onTick()
    {
        final long nowNs = host.nowNs();
        if (!host.placed() || ctmToken != 0 || nowNs < nextShortcutNs || config.shortcutFactor() <= 0)
        {
            return;
        }
        int count = 0;
        for (int i = 0, n = table.size(); i < n; i++)
        {
            if ((table.get(i).types() & ConnectionType.SHORTCUT) != 0)
            {
                count++;
            }
        }
        if (count >= target())
        {
            nextShortcutNs = nowNs + FULL_RECHECK_NS;
            return;
        }
        final double log2Size = estimatedLog2Size();
        final double low = Math.max(0, 160 - log2Size);
        final double exponent = Math.min(158.999, low + random.nextDouble() * (159 - low));
        final Address d = Address.powerOfTwo(exponent);
        final Address self = config.address();
        final Address point = (random.nextLong() & 1) == 0 ? self.add(d) : self.subtract(d);
        ctmToken = host.sendCtm(RoutingMode.GREEDY, point, ConnectionType.SHORTCUT, null, null).token;
        nextShortcutNs = nowNs + config.tickNs();
    }

    /**
     * @param token a connect-to that got its reply or expired.
     */
    void onCtmDone(final long token)
    {
        if (token == ctmToken)
        {
            ctmToken = 0;
        }
    }

    double estimatedLog2Size()
    {
        final int k = config.nearPerSide() - 1;
        if (table.size() < 2 * config.nearPerSide())
        {
            return Math.log(table.size() + 1) / Math.log(2);
        }
        final Address span = table.left(k).peer().clockwiseTo(table.right(k).peer());
        final double spacingLog2 = span.log2() - Math.log(2.0 * config.nearPerSide()) / Math.log(2);
        return Math.max(1.0, 160 - spacingLog2);
    }

    int target()
    {
        return (int)Math.ceil(config.shortcutFactor() * estimatedLog2Size());
    }
}
