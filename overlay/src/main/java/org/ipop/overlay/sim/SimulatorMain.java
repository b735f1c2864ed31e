package org.ipop.overlay.sim;

import java.util.Locale;

/**
 * Runs one {@link Scenario} and prints its figures as JSON on standard output.
 * <pre>
 * java $IPOP_JVM_FLAGS -cp ... org.ipop.overlay.sim.SimulatorMain --nodes 10000 --seeds 3 --join-rate 100 \
 *     --kill 0.1 --loss 0 --seed 1 --shortcut-factor 1.0 --pairs 10000
 * </pre>
 */
public final class SimulatorMain
{
    private SimulatorMain()
    {
    }

    /**
     * @param args see {@link #usage()}.
     */
    public static void main(final String[] args)
    {
        final Scenario s = new Scenario();
        for (int i = 0; i < args.length; i++)
        {
            final String a = args[i];
            if ("--help".equals(a) || "-h".equals(a))
            {
                System.out.println(usage());
                return;
            }
            if (i + 1 >= args.length)
            {
                fail("missing value for " + a);
            }
            final String v = args[++i];
            switch (a)
            {
                case "--nodes" -> s.nodes = Integer.parseInt(v);
                case "--seeds" -> s.seeds = Integer.parseInt(v);
                case "--join-rate" -> s.joinRate = Double.parseDouble(v);
                case "--kill" -> s.killFraction = Double.parseDouble(v);
                case "--loss" -> s.loss = Double.parseDouble(v);
                case "--seed" -> s.seed = Long.parseLong(v);
                case "--shortcut-factor" -> s.shortcutFactor = Double.parseDouble(v);
                case "--pairs" -> s.pairs = Integer.parseInt(v);
                case "--settle" -> s.settleSeconds = Integer.parseInt(v);
                case "--max-join" -> s.maxJoinSeconds = Integer.parseInt(v);
                case "--max-recovery" -> s.maxRecoverySeconds = Integer.parseInt(v);
                case "--checkpoint" -> s.checkpointSeconds = Integer.parseInt(v);
                case "--ring-check" -> s.ringCheckSeconds = Integer.parseInt(v);
                case "--journal-dir" ->
                {
                    final java.nio.file.Path dir = java.nio.file.Path.of(v);
                    s.journals = n -> new org.ipop.overlay.journal.ChronicleJournal(dir.resolve("node-" + n));
                }
                default -> fail("unknown option " + a);
            }
        }
        if (s.nodes < 2 || s.seeds < 1 || s.seeds > s.nodes || s.joinRate <= 0)
        {
            fail("need --nodes >= 2, 1 <= --seeds <= nodes, --join-rate > 0");
        }
        final ScenarioResult result = s.run();
        s.simulator().closeJournals();
        System.out.println(result.toJson());
    }

    private static void fail(final String message)
    {
        System.err.println(message);
        System.err.println(usage());
        System.exit(2);
    }

    /** @return the help text. */
    static String usage()
    {
        return String.format(Locale.ROOT, "%s%n%s%n%s%n%s%n%s%n%s%n%s%n%s%n%s%n%s%n%s%n%s%n%s%n%s%n%s%n",
            "SimulatorMain: simulate an IPOP ring in one JVM and print its figures as JSON.",
            "  --nodes N            nodes including seeds (default 1000)",
            "  --seeds S            seed nodes everyone bootstraps from (default 3)",
            "  --join-rate R        nodes started per virtual second (default 50)",
            "  --kill F             fraction killed at once after settling (default 0.1; 0 = none)",
            "  --loss P             frame loss probability (default 0)",
            "  --seed X             run seed (default 1)",
            "  --shortcut-factor K  shortcuts per node = ceil(K * log2 N) (default 1.0)",
            "  --pairs P            random pairs for the greedy hop measurement (default 10000)",
            "  --settle S           virtual seconds between joining and measuring (default 30)",
            "  --max-join S         give up waiting for consistency after S seconds (default 120)",
            "  --max-recovery S     give up waiting for recovery after S seconds (default 120)",
            "  --journal-dir D      journal every node to D/node-<i> (Chronicle Queue; default: no journal)",
            "  --checkpoint S       journal a state digest of every node every S virtual seconds (default 0)",
            "  --ring-check S       mean interval of ring checks through a seed, 0 = off (default 300)");
    }
}
