package org.ipop.overlay.sim;

import java.util.Locale;

/**
 * Figures of one {@link Scenario} run. Times are virtual seconds unless named wall.
 */
public final class ScenarioResult
{
    /** Nodes. */
    public int nodes;
    /** Seeds. */
    public int seeds;
    /** Run seed. */
    public long seed;
    /** Loss rate. */
    public double loss;
    /** Shortcut factor. */
    public double shortcutFactor;
    /** Consistency when the join phase ended. */
    public double joinConsistency;
    /** Virtual time all nodes had correct neighbours, -1 if never. */
    public double allJoinedSeconds;
    /** Join time percentiles (start to first correct left and right neighbours). */
    public double joinP50;
    /** 90th percentile join time. */
    public double joinP90;
    /** 99th percentile join time. */
    public double joinP99;
    /** Longest join time. */
    public double joinMax;
    /** Consistency after settling. */
    public double settledConsistency;
    /** Mean connections per node. */
    public double connectionsPerNode;
    /** Mean near connections per node. */
    public double nearPerNode;
    /** Mean shortcut connections per node. */
    public double shortcutsPerNode;
    /** Control frames sent per node per virtual second at steady state. */
    public double msgsPerNodePerSecond;
    /** Greedy hops: mean. */
    public double hopsMean;
    /** Greedy hops: median. */
    public double hopsP50;
    /** Greedy hops: 99th percentile. */
    public double hopsP99;
    /** Greedy hops: max. */
    public double hopsMax;
    /** Pairs greedy routing did not deliver. */
    public int routingFailures;
    /** Nodes killed at once. */
    public int killed;
    /** Consistency right after the deaths. */
    public double consistencyAfterKill;
    /** Consistency at the end of the recovery phase. */
    public double recoveredConsistency;
    /** Virtual seconds from the deaths to full consistency, -1 if not reached. */
    public double recoverySeconds;
    /** Virtual seconds simulated. */
    public double virtualSeconds;
    /** Frames delivered by the simulated network. */
    public long framesDelivered;
    /** Wall-clock seconds. */
    public double wallSeconds;
    /** Largest heap use sampled, MB. */
    public double peakHeapMb;

    /** @return the figures as one JSON object. */
    public String toJson()
    {
        final double log2n = Math.log(nodes) / Math.log(2);
        return String.format(Locale.ROOT,
            "{\"nodes\":%d,\"seeds\":%d,\"seed\":%d,\"loss\":%.3f,\"shortcutFactor\":%.2f," +
            "\"join\":{\"consistency\":%.4f,\"allJoinedAtS\":%.1f,\"p50S\":%.1f,\"p90S\":%.1f,\"p99S\":%.1f,\"maxS\":%.1f}," +
            "\"settledConsistency\":%.4f," +
            "\"connectionsPerNode\":{\"all\":%.2f,\"near\":%.2f,\"shortcut\":%.2f}," +
            "\"msgsPerNodePerS\":%.2f," +
            "\"greedyHops\":{\"mean\":%.2f,\"p50\":%.0f,\"p99\":%.0f,\"max\":%.0f,\"failures\":%d," +
            "\"targetMean\":%.2f,\"targetP99\":%.2f}," +
            "\"churn\":{\"killed\":%d,\"consistencyAfterKill\":%.4f,\"recoveredConsistency\":%.4f,\"recoveryS\":%.1f}," +
            "\"virtualS\":%.1f,\"framesDelivered\":%d,\"wallS\":%.1f,\"peakHeapMb\":%.0f}",
            nodes, seeds, seed, loss, shortcutFactor,
            joinConsistency, allJoinedSeconds, joinP50, joinP90, joinP99, joinMax,
            settledConsistency, connectionsPerNode, nearPerNode, shortcutsPerNode, msgsPerNodePerSecond,
            hopsMean, hopsP50, hopsP99, hopsMax, routingFailures, 0.5 * log2n + 1, log2n,
            killed, consistencyAfterKill, recoveredConsistency, recoverySeconds,
            virtualSeconds, framesDelivered, wallSeconds, peakHeapMb);
    }
}
