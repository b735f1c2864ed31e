package org.ipop.engine;

import org.agrona.concurrent.ShutdownSignalBarrier;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.protocol.NodeAddress;
import org.ipop.tap.Bridge;
import org.ipop.tap.Bridges;
import org.ipop.tap.DatagramEndpoint;
import org.ipop.tap.FrameDevice;
import org.ipop.tap.TapConfig;
import org.ipop.tap.UdpConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts one engine over a real TAP device and UDP socket with a static forwarding table, no overlay:
 * what the root end-to-end test runs in each network namespace. Prints {@code READY} once the table is
 * applied and runs until SIGINT/SIGTERM.
 * <pre>
 * StaticEngineMain --tap ipop0 --mac 02:00:00:00:00:01 --ip 10.0.0.1/24 --bind 0.0.0.0:5000
 *                  --node 0101...(40 hex) --peer 2,0202...(40 hex),10.0.0.2,172.31.0.2:5000 [--peer ...]
 *                  [--counters /dev/shm/a.dat] [--threading SHARED|DEDICATED]
 * </pre>
 */
public final class StaticEngineMain
{
    private StaticEngineMain()
    {
    }

    public static void main(final String[] args)
    {
        final TapConfig tapConfig = new TapConfig();
        final UdpConfig udpConfig = new UdpConfig();
        final EngineContext ctx = new EngineContext().threadingMode(ThreadingMode.SHARED);
        byte[] node = null;
        final List<String[]> peers = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2)
        {
            final String value = args[i + 1];
            switch (args[i])
            {
                case "--tap" -> tapConfig.name(value);
                case "--mac" -> tapConfig.mac(parseMac(value));
                case "--mtu" ->
                {
                    tapConfig.mtu(Integer.parseInt(value));
                    ctx.mtu(Integer.parseInt(value));
                }
                case "--ip" ->
                {
                    final String[] parts = value.split("/");
                    tapConfig.ipv4(parseIpv4(parts[0]), Integer.parseInt(parts[1]));
                }
                case "--bind" ->
                {
                    final String[] parts = value.split(":");
                    udpConfig.bindAddress(parseIpv4(parts[0])).port(Integer.parseInt(parts[1]));
                }
                case "--node" -> node = parseHex(value);
                case "--threading" -> ctx.threadingMode(ThreadingMode.valueOf(value));
                case "--peer" -> peers.add(value.split(","));
                case "--counters" -> ctx.countersFile(new java.io.File(value));
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        if (null == node || NodeAddress.LENGTH != node.length)
        {
            throw new IllegalArgumentException("--node must be 40 hex digits");
        }

        final Bridge bridge = Bridges.select();
        final FrameDevice tap = bridge.openTap(tapConfig.conclude());
        final DatagramEndpoint udp = bridge.openUdp(udpConfig.conclude());
        try (Engine engine = Engine.launch(ctx.frameDevice(tap).datagramEndpoint(udp)))
        {
            engine.proxy().setLocalNode(new UnsafeBuffer(node), 0);
            int commands = 1;
            for (final String[] peer : peers)
            {
                final int peerId = Integer.parseInt(peer[0]);
                final String[] edge = peer[3].split(":");
                engine.proxy().addPeer(peerId, new UnsafeBuffer(parseHex(peer[1])), 0);
                engine.proxy().setEdge(peerId, parseIpv4(edge[0]), Integer.parseInt(edge[1]), peerId);
                engine.proxy().setRoute(parseIpv4(peer[2]), peerId);
                commands += 3;
            }
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (engine.context().counters().commandsApplied.get() + engine.context().counters().commandsRejected.get() < commands)
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("commands not applied within 10 s");
                }
                Thread.yield();
            }
            if (engine.context().counters().commandsRejected.get() > 0)
            {
                throw new IllegalStateException("static table rejected, check peer ids and addresses");
            }
            final EngineContext concluded = engine.context();
            final String idle = ThreadingMode.SHARED == concluded.threadingMode() ?
                concluded.sharedIdleStrategy().alias() : concluded.tapIdleStrategy().alias() + "," + concluded.udpIdleStrategy().alias();
            System.out.println("READY " + concluded.countersFile() + " idle=" + idle);
            System.out.flush();
            new ShutdownSignalBarrier().await();
        }
    }

    static int parseIpv4(final String dotted)
    {
        final String[] parts = dotted.split("\\.");
        return (Integer.parseInt(parts[0]) << 24) | (Integer.parseInt(parts[1]) << 16) |
            (Integer.parseInt(parts[2]) << 8) | Integer.parseInt(parts[3]);
    }

    static byte[] parseMac(final String mac)
    {
        final String[] parts = mac.split(":");
        final byte[] bytes = new byte[6];
        for (int i = 0; i < 6; i++)
        {
            bytes[i] = (byte)Integer.parseInt(parts[i], 16);
        }
        return bytes;
    }

    static byte[] parseHex(final String hex)
    {
        final byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
