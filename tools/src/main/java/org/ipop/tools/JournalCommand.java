package org.ipop.tools;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.ipop.overlay.journal.JournalPrinter;
import org.ipop.overlay.journal.JournalReplayer;
import org.ipop.overlay.journal.ReplayResult;
import org.ipop.overlay.namespace.ClaimRecords;
import org.ipop.overlay.security.CertificateException;
import org.ipop.overlay.security.NodeCertificate;
import org.ipop.overlay.security.TrustStore;
import org.ipop.tools.node.MemberCertificates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ipop journal dump|replay DIR}: a node's control-plane journal as text, or replayed and checked. */
@Command(
    name = "journal",
    mixinStandardHelpOptions = true,
    description = "Read a node's control-plane journal (the directory given as journal: in its configuration).",
    subcommands = {JournalCommand.Dump.class, JournalCommand.Replay.class})
public final class JournalCommand implements Runnable
{
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }

    static Path existing(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            throw new UserFacingException("no journal directory " + dir);
        }
        return dir;
    }

    /** Prints the records, optionally only a time window and some types. */
    @Command(name = "dump", mixinStandardHelpOptions = true, description = "Print every record: time (ns), type, fields.")
    static final class Dump implements Callable<Integer>
    {
        @Parameters(paramLabel = "DIR", description = "Journal directory.")
        Path dir;

        @Option(names = "--from", paramLabel = "NS", description = "Only records at or after this time.")
        Long from;

        @Option(names = "--to", paramLabel = "NS", description = "Only records at or before this time.")
        Long to;

        private static final java.util.List<String> RECORD_TYPES =
            java.util.List.of("start", "frame", "timer", "traffic", "probe", "leave", "checkpoint", "attach", "command");

        @Option(names = "--type", paramLabel = "TYPE", split = ",",
            description = "Only these types: start, frame, timer, traffic, probe, leave, checkpoint, attach, command (DHT operations).")
        java.util.Set<String> types;

        @Override
        public Integer call()
        {
            existing(dir);
            if (types != null)
            {
                for (final String type : types)
                {
                    if (!RECORD_TYPES.contains(type))
                    {
                        throw new UserFacingException("unknown record type '" + type + "'; one of " + RECORD_TYPES);
                    }
                }
            }
            final PrintStream saved = System.out;
            final PrintStream filtered = new PrintStream(new LineFilter(saved), true, StandardCharsets.UTF_8);
            System.setOut(filtered);
            try
            {
                JournalPrinter.main(new String[] {dir.toString()});
            }
            finally
            {
                filtered.flush();
                System.setOut(saved);
            }
            return 0;
        }

        private boolean keep(final String line)
        {
            final String[] f = line.split(" ", 3);
            if (f.length < 2)
            {
                return true;
            }
            final long time;
            try
            {
                time = Long.parseLong(f[0]);
            }
            catch (final NumberFormatException ex)
            {
                return true;
            }
            return (from == null || time >= from) && (to == null || time <= to) && (types == null || types.contains(f[1]));
        }

        /** Passes whole lines that {@link #keep} accepts. */
        private final class LineFilter extends OutputStream
        {
            private final PrintStream target;
            private final StringBuilder line = new StringBuilder();

            LineFilter(final PrintStream target)
            {
                this.target = target;
            }

            @Override
            public void write(final int b)
            {
                if (b == '\n')
                {
                    final String text = line.toString();
                    line.setLength(0);
                    if (keep(text))
                    {
                        target.println(text);
                    }
                }
                else
                {
                    line.append((char)b);
                }
            }
        }
    }

    /** Replays the journal into a fresh control plane and checks every checkpoint's digest. */
    @Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay into a fresh control plane; print each journaled checkpoint digest and whether the replay matched.")
    static final class Replay implements Callable<Integer>
    {
        private static TrustStore trustStore(final java.util.List<Path> files)
        {
            final java.util.List<NodeCertificate> certificates = new java.util.ArrayList<>();
            for (final Path file : files)
            {
                try
                {
                    certificates.add(NodeCertificate.fromText(java.nio.file.Files.readString(file)));
                }
                catch (final java.io.IOException | CertificateException ex)
                {
                    throw new UserFacingException("cannot read the CA certificate " + file + ": " + ex.getMessage());
                }
            }
            return TrustStore.of(certificates, java.util.List.of());
        }

        @Parameters(paramLabel = "DIR", description = "Journal directory.")
        Path dir;

        @Option(names = "--ca", paramLabel = "FILE", split = ",",
            description = "CA certificate(s) of the node (a node with certificates judged DHT claim records with them).")
        java.util.List<Path> cas;

        @Option(names = "--namespace", paramLabel = "NAME", defaultValue = "default",
            description = "The node's namespace (with --ca; default: ${DEFAULT-VALUE}).")
        String namespace;

        @Override
        public Integer call()
        {
            existing(dir);
            final Dump checkpoints = new Dump();
            checkpoints.dir = dir;
            checkpoints.types = java.util.Set.of("checkpoint");
            checkpoints.call();
            final ReplayResult r = cas == null || cas.isEmpty() ? JournalReplayer.replay(dir) :
                JournalReplayer.replay(dir, new ClaimRecords(new MemberCertificates(trustStore(cas), namespace)));
            System.out.println("replay: records=" + r.records() + " checkpoints=" + r.checkpoints() +
                " mismatches=" + r.mismatches() + (r.mismatches() == 0 ? " (all digests match)" :
                " (first mismatch at " + r.firstMismatchNs() + " ns)"));
            return r.mismatches() == 0 ? 0 : 1;
        }
    }
}
