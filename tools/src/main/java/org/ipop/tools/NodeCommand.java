package org.ipop.tools;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.ipop.tools.config.NodeFileConfig;
import org.ipop.tools.config.NodeConfigLoader;
import org.ipop.tools.node.NodeRuntime;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ipop node}: runs a node on this host from a YAML file, with flags overriding its keys. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
        "Run an IPOP node on this host (needs root or CAP_NET_ADMIN for the TAP device).",
        "Flags override the keys of the configuration file of the same name."
    })
public final class NodeCommand implements Callable<Integer>
{
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML configuration file.")
    Path config;

    @Option(names = "--namespace", paramLabel = "NAME", description = "Virtual network to join (default: default).")
    String namespace;

    @Option(names = "--realm", paramLabel = "NAME", description = "Overlay realm (default: ipop).")
    String realm;

    @Option(names = "--listen", paramLabel = "IP:PORT", description = "UDP address to bind (default: 0.0.0.0:4789).")
    String listen;

    @Option(names = "--bootstrap", paramLabel = "IP:PORT", split = ",", description = "Nodes to join through.")
    List<String> bootstrap;

    @Option(names = "--tap", paramLabel = "NAME", description = "TAP device name (default: ipop0).")
    String tap;

    @Option(names = "--mtu", paramLabel = "BYTES", description = "TAP MTU (default: 1200).")
    Integer mtu;

    @Option(names = "--address-mode", paramLabel = "MODE", description = "dhcp, auto or static (default: dhcp).")
    String addressMode;

    @Option(names = "--address", paramLabel = "IP/PREFIX", description = "Static virtual address.")
    String address;

    @Option(names = "--network", paramLabel = "IP/PREFIX", description = "Virtual network (default: 10.128.0.0/16).")
    String network;

    @Option(names = "--journal", paramLabel = "DIR", description = "Journal directory (default: no journal).")
    String journal;

    @Option(names = "--key", paramLabel = "FILE",
        description = "Node key file (ipop cert sign); in plaintext mode an identity created on first start.")
    String key;

    @Option(names = "--threading", paramLabel = "MODE", description = "dedicated or shared (default: dedicated).")
    String threading;

    @Option(names = "--cpus", paramLabel = "LIST", split = ",", description = "CPUs to pin data-plane threads to.")
    List<String> cpus;

    @Option(names = "--bridge", paramLabel = "NAME", description = "Native bridge: jni or jna (default: jni).")
    String bridge;

    @Option(names = "--hostname", paramLabel = "NAME", description = "Name others resolve as NAME.ipop.")
    String hostname;

    @Option(names = "--dns-forward", paramLabel = "IP[:PORT]", split = ",",
        description = "DNS servers for names outside .ipop, tried in order (default: none, such names are refused).")
    List<String> dnsForward;

    @Option(names = "--lease-seconds", paramLabel = "SECONDS",
        description = "DHCP lease time, the same on every node of a namespace (default: 3600).")
    Integer leaseSeconds;

    @Option(names = "--security", paramLabel = "MODE",
        description = "certificates (default: members only, every frame encrypted) or plaintext (anyone joins, " +
            "nothing encrypted).")
    String security;

    @Option(names = "--ca", paramLabel = "FILE", split = ",", description = "CA certificate(s) this node trusts (ipop cert ca).")
    List<String> ca;

    @Option(names = "--cert", paramLabel = "FILE", description = "This node's certificate (ipop cert sign); --key is its key file.")
    String cert;

    @Option(names = "--revoked", paramLabel = "FINGERPRINT", split = ",", description = "Fingerprints of revoked certificates.")
    List<String> revoked;

    @Option(names = "--cipher", paramLabel = "NAME", description = "aes-256-gcm (default) or chacha20-poly1305.")
    String cipher;

    @Option(names = "--check", description = "Validate the configuration, print it, and exit.")
    boolean check;

    @Option(names = "--run-dir", paramLabel = "DIR", defaultValue = NodeRuntime.DEFAULT_RUN_DIR,
        description = "Directory of the status and counters files, mode 0700 (default: ${DEFAULT-VALUE}).")
    Path runDir;

    @Override
    public Integer call()
    {
        final NodeFileConfig nodeConfig = NodeConfigLoader.load(config, overrides());
        if (check)
        {
            System.out.println(ConfigPrinter.describe(nodeConfig));
            return 0;
        }
        final NodeRuntime runtime = new NodeRuntime(nodeConfig, runDir, System.err);
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            try
            {
                runtime.start();
                barrier.await();
            }
            catch (final java.io.IOException ex)
            {
                throw new UserFacingException("cannot start the node: " + ex.getMessage());
            }
            finally
            {
                runtime.close();
            }
        }
        System.err.println("ipop: node stopped");
        return 0;
    }

    private Map<String, Object> overrides()
    {
        final Map<String, Object> values = new LinkedHashMap<>();
        put(values, "namespace", namespace);
        put(values, "realm", realm);
        put(values, "listen", listen);
        put(values, "bootstrap", bootstrap);
        put(values, "tap", tap);
        put(values, "mtu", mtu);
        put(values, "address-mode", addressMode);
        put(values, "address", address);
        put(values, "network", network);
        put(values, "journal", journal);
        put(values, "key", key);
        put(values, "threading", threading);
        put(values, "cpus", cpus);
        put(values, "bridge", bridge);
        put(values, "hostname", hostname);
        put(values, "dns-forward", dnsForward);
        put(values, "lease-seconds", leaseSeconds);
        put(values, "security", security);
        put(values, "ca", ca);
        put(values, "cert", cert);
        put(values, "revoked", revoked);
        put(values, "cipher", cipher);
        return values;
    }

    private static void put(final Map<String, Object> values, final String key, final Object value)
    {
        if (value != null)
        {
            values.put(key, value);
        }
    }
}
