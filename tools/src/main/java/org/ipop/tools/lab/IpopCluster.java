package org.ipop.tools.lab;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.ipop.overlay.security.CertificateAuthority;
import org.ipop.overlay.security.CertificateException;
import org.ipop.overlay.security.NodeCertificate;
import org.ipop.overlay.security.IssuedNode;
import org.ipop.overlay.namespace.ClaimRecords;
import org.ipop.overlay.security.TrustStore;
import org.ipop.tools.IpopMain;
import org.ipop.tools.node.MemberCertificates;
import org.ipop.tools.node.NodeRuntime;
import org.ipop.tools.node.NodeStatus;

/**
 * Real {@code ipop node} processes, one per namespace of a {@link NetnsLab}: node 1 is the bootstrap, the
 * others join through it. Each node has its key, journal, run directory and log under a private work
 * directory. The cluster is its own network CA: each node gets a certificate for every virtual network of the
 * cluster (and {@code default}) at its first start, and runs with certificates and encryption like any node. Used by {@code ipop demo} and the end-to-end tests; {@link #close()} stops every process and
 * removes namespaces and files, also on failure and on Ctrl-C (through the lab's shutdown hook).
 */
public final class IpopCluster implements AutoCloseable
{
    /** UDP port every node listens on. */
    public static final int PORT = 4789;
    private static final long COMMAND_TIMEOUT_MS = 10_000;
    private static final Pattern ECHO_REPLY = Pattern.compile("bytes from (\\d+\\.\\d+\\.\\d+\\.\\d+)");

    private final NetnsLab lab;
    private final Path workDir;
    private final int nodes;
    private final String addressMode;
    private final PrintStream log;
    private final String[] namespaces;
    private final Process[] processes;
    private final int[] starts;
    private final String[] virtualNetworks;
    private final CertificateAuthority authority;
    private boolean closed;

    /**
     * Creates the lab (hub and one namespace per node); starts nothing yet.
     *
     * @param tag         short prefix for namespace names.
     * @param prefix      underlay /24 prefix, e.g. {@code 10.251.0}.
     * @param nodes       number of nodes (1..50).
     * @param addressMode {@code dhcp} (a DHCP client runs on each TAP) or {@code auto}.
     * @param log         progress lines.
     */
    public IpopCluster(final String tag, final String prefix, final int nodes, final String addressMode, final PrintStream log)
        throws IOException
    {
        this.nodes = nodes;
        this.addressMode = addressMode;
        this.log = log;
        this.workDir = Files.createTempDirectory(tag + "-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        this.namespaces = new String[nodes + 1];
        this.processes = new Process[nodes + 1];
        this.starts = new int[nodes + 1];
        this.virtualNetworks = new String[nodes + 1];
        this.lab = new NetnsLab(tag, prefix);
        final long now = System.currentTimeMillis() / 1000;
        this.authority = CertificateAuthority.create(tag + "-ca", now - 3600, now + 7 * 24 * 3600);
        Files.writeString(caFile(), authority.certificate().toText());
        try
        {
            for (int i = 1; i <= nodes; i++)
            {
                namespaces[i] = lab.addHost(i);
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /** @return the number of nodes. */
    public int size()
    {
        return nodes;
    }

    /** @return the lab underneath. */
    public NetnsLab lab()
    {
        return lab;
    }

    /** @return node {@code i}'s namespace. */
    public String namespace(final int i)
    {
        return namespaces[i];
    }

    /** @return node {@code i}'s underlay address. */
    public String underlay(final int i)
    {
        return lab.underlayAddress(i);
    }

    /** @return the journal directory of run {@code run} (1 = first start) of node {@code i}. */
    public Path journal(final int i, final int run)
    {
        return workDir.resolve("journal-" + i + "-" + run);
    }

    /** @return how many times node {@code i} was started. */
    public int runs(final int i)
    {
        return starts[i];
    }

    /** @return the certificate of the cluster's CA. */
    public Path caFile()
    {
        return workDir.resolve("ca.crt");
    }

    /** @return node {@code i}'s certificate file (written at its first start). */
    public Path certFile(final int i)
    {
        return workDir.resolve("node-" + i + ".crt");
    }

    /** @return node {@code i}'s key file (written at its first start, mode 0600). */
    public Path keyFile(final int i)
    {
        return workDir.resolve("node-" + i + ".key");
    }

    /**
     * Issues a certificate from the cluster's CA, e.g. for a test's own extra node.
     *
     * @param name       certificate name (hostname).
     * @param namespaces namespaces it may join.
     * @param certFile   where the certificate goes.
     * @param keyFile    where the key goes (mode 0600).
     * @param notBefore  validity start, epoch seconds.
     * @param notAfter   validity end, epoch seconds.
     * @return the certificate's fingerprint.
     */
    public String issue(
        final String name,
        final List<String> namespaces,
        final Path certFile,
        final Path keyFile,
        final long notBefore,
        final long notAfter) throws IOException
    {
        final IssuedNode issued = authority.issue(name, namespaces, 0, notBefore, notAfter);
        Files.writeString(certFile, issued.certificate().toText());
        issued.writeKeyFile(keyFile);
        return issued.certificate().fingerprint();
    }

    /**
     * @param namespace the namespace of the node whose journal is replayed.
     * @return the DHT claim-record rules the cluster's nodes applied, for {@code JournalReplayer.replay(dir, policy)}.
     */
    public ClaimRecords recordPolicy(final String namespace)
    {
        return new ClaimRecords(new MemberCertificates(TrustStore.of(List.of(authority.certificate()), List.of()), namespace));
    }

    /**
     * Writes a revocation of node {@code i}'s certificate, signed by the cluster's CA (what {@code ipop cert revoke}
     * writes), for {@code ipop revoke}.
     *
     * @param file where the revocation goes.
     */
    public void writeRevocation(final int i, final Path file) throws IOException
    {
        final NodeCertificate certificate;
        try
        {
            certificate = NodeCertificate.fromText(Files.readString(certFile(i)));
        }
        catch (final CertificateException ex)
        {
            throw new IOException(ex.getMessage(), ex);
        }
        Files.writeString(file, authority.revoke(certificate.fingerprint(), System.currentTimeMillis() / 1000).toText());
    }

    private void ensureCertificate(final int i) throws IOException
    {
        if (Files.exists(certFile(i)))
        {
            return;
        }
        final Set<String> networks = new java.util.TreeSet<>();
        networks.add("default");
        for (final String network : virtualNetworks)
        {
            if (network != null)
            {
                networks.add(network);
            }
        }
        final long now = System.currentTimeMillis() / 1000;
        issue(hostname(i), List.copyOf(networks), certFile(i), keyFile(i), now - 3600, now + 7 * 24 * 3600);
    }

    /** @return node {@code i}'s log file. */
    public Path logFile(final int i)
    {
        return workDir.resolve("node-" + i + ".log");
    }

    /** @return the hostname node {@code i} registers. */
    public static String hostname(final int i)
    {
        return "node" + i;
    }

    /**
     * Puts node {@code i} into another virtual network than the default one; takes effect at its next start.
     *
     * @param name the IPOP namespace it joins ({@code --namespace}).
     */
    public void virtualNetwork(final int i, final String name)
    {
        virtualNetworks[i] = name;
    }

    /** Starts (or restarts) node {@code i}'s process; its key, and so its overlay address, survive restarts. */
    public synchronized void startNode(final int i) throws IOException
    {
        ensureCertificate(i);
        startNode(i, List.of("--ca", caFile().toString(), "--cert", certFile(i).toString(), "--key", keyFile(i).toString()));
    }

    /**
     * Starts node {@code i}'s process with security flags of the caller's choosing instead of the cluster's own
     * certificate: a stranger, a node of another CA or namespace, a plaintext node.
     *
     * @param security flags such as {@code --ca}, {@code --cert}, {@code --key}, {@code --security}.
     */
    public synchronized void startNode(final int i, final List<String> security) throws IOException
    {
        final List<String> command = new ArrayList<>(javaCommand());
        command.add("node");
        command.addAll(security);
        command.addAll(List.of(
            "--listen", underlay(i) + ":" + PORT,
            "--tap", "ipop0",
            "--threading", "shared",
            "--address-mode", addressMode,
            "--journal", journal(i, ++starts[i]).toString(),
            "--run-dir", runDir(i).toString(),
            "--hostname", hostname(i)));
        if (i != 1)
        {
            command.addAll(List.of("--bootstrap", underlay(1) + ":" + PORT));
        }
        if (virtualNetworks[i] != null)
        {
            command.addAll(List.of("--namespace", virtualNetworks[i]));
        }
        Files.deleteIfExists(NodeRuntime.statusFile(runDir(i), "ipop0"));   // left behind by a killed node
        processes[i] = lab.spawn(namespaces[i], logFile(i).toFile(), command);
    }

    /** Stops node {@code i} with SIGTERM (a clean leave) and waits for it to exit. */
    public void stopNode(final int i) throws InterruptedException
    {
        final Process process = processes[i];
        if (process != null)
        {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Kills node {@code i} with SIGKILL: no leave, the ring must notice by itself. */
    public void killNode(final int i) throws InterruptedException
    {
        final Process process = processes[i];
        if (process != null)
        {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** @return node {@code i}'s current status, or null when it has written none (yet). */
    public NodeStatus status(final int i)
    {
        try
        {
            return NodeStatus.read(NodeRuntime.statusFile(runDir(i), "ipop0"));
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    /** @return true when every node has written its status (is running). */
    public boolean allReporting()
    {
        for (int i = 1; i <= nodes; i++)
        {
            if (status(i) == null)
            {
                return false;
            }
        }
        return true;
    }

    /** @return true when every node reports its virtual address. */
    public boolean allLeased()
    {
        for (int i = 1; i <= nodes; i++)
        {
            if (vip(i) == null)
            {
                return false;
            }
        }
        return true;
    }

    /** @return node {@code i}'s virtual address, or null. */
    public String vip(final int i)
    {
        final NodeStatus status = status(i);
        return status == null ? null : status.vip();
    }

    /** @return the virtual DNS address the nodes answer on, from node {@code i}'s status, or null. */
    public String dnsIp(final int i)
    {
        final NodeStatus status = status(i);
        final String gateway = status == null ? null : status.value("gateway");
        if (gateway == null)
        {
            return null;
        }
        final String[] f = gateway.split(" ");
        return f.length >= 3 ? f[2] : null;
    }

    /**
     * Polls until {@code condition} holds or the deadline passes.
     *
     * @return whether it held.
     */
    public static boolean await(final long timeoutMs, final java.util.function.BooleanSupplier condition)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            Thread.sleep(200);   // polling interval of an external condition, not a synchronization
        }
        return true;
    }

    /**
     * Runs busybox udhcpc on node {@code i}'s TAP until it has a lease (dhcp mode), sending the node's
     * hostname (option 12); the lease script adds the address to the TAP.
     *
     * @return the client's result.
     */
    public CommandRunner.Result runDhcpClient(final int i) throws IOException
    {
        final Path script = workDir.resolve("udhcpc.script");
        if (!Files.exists(script))
        {
            Files.writeString(script, String.join("\n",
                "#!/bin/sh",
                "# busybox udhcpc lease script: set the leased address on the interface",
                "case \"$1\" in",
                "  bound|renew) ip addr replace \"$ip/${mask:-16}\" brd + dev \"$interface\" ;;",
                "  deconfig) ip addr flush dev \"$interface\" ;;",
                "esac",
                ""), StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        }
        return lab.exec(namespaces[i], 60_000, "busybox", "udhcpc", "-i", "ipop0", "-q", "-n", "-f",
            "-t", "20", "-T", "2", "-x", "hostname:" + hostname(i), "-s", script.toString());
    }

    /** @return true when node {@code from} gets an echo reply from {@code vip} before the deadline. */
    public boolean ping(final int from, final String vip, final long timeoutMs) throws InterruptedException
    {
        return await(timeoutMs, () -> lab.exec(namespaces[from], COMMAND_TIMEOUT_MS, "ping", "-c", "1", "-W", "1", vip).ok());
    }

    /** Lets every node's host answer echo requests sent to a broadcast address (Linux ignores them by default). */
    public void answerBroadcastPings()
    {
        for (int i = 1; i <= nodes; i++)
        {
            lab.exec(namespaces[i], COMMAND_TIMEOUT_MS, "sysctl", "-w", "net.ipv4.icmp_echo_ignore_broadcasts=0");
        }
    }

    /**
     * @return the broadcast address of node {@code i}'s TAP subnet (from the address its DHCP client or node
     *         set), or null when it has none.
     */
    public String broadcastAddress(final int i)
    {
        final String out = lab.exec(namespaces[i], COMMAND_TIMEOUT_MS, "ip", "-o", "-4", "addr", "show", "dev", "ipop0")
            .output();
        final Matcher brd = Pattern.compile("brd (\\d+\\.\\d+\\.\\d+\\.\\d+)").matcher(out);
        return brd.find() ? brd.group(1) : null;
    }

    /**
     * Sends two echo requests from node {@code from} to {@code broadcast} ({@code ping -b}).
     *
     * @return the addresses that answered (the sender's own host included: it answers its own broadcast).
     */
    public Set<String> broadcastPing(final int from, final String broadcast)
    {
        final CommandRunner.Result result = lab.exec(namespaces[from], COMMAND_TIMEOUT_MS,
            "ping", "-b", "-c", "2", "-W", "2", broadcast);
        final Set<String> answered = new HashSet<>();
        final Matcher m = ECHO_REPLY.matcher(result.output());
        while (m.find())
        {
            answered.add(m.group(1));
        }
        return answered;
    }

    /** @return the address {@code name} resolves to from node {@code from} via the virtual DNS, or null. */
    public String resolve(final int from, final String name)
    {
        final String dns = dnsIp(from);
        if (dns == null)
        {
            return null;
        }
        final CommandRunner.Result result = lab.exec(namespaces[from], COMMAND_TIMEOUT_MS,
            "dig", "+short", "+time=2", "+tries=3", "@" + dns, name);
        final String out = result.output().trim();
        return result.ok() && out.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") ? out : null;
    }

    /** @return the last lines of node {@code i}'s log, for failure messages. */
    public String tail(final int i)
    {
        try
        {
            final List<String> lines = Files.readAllLines(logFile(i), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        }
        catch (final IOException ex)
        {
            return "(no log: " + ex.getMessage() + ")";
        }
    }

    /** @return node {@code i}'s run directory (its admin channel is {@code ipop0.aeron} in it). */
    public Path runDir(final int i)
    {
        return workDir.resolve("run-" + i);
    }

    /** The JVM running this process, with its module flags, and this class path: how nodes are started. */
    private static List<String> javaCommand()
    {
        return javaCommand(System.getProperty("java.class.path"));
    }

    /**
     * @param classPath the class path to run with.
     * @return the command that runs {@code ipop} in the JVM running this process, with its module flags.
     */
    public static List<String> javaCommand(final String classPath)
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle") || arg.startsWith("-Djava.net") ||
                arg.startsWith("-Dipop"))
            {
                command.add(arg);
            }
        }
        // as tools/ipop runs a node, and C1 only: five nodes starting at once on two cores spend their first
        // seconds compiling, and a lab node needs no peak throughput
        command.addAll(List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1",
            "-cp", classPath, IpopMain.class.getName()));
        return command;
    }

    /** Stops every node, deletes the namespaces and the work directory; idempotent. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        lab.close();
        try (Stream<Path> files = Files.walk(workDir))
        {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
        catch (final IOException ex)
        {
            log.println("ipop: could not remove " + workDir + ": " + ex.getMessage());
        }
    }
}
