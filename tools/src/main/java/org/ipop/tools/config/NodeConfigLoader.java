package org.ipop.tools.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.service.frame.Ipv4Address;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a node's YAML configuration, applies command-line overrides, and validates every key.
 * <p>
 * The file is a flat map; unknown keys are errors (a typo must not silently fall back to a default).
 * Every error is a {@link ConfigException} whose message names the key and the bad value.
 * <pre>
 * namespace: lab                 # virtual network name
 * realm: ipop                    # overlay realm
 * listen: 0.0.0.0:4789           # UDP bind address
 * bootstrap: [192.0.2.1:4789]    # nodes to join through (empty: first node)
 * tap: ipop0
 * mtu: 1200
 * address-mode: dhcp             # dhcp | auto | static
 * address: 10.128.0.5/16         # only with address-mode static
 * network: 10.128.0.0/16         # the namespace's virtual network
 * journal: /var/lib/ipop/journal # omit for no journal
 * key: /var/lib/ipop/node.key
 * threading: dedicated           # dedicated | shared
 * cpus: [1]                      # pin data-plane threads
 * bridge: jni                    # jni | jna
 * hostname: alice                # resolves as alice.ipop
 * dns-forward: [192.0.2.53]      # upstream DNS for names outside .ipop, IPV4[:PORT] (omit: REFUSED)
 * lease-seconds: 3600            # DHCP lease time (same on every node of a namespace)
 * security: certificates         # certificates (default) | plaintext (anyone joins, nothing encrypted)
 * ca: [/etc/ipop/ca.crt]         # CA certificates this node trusts (ipop cert ca)
 * cert: /etc/ipop/host.crt       # this node's certificate (ipop cert sign); key: is its key file, mode 0600
 * revoked: [9f2c...]             # fingerprints of revoked certificates (ipop cert fingerprint)
 * cipher: aes-256-gcm            # aes-256-gcm | chacha20-poly1305
 * </pre>
 */
public final class NodeConfigLoader
{
    /** Every key the file may hold. */
    public static final Set<String> KEYS = Set.of(
        "namespace", "realm", "listen", "bootstrap", "tap", "mtu", "address-mode", "address", "network",
        "journal", "key", "threading", "cpus", "bridge", "hostname", "dns-forward", "lease-seconds",
        "security", "ca", "cert", "revoked", "cipher");
    /** Default lease time: an hour. */
    public static final int DEFAULT_LEASE_SECONDS = 3600;
    /** Shortest lease time (the namespace record refuses shorter ones). */
    public static final int MIN_LEASE_SECONDS = 10;
    /** Longest lease time: a week. */
    public static final int MAX_LEASE_SECONDS = 7 * 24 * 3600;

    private NodeConfigLoader()
    {
    }

    /**
     * Loads {@code file} (may be null: defaults only) and applies {@code overrides} (same keys, string or
     * list values, e.g. from command-line flags) on top.
     *
     * @throws ConfigException naming the key and value at fault, or the file that cannot be read.
     */
    public static NodeFileConfig load(final Path file, final Map<String, Object> overrides)
    {
        final Map<String, Object> values = new LinkedHashMap<>();
        if (file != null)
        {
            values.putAll(readYaml(file));
        }
        values.putAll(overrides);
        return fromMap(values);
    }

    /** Validates a map of raw values into a configuration. */
    public static NodeFileConfig fromMap(final Map<String, Object> raw)
    {
        for (final String key : raw.keySet())
        {
            if (!KEYS.contains(key))
            {
                throw new ConfigException("unknown config key '" + key + "' (known keys: " + String.join(", ",
                    KEYS.stream().sorted().toList()) + ")");
            }
        }

        final String namespace = name(raw, "namespace", "default");
        final String realm = name(raw, "realm", "ipop");
        final TransportAddress listen = transportAddress("listen", string(raw, "listen", "0.0.0.0:4789"));
        final List<TransportAddress> bootstrap = new ArrayList<>();
        for (final Object entry : list(raw, "bootstrap"))
        {
            bootstrap.add(transportAddress("bootstrap", String.valueOf(entry)));
        }
        final String tap = string(raw, "tap", "ipop0");
        if (tap.isEmpty() || tap.length() > 15 || !tap.matches("[A-Za-z0-9_.-]+"))
        {
            throw ConfigException.badValue("tap", tap, "an interface name of 1..15 characters [A-Za-z0-9_.-]");
        }
        final int mtu = integer(raw, "mtu", 1200);
        if (mtu < 576 || mtu > 9000)
        {
            throw ConfigException.badValue("mtu", mtu, "an MTU in 576..9000");
        }
        final AddressMode mode = choice(raw, "address-mode", AddressMode.class, AddressMode.DHCP);
        final Subnet address = raw.containsKey("address") ? Subnet.parse("address", string(raw, "address", null)) : null;
        if (mode == AddressMode.STATIC && address == null)
        {
            throw new ConfigException("config key 'address' is required when address-mode is static");
        }
        if (mode != AddressMode.STATIC && address != null)
        {
            throw new ConfigException(
                "config key 'address' is only used with address-mode static, but address-mode is " +
                mode.name().toLowerCase(Locale.ROOT));
        }
        final Subnet network = Subnet.parse("network", string(raw, "network", "10.128.0.0/16"));
        if (network.prefixLength() > 30 || network.prefixLength() < 8)
        {
            throw ConfigException.badValue("network", network, "a network with a prefix length in 8..30");
        }
        if (address != null && !network.contains(address.address()))
        {
            throw ConfigException.badValue("address", address, "an address inside network " + network);
        }
        final Path journal = raw.containsKey("journal") ? Path.of(string(raw, "journal", null)) : null;
        final Path key = Path.of(string(raw, "key", "ipop-node.key"));
        final String threading = string(raw, "threading", "dedicated").toLowerCase(Locale.ROOT);
        if (!threading.equals("dedicated") && !threading.equals("shared"))
        {
            throw ConfigException.badValue("threading", threading, "dedicated or shared");
        }
        final List<Integer> cpus = new ArrayList<>();
        final int processors = Runtime.getRuntime().availableProcessors();
        for (final Object cpu : list(raw, "cpus"))
        {
            final int value = toInt("cpus", cpu);
            if (value < 0 || value >= processors)
            {
                throw ConfigException.badValue("cpus", cpu, "a CPU number in 0.." + (processors - 1));
            }
            cpus.add(value);
        }
        final String bridge = string(raw, "bridge", "jni").toLowerCase(Locale.ROOT);
        if (!bridge.equals("jni") && !bridge.equals("jna"))
        {
            throw ConfigException.badValue("bridge", bridge, "jni or jna");
        }
        final String hostname = name(raw, "hostname", defaultHostname());
        final List<TransportAddress> dnsForward = new ArrayList<>();
        for (final Object entry : list(raw, "dns-forward"))
        {
            dnsForward.add(dnsServer("dns-forward", String.valueOf(entry).trim()));
        }
        final int leaseSeconds = integer(raw, "lease-seconds", DEFAULT_LEASE_SECONDS);
        if (leaseSeconds < MIN_LEASE_SECONDS || leaseSeconds > MAX_LEASE_SECONDS)
        {
            throw ConfigException.badValue("lease-seconds", leaseSeconds,
                "a lease time in " + MIN_LEASE_SECONDS + ".." + MAX_LEASE_SECONDS + " seconds");
        }
        return new NodeFileConfig(namespace, realm, listen, List.copyOf(bootstrap), tap, mtu, mode, address, network,
            journal, key, threading, List.copyOf(cpus), bridge, hostname, List.copyOf(dnsForward), leaseSeconds,
            security(raw));
    }

    private static SecurityConfig security(final Map<String, Object> raw)
    {
        final String mode = string(raw, "security", "certificates").toLowerCase(Locale.ROOT);
        if (mode.equals("plaintext"))
        {
            for (final String key : List.of("ca", "cert", "revoked", "cipher"))
            {
                if (raw.containsKey(key))
                {
                    throw new ConfigException("config key '" + key + "' is only used with security: certificates");
                }
            }
            return SecurityConfig.plaintextMode();
        }
        if (!mode.equals("certificates"))
        {
            throw ConfigException.badValue("security", mode, "certificates or plaintext");
        }
        final List<Path> cas = new ArrayList<>();
        for (final Object entry : list(raw, "ca"))
        {
            cas.add(Path.of(String.valueOf(entry).trim()));
        }
        if (cas.isEmpty())
        {
            throw new ConfigException("config key 'ca' is required: the CA certificate(s) this node trusts " +
                "(create them with 'ipop cert ca', or set security: plaintext to run without membership and encryption)");
        }
        if (!raw.containsKey("cert") || !raw.containsKey("key"))
        {
            throw new ConfigException("config keys 'cert' and 'key' are required with security: certificates " +
                "(the node's certificate and key file from 'ipop cert sign')");
        }
        final Path cert = Path.of(string(raw, "cert", null));
        final List<String> revoked = new ArrayList<>();
        for (final Object entry : list(raw, "revoked"))
        {
            final String fingerprint = String.valueOf(entry).trim().toLowerCase(Locale.ROOT);
            if (!fingerprint.matches("[0-9a-f]{64}"))
            {
                throw ConfigException.badValue("revoked", entry, "a certificate fingerprint of 64 hex digits");
            }
            revoked.add(fingerprint);
        }
        final String cipher = string(raw, "cipher", SecurityConfig.AES_256_GCM).toLowerCase(Locale.ROOT);
        if (!cipher.equals(SecurityConfig.AES_256_GCM) && !cipher.equals(SecurityConfig.CHACHA20_POLY1305))
        {
            throw ConfigException.badValue("cipher", cipher, SecurityConfig.AES_256_GCM + " or " + SecurityConfig.CHACHA20_POLY1305);
        }
        return new SecurityConfig(false, List.copyOf(cas), cert, List.copyOf(revoked), cipher);
    }

    /**
     * Parses {@code A.B.C.D:PORT}.
     *
     * @throws ConfigException naming the key and value when the text is not an IPv4 address and port.
     */
    private static TransportAddress transportAddress(final String key, final String text)
    {
        try
        {
            return TransportAddress.parse(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw ConfigException.badValue(key, text, ex.getMessage());
        }
    }

    /**
     * Parses a DNS server as {@code IPV4} (port 53) or {@code IPV4:PORT}: a unicast address and a port in 1..65535.
     */
    private static TransportAddress dnsServer(final String key, final String text)
    {
        final String expected = "IPV4[:PORT] of a DNS server, such as 192.0.2.53 or 192.0.2.53:5353";
        final TransportAddress server;
        try
        {
            server = text.indexOf(':') < 0 ?
                new TransportAddress(Ipv4Address.parse(text), 53) : TransportAddress.parse(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw ConfigException.badValue(key, text, expected);
        }
        if (server.port() == 0)
        {
            throw ConfigException.badValue(key, text, "a port in 1..65535");
        }
        final int firstOctet = server.ipv4() >>> 24;
        if (server.ipv4() == 0 || server.ipv4() == -1 || (firstOctet >= 224 && firstOctet <= 239))
        {
            throw ConfigException.badValue(key, text, "a unicast IPv4 address");
        }
        return server;
    }

    private static Map<String, Object> readYaml(final Path file)
    {
        try (Reader reader = Files.newBufferedReader(file))
        {
            final Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            if (doc == null)
            {
                return Map.of();
            }
            if (!(doc instanceof Map))
            {
                throw new ConfigException("config file " + file + ": expected a map of keys to values");
            }
            final Map<String, Object> values = new LinkedHashMap<>();
            for (final Map.Entry<?, ?> entry : ((Map<?, ?>)doc).entrySet())
            {
                values.put(String.valueOf(entry.getKey()), entry.getValue());
            }
            return values;
        }
        catch (final NoSuchFileException ex)
        {
            throw new ConfigException("config file " + file + " does not exist");
        }
        catch (final IOException ex)
        {
            throw new ConfigException("config file " + file + " cannot be read: " + ex.getMessage());
        }
        catch (final YAMLException ex)
        {
            throw new ConfigException("config file " + file + " is not valid YAML: " +
                ex.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static String string(final Map<String, Object> raw, final String key, final String fallback)
    {
        final Object value = raw.get(key);
        if (value == null)
        {
            return fallback;
        }
        if (value instanceof Map || value instanceof List)
        {
            throw ConfigException.badValue(key, value, "a single value");
        }
        return String.valueOf(value).trim();
    }

    private static String name(final Map<String, Object> raw, final String key, final String fallback)
    {
        final String value = string(raw, key, fallback);
        if (value.isEmpty() || value.length() > 63 || !value.matches("[A-Za-z0-9][A-Za-z0-9-]*"))
        {
            throw ConfigException.badValue(key, value, "a name of letters, digits and '-' (1..63 characters)");
        }
        return value;
    }

    private static int integer(final Map<String, Object> raw, final String key, final int fallback)
    {
        final Object value = raw.get(key);
        return value == null ? fallback : toInt(key, value);
    }

    private static int toInt(final String key, final Object value)
    {
        if (value instanceof Integer)
        {
            return (Integer)value;
        }
        try
        {
            return Integer.parseInt(String.valueOf(value).trim());
        }
        catch (final NumberFormatException ex)
        {
            throw ConfigException.badValue(key, value, "an integer");
        }
    }

    private static List<?> list(final Map<String, Object> raw, final String key)
    {
        final Object value = raw.get(key);
        if (value == null)
        {
            return List.of();
        }
        if (value instanceof List)
        {
            return (List<?>)value;
        }
        if (value instanceof Map)
        {
            throw ConfigException.badValue(key, value, "a list");
        }
        final List<String> items = new ArrayList<>();
        for (final String item : String.valueOf(value).split(","))
        {
            if (!item.isBlank())
            {
                items.add(item.trim());
            }
        }
        return items;
    }

    private static <E extends Enum<E>> E choice(
        final Map<String, Object> raw, final String key, final Class<E> type, final E fallback)
    {
        final String value = string(raw, key, null);
        if (value == null)
        {
            return fallback;
        }
        try
        {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            final List<String> names = new ArrayList<>();
            for (final E constant : type.getEnumConstants())
            {
                names.add(constant.name().toLowerCase(Locale.ROOT));
            }
            throw ConfigException.badValue(key, value, "one of " + String.join(", ", names));
        }
    }

    private static String defaultHostname()
    {
        final String env = System.getenv("HOSTNAME");
        String host = env;
        if (host == null || host.isBlank())
        {
            try
            {
                host = Files.readString(Path.of("/etc/hostname")).trim();
            }
            catch (final IOException ex)
            {
                host = "node";
            }
        }
        final String cleaned = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return cleaned.isEmpty() || cleaned.startsWith("-") ? "node" : cleaned.substring(0, Math.min(63, cleaned.length()));
    }
}
