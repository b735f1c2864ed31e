package org.ipop.tools.node;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.ipop.engine.Engine;
import org.ipop.engine.EngineContext;
import org.ipop.engine.ThreadingMode;
import org.ipop.engine.idle.DeadlineIdleStrategy;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.NodeIdentity;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.control.ControlTransport;
import org.ipop.overlay.vnet.EngineControlTransport;
import org.ipop.overlay.vnet.EngineDataPlaneCommands;
import org.ipop.overlay.vnet.EngineEventDispatcher;
import org.ipop.overlay.vnet.NodeGlueAgent;
import org.ipop.overlay.vnet.MemberDirectory;
import org.ipop.overlay.vnet.NodeLeases;
import org.ipop.overlay.vnet.PeerIds;
import org.ipop.overlay.vnet.RevocationWatcher;
import org.ipop.overlay.vnet.SecureChannels;
import org.ipop.overlay.vnet.ServicePuntRules;
import org.ipop.overlay.vnet.VipRoutes;
import org.ipop.overlay.dht.DhtContext;
import org.ipop.overlay.dht.signed.RecordSigner;
import org.ipop.overlay.namespace.ClaimRecords;
import org.ipop.overlay.dht.DhtKeeper;
import org.ipop.overlay.dht.ReplicatedDht;
import org.ipop.overlay.namespace.IpopNamespace;
import org.ipop.overlay.namespace.NamespaceConfig;
import org.ipop.overlay.journal.ChronicleJournal;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.control.ControlPlaneAgent;
import org.ipop.overlay.control.InputJournal;
import org.ipop.overlay.control.NodeConfig;
import org.ipop.overlay.service.TapServices;
import org.ipop.overlay.service.TapServicesContext;
import org.ipop.overlay.service.dhcp.LeaseCallback;
import org.ipop.overlay.service.frame.Ipv4Address;
import org.ipop.overlay.wire.FrameHeader;
import org.ipop.tap.Bridge;
import org.ipop.tap.Bridges;
import org.ipop.tap.DatagramEndpoint;
import org.ipop.tap.Errno;
import org.ipop.tap.FrameDevice;
import org.ipop.tap.NativeException;
import org.ipop.tap.SessionKeys;
import org.ipop.tap.TapConfig;
import org.ipop.tap.UdpConfig;
import org.ipop.tools.UserFacingException;
import org.ipop.tools.admin.AdminChannel;
import org.ipop.tools.admin.AdminDriver;
import org.ipop.tools.admin.AdminServerAgent;
import org.ipop.tools.config.AddressMode;
import org.ipop.tools.config.NodeFileConfig;
import org.ipop.tools.lab.CommandRunner;

/**
 * One running node: loads the identity, opens the TAP (its MAC is the namespace's virtual MAC, so frames
 * decapsulated on any node are addressed to the local TAP) and the UDP socket, launches the engine, builds
 * the control plane with its journal, the TAP services and the glue, and runs all control-plane work on
 * one thread ({@code ipop-control}), including the node's end of the admin channel ({@link AdminDriver}, an
 * embedded Aeron driver in {@code <run-dir>/<tap>.aeron}, mode 0700: only the node's user or root can open it).
 * {@link #close()} stops everything in reverse order; idempotent.
 */
public final class NodeRuntime implements AutoCloseable
{
    /** Checkpoint interval of the journal. */
    public static final long CHECKPOINT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(5);

    /** Shortest sleep of an idle control thread: a deadline an agent fails to advance cannot make it spin. */
    static final long CONTROL_MIN_SLEEP_NS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * Longest sleep of an idle control thread: how late it sees input that wakes no doorbell (admin requests,
     * replies of upstream DNS servers): short for a person at a prompt, 10 wake-ups a second when idle.
     */
    static final long CONTROL_MAX_SLEEP_NS = TimeUnit.MILLISECONDS.toNanos(100);
    /** A first node (no bootstrap) waits this long for others before it leases. */
    public static final long FIRST_NODE_WAIT_NS = TimeUnit.SECONDS.toNanos(2);
    /** A joining node that is not placed on the ring by then leases anyway. */
    public static final long JOIN_WAIT_NS = TimeUnit.SECONDS.toNanos(10);
    /** Default run directory: admin channel, status and counters files. */
    public static final String DEFAULT_RUN_DIR = "/run/ipop";

    private final NodeFileConfig config;
    private final PrintStream log;
    private final Path runDir;
    private Engine engine;
    private NodeSecurity security;
    private volatile AdminDriver admin;   // launched on the control thread, closed after it has stopped
    private AgentRunner controlRunner;
    private boolean closed;

    /**
     * @param config validated configuration.
     * @param runDir directory for the admin channel, the status and counters files (created 0700).
     * @param log    where progress lines go.
     */
    public NodeRuntime(final NodeFileConfig config, final Path runDir, final PrintStream log)
    {
        this.config = config;
        this.runDir = runDir;
        this.log = log;
    }

    /**
     * The status file is kept beside the admin channel for the lab harness ({@code IpopCluster}, used by
     * {@code ipop demo} and the end-to-end tests), which reads every node's status several times a second,
     * also while nodes are killed and restarted: a file read needs no client per node and never waits on a
     * node that is gone. {@code ipop status} asks the node over the admin channel instead.
     *
     * @return the status file of a node with TAP {@code tap} in {@code runDir}.
     */
    public static Path statusFile(final Path runDir, final String tap)
    {
        return runDir.resolve(tap + ".status");
    }

    /** @return the engine counters file of a node with TAP {@code tap} in {@code runDir}. */
    public static Path countersFile(final Path runDir, final String tap)
    {
        return runDir.resolve(tap + ".counters");
    }

    /**
     * Starts the node; on failure everything opened so far is closed again.
     *
     * @throws UserFacingException for missing privileges and unusable settings.
     */
    public void start() throws IOException
    {
        try
        {
            doStart();
        }
        catch (final RuntimeException | IOException ex)
        {
            close();
            throw ex;
        }
    }

    private void doStart() throws IOException
    {
        createRunDir();
        final NodeIdentity identity = loadSecurity();
        final Address self = identity.address();
        final Bridge bridge = Bridges.byName(config.bridge());
        final TapServicesContext servicesContext = new TapServicesContext()
            .subnet(config.network().address(), config.network().prefixLength())
            .mtu(config.mtu())
            .verifyUdpChecksums(false)
            .dnsUpstreams(config.dnsForward().stream()
                .map(u -> new InetSocketAddress(Ipv4Address.toString(u.ipv4()), u.port())).toList());
        servicesContext.conclude();

        final TapConfig tapConfig = new TapConfig().name(config.tap()).mtu(config.mtu())
            .mac(macBytes(servicesContext.virtualMac()));
        if (config.addressMode() == AddressMode.STATIC)
        {
            tapConfig.ipv4(config.address().address(), config.address().prefixLength());
        }
        final FrameDevice tap = openTap(bridge, tapConfig);
        final DatagramEndpoint udp;
        final SessionKeys keys;
        try
        {
            udp = openUdp(bridge);
        }
        catch (final RuntimeException ex)
        {
            tap.close();
            throw ex;
        }
        try
        {
            keys = security.openKeys(bridge);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(udp, tap);
            throw new UserFacingException("cannot open the session-key table: " + ex.getMessage());
        }
        final EngineContext ctx = new EngineContext()
            .frameDevice(tap)
            .datagramEndpoint(udp)
            .sessionKeys(keys)
            .mtu(config.mtu())
            .minControlLength(FrameHeader.MAX_FRAME_LENGTH)
            .threadingMode("shared".equals(config.threading()) ? ThreadingMode.SHARED : ThreadingMode.DEDICATED)
            .countersFile(countersFile(runDir, config.tap()).toFile());
        pin(ctx);
        engine = Engine.launch(ctx);

        final int advertised = LocalTransport.advertisedAddress(config.listen().ipv4(), config.bootstrap(), config.tap());
        final long localTransport = TransportAddress.pack(advertised, udp.localPort());
        final long[] bootstraps = config.bootstrap().stream()
            .mapToLong(b -> TransportAddress.pack(b.ipv4(), b.port()))
            .filter(t -> t != localTransport)
            .toArray();
        final NodeConfig overlayConfig = new NodeConfig()
            .realm(config.realm().hashCode())
            .address(self)
            .localTransport(localTransport)
            .seed(new SecureRandom().nextLong())
            .bootstraps(bootstraps);
        final var proxy = engine.proxy();
        final byte[] selfBytes = self.toBytes();
        proxy.setLocalNode(new org.agrona.concurrent.UnsafeBuffer(selfBytes), 0);
        final String header = statusHeader(localTransport, servicesContext);

        final ControlThreadAgent controlAgent = new ControlThreadAgent(
            () -> buildControl(overlayConfig, servicesContext, bootstraps.length == 0, header));
        // Sleeps until the next tick or status write or an engine event; admin and DNS-upstream input wake nothing,
        // so sleeps are capped. No spinning, one yield: 30 duty cycles per wake-up kept the JIT recompiling.
        controlRunner = new AgentRunner(
            new DeadlineIdleStrategy(ctx.controlWakeup(), ctx.eventRing(), controlAgent, SystemNanoClock.INSTANCE,
                0, 1, CONTROL_MIN_SLEEP_NS, CONTROL_MAX_SLEEP_NS),
            new ControlErrorHandler(engine.context(), log, System.getenv("IPOP_DEBUG") != null),
            (AtomicCounter)null, controlAgent);   // counted once, by the handler
        AgentRunner.startOnThread(controlRunner, r -> new Thread(r, "ipop-control"));
        try
        {
            controlAgent.started().get(30, TimeUnit.SECONDS);
        }
        catch (final java.util.concurrent.ExecutionException ex)
        {
            final Throwable cause = ex.getCause();
            if (cause instanceof RuntimeException)
            {
                throw (RuntimeException)cause;
            }
            throw new IOException(cause);
        }
        catch (final java.util.concurrent.TimeoutException | InterruptedException ex)
        {
            throw new IOException("control plane did not start: " + ex);
        }
        log.println("ipop: node " + self.shortString() + " on " + config.tap() + ", UDP " +
            TransportAddress.toString(localTransport) + ", bootstrap " +
            (bootstraps.length == 0 ? "none (first node)" : config.bootstrap().toString()) + ", address mode " +
            config.addressMode().name().toLowerCase());
    }

    private ControlThreadAgent.Parts buildControl(
        final NodeConfig overlayConfig,
        final TapServicesContext servicesContext,
        final boolean firstNode,
        final String header)
    {
        final InputJournal journal;
        try
        {
            journal = openJournal();
        }
        catch (final IOException ex)
        {
            throw new UserFacingException("cannot open the journal " + config.journal() + ": " + ex.getMessage());
        }
        final Address self = overlayConfig.address();
        final var proxy = engine.proxy();
        final PeerIds peers = new PeerIds(proxy);
        final SecureChannels secure = security.channels(proxy, peers, SystemNanoClock.INSTANCE);
        final ControlTransport transport = secure != null ? secure : new EngineControlTransport(proxy);
        final EngineDataPlaneCommands dataPlane = new EngineDataPlaneCommands(proxy, peers);
        // every family counts in the engine's counters file; allocated here, on the control thread, the only one
        // allocating in it once the engine has launched
        final NodeCounters counters = new NodeCounters(engine.context().counters().countersManager());
        final ControlPlane plane = new ControlPlane(overlayConfig, transport, dataPlane, journal, counters.control());
        if (secure != null)
        {
            security.attach(secure, plane);
        }

        final DhtContext dhtContext = new DhtContext()   // claim records expire at wall-clock times
            .epochOffsetMs(System.currentTimeMillis() - SystemNanoClock.INSTANCE.nanoTime() / 1_000_000);
        final ReplicatedDht dht = ReplicatedDht.attach(plane, dhtContext, counters.dht());   // before the first input
        final NamespaceConfig namespaceConfig = NamespaceConfig.of(config.namespace(), servicesContext, config.leaseSeconds());
        final RecordSigner signer = security.recordSigner();
        final ClaimRecords claims = signer == null ? null : new ClaimRecords(security.recordOwnerCheck()).counters(dht.counters());
        if (claims != null)
        {
            dht.recordPolicy(claims).recordSealer(signer);
        }
        final IpopNamespace ipop = claims == null ? new IpopNamespace(dht, namespaceConfig) :
            new IpopNamespace(dht, namespaceConfig, claims, signer);

        final NanoClock clock = SystemNanoClock.INSTANCE;
        final long startNs = clock.nanoTime();
        final java.util.function.BooleanSupplier ready = () -> (plane.placed() && plane.ringLinked()) ||
            clock.nanoTime() - startNs > (firstNode ? FIRST_NODE_WAIT_NS : JOIN_WAIT_NS);
        final NodeLeases leases = new NodeLeases(ipop.leases(), self, ready, clock::nanoTime);
        final MemberDirectory members = new MemberDirectory(
            dht, new DhtKeeper(dht), proxy, peers, dataPlane, config.namespace(), ready).signed(claims, signer);
        final VipRoutes routes = new VipRoutes(proxy, peers, ipop.addresses(), self);
        final TapServices services = new TapServices(servicesContext, leases, ipop.names(), ipop.addresses(),
            (buffer, offset, length) -> proxy.writeTapFrame(buffer, offset, length), counters.services());
        final EngineEventDispatcher dispatcher = new EngineEventDispatcher(
            engine.eventPoller(), services, routes, servicesContext.gatewayIp(), servicesContext.dnsIp(), secure);

        final String hostname = security.hostname(config.hostname());
        switch (config.addressMode())
        {
            case STATIC:
                leases.requestOwn(servicesContext.virtualMac(), config.address().address(), hostname, new StaticAddress());
                break;
            case AUTO:
                leases.requestOwn(servicesContext.virtualMac(), security.virtualIp(), hostname, new AutoAddress());
                break;
            default:
                break;
        }
        // Launched here, right before the control thread starts polling it: the channel's Aeron client has no
        // thread of its own and the driver drops a client that stays silent for 10 s (the journal above may be slow).
        try
        {
            admin = AdminDriver.launch(AdminChannel.aeronDir(runDir, config.tap()), this::onAdminError);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(journal);   // not handed to ControlThreadAgent yet, so nobody else closes it
            throw ex;
        }
        final RevocationWatcher revocations = secure == null ? null : new RevocationWatcher(dht, new DhtKeeper(dht), secure,
            security.authorities(), config.namespace(), ready, clock);
        final NodeStatusAgent status = new NodeStatusAgent(plane, leases, ipop, routes, members, dispatcher, counters, clock,
            statusFile(runDir, config.tap()), header, secure, revocations);
        final ControlPlaneAgent planeAgent =
            new ControlPlaneAgent(plane, dispatcher, clock, config.journal() == null ? 0 : CHECKPOINT_INTERVAL_NS);
        final List<Agent> agents = new ArrayList<>(List.of(
            planeAgent,
            new NodeGlueAgent(proxy, plane, services, new ServicePuntRules(proxy, services.udpEndpoints()), leases,
                routes, members, clock),
            status,
            AdminServerAgent.of(admin, new NodeAdminView(plane, dht, status, config.namespace(), revocations), clock)));
        if (secure != null)
        {
            agents.add(1, secure);
            agents.add(revocations);
        }
        final CompositeAgent agent = new CompositeAgent(agents);
        final Runnable finalCheckpoint = config.journal() == null ? () -> { } : () -> plane.checkpoint(clock.nanoTime());
        return new ControlThreadAgent.Parts(agent, finalCheckpoint, journal,
            nowNs -> Math.min(planeAgent.nextDeadlineNs(), status.nextDeadlineNs()));
    }

    private void onAdminError(final Throwable throwable)
    {
        log.println("ipop: admin channel error: " + throwable);
    }

    private String statusHeader(final long localTransport, final TapServicesContext servicesContext)
    {
        return "node " + config.tap() + " pid " + ProcessHandle.current().pid() + "\n" +
            "namespace " + config.namespace() + " realm " + config.realm() + " network " + config.network() + "\n" +
            "transport " + TransportAddress.toString(localTransport) + "\n" +
            "bootstrap " +
            config.bootstrap().stream().map(TransportAddress::toString).collect(Collectors.joining(",")) + "\n" +
            "gateway " + Ipv4Address.toString(servicesContext.gatewayIp()) +
            " dns " + Ipv4Address.toString(servicesContext.dnsIp()) + "\n" +
            "mode " + config.addressMode().name().toLowerCase() + "\n" +
            "journal " + (config.journal() == null ? "-" : config.journal().toString()) + "\n";
    }

    /** Loads the certificates and keys (or the plaintext identity); the certificate's virtual IP must agree. */
    private NodeIdentity loadSecurity()
    {
        security = NodeSecurity.load(config.security(), config.keyFile(), config.namespace(), log);
        if (security.virtualIp() != 0 && config.addressMode() == AddressMode.STATIC &&
            security.virtualIp() != config.address().address())
        {
            throw new UserFacingException("this node's certificate binds virtual IP " +
                Ipv4Address.toString(security.virtualIp()) + " but the configuration sets address " + config.address());
        }
        return security.identity();
    }

    private void createRunDir() throws IOException
    {
        Files.createDirectories(runDir);
        try
        {
            Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwx------"));
        }
        catch (final UnsupportedOperationException ignored)
        {
            // not a POSIX file system: keep its defaults
        }
    }

    private FrameDevice openTap(final Bridge bridge, final TapConfig tapConfig)
    {
        try
        {
            return bridge.openTap(tapConfig.conclude());
        }
        catch (final NativeException ex)
        {
            if (ex.errno() == Errno.EPERM || ex.errno() == Errno.EACCES)
            {
                throw new UserFacingException("needs root or CAP_NET_ADMIN to open TAP " + config.tap());
            }
            throw new UserFacingException("cannot open TAP " + config.tap() + ": " + ex.getMessage());
        }
    }

    private DatagramEndpoint openUdp(final Bridge bridge)
    {
        try
        {
            return bridge.openUdp(new UdpConfig()
                .bindAddress(config.listen().ipv4())
                .port(config.listen().port())
                .maxDatagramLength(UdpConfig.DEFAULT_MAX_DATAGRAM_LENGTH)
                .conclude());
        }
        catch (final NativeException ex)
        {
            throw new UserFacingException("cannot bind UDP " + config.listen() + ": " + ex.getMessage());
        }
    }

    private InputJournal openJournal() throws IOException
    {
        if (config.journal() == null)
        {
            return InputJournal.NULL;
        }
        Files.createDirectories(config.journal());
        return new ChronicleJournal(config.journal());
    }

    private void pin(final EngineContext ctx)
    {
        final List<Integer> cpus = config.cpus();
        if (cpus.isEmpty())
        {
            return;
        }
        if ("shared".equals(config.threading()))
        {
            ctx.tapCpus(String.valueOf(cpus.get(0)));
            return;
        }
        ctx.tapCpus(String.valueOf(cpus.get(0)));
        ctx.udpCpus(String.valueOf(cpus.get(Math.min(1, cpus.size() - 1))));
    }

    private static byte[] macBytes(final long mac)
    {
        final byte[] bytes = new byte[6];
        for (int i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(mac >>> (40 - 8 * i));
        }
        return bytes;
    }

    /**
     * Stops the control plane (it sends its leave) with the journal, the admin channel (its directory is
     * deleted) and the engine (TAP, socket, counters).
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        CloseHelper.quietClose(controlRunner);
        CloseHelper.quietClose(admin);
        CloseHelper.quietClose(engine);
        if (engine == null && security != null)
        {
            security.closeUnusedKeys();   // the engine closes the table it took
        }
        try
        {
            Files.deleteIfExists(statusFile(runDir, config.tap()));
        }
        catch (final IOException ignored)
        {
            // best effort: a stale status file names a pid that no longer runs
        }
    }

    /** Static mode: the configured address, registered as a lease (reports only trouble). */
    private final class StaticAddress implements LeaseCallback
    {
        private boolean granted;

        @Override
        public void onLeaseGranted(final int ip, final int leaseSeconds)
        {
            if (!granted)
            {
                granted = true;
                log.println("ipop: address " + Ipv4Address.toString(ip) + " registered");
            }
        }

        @Override
        public void onLeaseDenied()
        {
            log.println("ipop: the configured address " + config.address() + " is leased by another node");
        }
    }

    /** Auto mode: the node's own lease, configured on the TAP by {@code ip addr add} off the control thread. */
    private final class AutoAddress implements LeaseCallback
    {
        @Override
        public void onLeaseGranted(final int ip, final int leaseSeconds)
        {
            final String cidr = Ipv4Address.toString(ip) + "/" + config.network().prefixLength();
            final Thread configurer = new Thread(() ->
            {
                final CommandRunner.Result result = CommandRunner.run(10_000,
                    List.of("ip", "addr", "replace", cidr, "brd", "+", "dev", config.tap()));
                log.println(result.ok() ? "ipop: address " + cidr + " on " + config.tap() :
                    "ipop: cannot set address " + cidr + " on " + config.tap() + ": " + result.output().trim());
            }, "ipop-address");
            configurer.setDaemon(true);
            configurer.start();
        }

        @Override
        public void onLeaseDenied()
        {
            log.println("ipop: no free address in " + config.network());
        }
    }
}
