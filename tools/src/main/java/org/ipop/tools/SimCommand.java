package org.ipop.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.ipop.overlay.sim.SimulatorMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** {@code ipop sim ...}: the overlay simulator (many control planes in one JVM on a virtual clock). */
@Command(
    name = "sim",
    description = {
        "Run the overlay simulator: the production control planes over an in-memory network with a",
        "virtual clock; prints its summary. Options are the simulator's, e.g.",
        "  ipop sim --nodes 1000 --seeds 3 --join-rate 100 --kill 0.1 --seed 1",
        "(ipop sim --help prints them)."
    })
public final class SimCommand implements Callable<Integer>
{
    @Parameters(arity = "0..*", hidden = true)
    List<String> positional = new ArrayList<>();

    @Unmatched
    List<String> options = new ArrayList<>();

    @Override
    public Integer call()
    {
        final List<String> args = new ArrayList<>(options);
        args.addAll(positional);
        SimulatorMain.main(args.toArray(new String[0]));
        return 0;
    }
}
