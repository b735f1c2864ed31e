package org.ipop.overlay.journal;

import org.agrona.DirectBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.control.NodeConfig;
import org.ipop.overlay.control.StateDigest;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Prints a journal as text, one record a line, and with {@code --replay} replays it and reports whether every
 * checkpoint matched. Exit status 1 on a mismatch.
 * <pre>
 * java $IPOP_JVM_FLAGS -cp ... org.ipop.overlay.journal.JournalPrinter [--replay] DIR
 * </pre>
 */
public final class JournalPrinter implements JournalHandler
{
    private final PrintStream out;

    private JournalPrinter(final PrintStream out)
    {
        this.out = out;
    }

    /**
     * @param args {@code [--replay] DIR}.
     */
    public static void main(final String[] args)
    {
        if (args.length == 0 || "--help".equals(args[0]))
        {
            System.out.println("JournalPrinter [--replay] DIR: print a control-plane journal as text; " +
                "--replay also replays it and checks every checkpoint digest.");
            return;
        }
        final boolean replay = "--replay".equals(args[0]);
        final Path dir = Path.of(args[args.length - 1]);
        JournalReader.read(dir, new JournalPrinter(System.out));
        if (replay)
        {
            final ReplayResult r = JournalReplayer.replay(dir);
            System.out.println("replay: records=" + r.records() + " checkpoints=" + r.checkpoints() +
                " mismatches=" + r.mismatches() + " connections=" + r.plane().table().size() +
                " digest=" + StateDigest.hex(StateDigest.compute(r.plane())));
            if (r.mismatches() > 0)
            {
                System.exit(1);
            }
        }
    }

    @Override
    public void onStart(final DirectBuffer config, final int offset, final int length)
    {
        final NodeConfig c = NodeConfig.decode(config, offset, length);
        out.println("0 start address=" + c.address() + " transport=" + TransportAddress.toString(c.localTransport()) +
            " seed=" + c.seed() + " realm=" + c.realm() + " bootstraps=" + c.bootstraps().length);
    }

    @Override
    public void onFrame(
        final long timeNs, final int srcIp, final int srcPort, final DirectBuffer frame, final int offset,
        final int length)
    {
        out.println(timeNs + " frame from=" + TransportAddress.toString(TransportAddress.pack(srcIp, srcPort)) +
            " type=" + (length > 1 ? frame.getByte(offset + 1) : -1) + " length=" + length);
    }

    @Override
    public void onTimer(final long timeNs)
    {
        out.println(timeNs + " timer");
    }

    @Override
    public void onTraffic(final long timeNs, final Address destination, final long packets)
    {
        out.println(timeNs + " traffic destination=" + destination + " packets=" + packets);
    }

    @Override
    public void onProbe(final long timeNs, final int mode, final Address destination, final int param)
    {
        out.println(timeNs + " probe mode=" + mode + " destination=" + destination + " param=" + param);
    }

    @Override
    public void onLeave(final long timeNs)
    {
        out.println(timeNs + " leave");
    }

    @Override
    public void onAttach(
        final long timeNs, final int payloadType, final DirectBuffer config, final int offset, final int length)
    {
        out.println(timeNs + " attach payload-type=" + payloadType + " config-length=" + length);
    }

    @Override
    public void onCommand(
        final long timeNs, final int payloadType, final DirectBuffer command, final int offset, final int length)
    {
        out.println(timeNs + " command payload-type=" + payloadType + " op=" + (length > 0 ? command.getByte(offset) : -1) +
            " length=" + length);
    }

    @Override
    public void onCheckpoint(final long timeNs, final byte[] digest)
    {
        out.println(timeNs + " checkpoint " + StateDigest.hex(digest));
    }
}
