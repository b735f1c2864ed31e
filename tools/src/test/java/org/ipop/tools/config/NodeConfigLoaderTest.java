package org.ipop.tools.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.ipop.overlay.address.TransportAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigLoaderTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadEveryKeyFromYaml() throws Exception
    {
        final Path file = dir.resolve("node.yaml");
        Files.writeString(file, String.join("\n",
            "namespace: lab",
            "realm: test-ring",
            "listen: 192.0.2.7:5000",
            "bootstrap: [192.0.2.1:4789, 192.0.2.2:4789]",
            "tap: ipop7",
            "mtu: 1300",
            "address-mode: static",
            "address: 10.9.0.5/16",
            "network: 10.9.0.0/16",
            "journal: /tmp/j",
            "key: /tmp/k",
            "threading: shared",
            "cpus: [0]",
            "bridge: jna",
            "hostname: alice",
            "dns-forward: [192.0.2.53, 192.0.2.54:5353]",
            "lease-seconds: 600",
            "ca: [/etc/ipop/ca.crt, /etc/ipop/ca2.crt]",
            "cert: /etc/ipop/alice.crt",
            "revoked: [" + "AB".repeat(32) + "]",
            "cipher: chacha20-poly1305"));

        final NodeFileConfig config = NodeConfigLoader.load(file, Map.of());

        assertEquals("lab", config.namespace());
        assertEquals("test-ring", config.realm());
        assertEquals(new TransportAddress(0xC0000207, 5000), config.listen());
        assertEquals(List.of(new TransportAddress(0xC0000201, 4789), new TransportAddress(0xC0000202, 4789)),
            config.bootstrap());
        assertEquals("ipop7", config.tap());
        assertEquals(1300, config.mtu());
        assertEquals(AddressMode.STATIC, config.addressMode());
        assertEquals(new Subnet(0x0A090005, 16), config.address());
        assertEquals(Path.of("/tmp/j"), config.journal());
        assertEquals("shared", config.threading());
        assertEquals(List.of(0), config.cpus());
        assertEquals("jna", config.bridge());
        assertEquals("alice", config.hostname());
        assertEquals(List.of(new TransportAddress(0xC0000235, 53), new TransportAddress(0xC0000236, 5353)),
            config.dnsForward());
        assertEquals(600, config.leaseSeconds());
        assertEquals(new SecurityConfig(false, List.of(Path.of("/etc/ipop/ca.crt"), Path.of("/etc/ipop/ca2.crt")),
            Path.of("/etc/ipop/alice.crt"), List.of("ab".repeat(32)), "chacha20-poly1305"), config.security());
    }

    @Test
    void shouldRequireCertificatesUnlessPlaintextIsAskedForByName()
    {
        assertMessage(Map.of(), "'ca' is required", "ipop cert ca", "security: plaintext");
        assertMessage(Map.of("ca", List.of("/ca.crt")), "'cert' and 'key' are required");
        assertMessage(Map.of("ca", List.of("/ca.crt"), "cert", "/a.crt"), "'cert' and 'key' are required");
        assertMessage(Map.of("security", "none"), "'security'", "'none'", "certificates or plaintext");
        assertMessage(Map.of("security", "plaintext", "ca", List.of("/ca.crt")), "'ca' is only used with security: certificates");
        assertMessage(Map.of("ca", List.of("/ca.crt"), "cert", "/a.crt", "key", "/a.key", "revoked", List.of("abc")),
            "'revoked'", "64 hex digits");
        assertMessage(Map.of("ca", List.of("/ca.crt"), "cert", "/a.crt", "key", "/a.key", "cipher", "rot13"),
            "'cipher'", "aes-256-gcm or chacha20-poly1305");
        final NodeFileConfig plain = NodeConfigLoader.fromMap(Map.of("security", "plaintext"));
        assertEquals(SecurityConfig.plaintextMode(), plain.security());
        final NodeFileConfig secure = NodeConfigLoader.fromMap(Map.of("ca", "/ca.crt", "cert", "/a.crt", "key", "/a.key"));
        assertEquals("aes-256-gcm", secure.security().cipher());
        assertEquals(Path.of("/a.key"), secure.keyFile());
    }

    @Test
    void shouldDefaultToNoDnsForwardingAndAnHourLease()
    {
        final NodeFileConfig config = NodeConfigLoader.fromMap(Map.of("security", "plaintext"));
        assertEquals(List.of(), config.dnsForward());
        assertEquals(3600, config.leaseSeconds());
    }

    @Test
    void shouldTakeDnsForwardFromACommaSeparatedFlag()
    {
        final NodeFileConfig config = NodeConfigLoader.fromMap(
            Map.of("dns-forward", List.of("10.0.0.2", "10.0.0.3:53"), "security", "plaintext"));
        assertEquals(List.of(new TransportAddress(0x0A000002, 53), new TransportAddress(0x0A000003, 53)),
            config.dnsForward());
    }

    @Test
    void shouldNameABadDnsForwardAddressOrPort()
    {
        assertMessage(Map.of("dns-forward", List.of("dns.example.com")), "'dns-forward'", "'dns.example.com'", "IPV4[:PORT]");
        assertMessage(Map.of("dns-forward", List.of("192.0.2.300")), "'dns-forward'", "'192.0.2.300'");
        assertMessage(Map.of("dns-forward", List.of("192.0.2.53:70000")), "'dns-forward'", "'192.0.2.53:70000'");
        assertMessage(Map.of("dns-forward", List.of("192.0.2.53:0")), "'dns-forward'", "1..65535");
        assertMessage(Map.of("dns-forward", List.of("192.0.2.53:x")), "'dns-forward'", "'192.0.2.53:x'");
        assertMessage(Map.of("dns-forward", List.of("0.0.0.0")), "'dns-forward'", "unicast");
        assertMessage(Map.of("dns-forward", List.of("224.0.0.251:5353")), "'dns-forward'", "unicast");
        assertMessage(Map.of("dns-forward", Map.of("a", "b")), "'dns-forward'", "a list");
    }

    @Test
    void shouldNameABadLeaseTime()
    {
        assertMessage(Map.of("lease-seconds", "9"), "'lease-seconds'", "'9'", "10..604800");
        assertMessage(Map.of("lease-seconds", "604801"), "'lease-seconds'", "'604801'");
        assertMessage(Map.of("lease-seconds", "an hour"), "'lease-seconds'", "an integer");
    }

    @Test
    void shouldLetOverridesWinOverTheFile() throws Exception
    {
        final Path file = dir.resolve("node.yaml");
        Files.writeString(file, "tap: ipop1\nmtu: 1300\nsecurity: plaintext\n");

        final NodeFileConfig config = NodeConfigLoader.load(file, Map.of("mtu", 1400, "bootstrap", List.of("10.0.0.1:1")));

        assertEquals("ipop1", config.tap());
        assertEquals(1400, config.mtu());
        assertEquals(1, config.bootstrap().size());
        assertNull(config.journal());
    }

    @Test
    void shouldNameAnUnknownKey()
    {
        final ConfigException ex = assertThrows(ConfigException.class,
            () -> NodeConfigLoader.fromMap(Map.of("listn", "1.2.3.4:5")));
        assertTrue(ex.getMessage().contains("'listn'"), ex.getMessage());
    }

    @Test
    void shouldNameTheKeyAndValueOfABadValue()
    {
        assertMessage(Map.of("listen", "1.2.3:80"), "'listen'", "1.2.3:80");
        assertMessage(Map.of("listen", "1.2.3.4:70000"), "'listen'", "70000");
        assertMessage(Map.of("bootstrap", List.of("10.0.0.1")), "'bootstrap'", "10.0.0.1");
        assertMessage(Map.of("mtu", "big"), "'mtu'", "big");
        assertMessage(Map.of("mtu", 100), "'mtu'", "100");
        assertMessage(Map.of("tap", "a-name-that-is-far-too-long"), "'tap'", "far-too-long");
        assertMessage(Map.of("address-mode", "magic"), "'address-mode'", "magic");
        assertMessage(Map.of("network", "10.0.0.0/40"), "'network'", "10.0.0.0/40");
        assertMessage(Map.of("threading", "many"), "'threading'", "many");
        assertMessage(Map.of("bridge", "ffi"), "'bridge'", "ffi");
        assertMessage(Map.of("cpus", List.of(4096)), "'cpus'", "4096");
        assertMessage(Map.of("namespace", "has space"), "'namespace'", "has space");
    }

    @Test
    void shouldRequireAnAddressInStaticModeAndOnlyThere()
    {
        assertMessage(Map.of("address-mode", "static"), "'address'");
        assertMessage(Map.of("address", "10.128.0.1/16"), "'address'", "dhcp");
        assertMessage(Map.of("address-mode", "static", "address", "10.1.0.1/16"), "'address'", "10.128.0.0/16");
    }

    @Test
    void shouldReportAMissingFileAndBrokenYaml() throws Exception
    {
        final Path missing = dir.resolve("none.yaml");
        final ConfigException ex = assertThrows(ConfigException.class, () -> NodeConfigLoader.load(missing, Map.of()));
        assertTrue(ex.getMessage().contains("does not exist"), ex.getMessage());

        final Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "tap: [unclosed\n");
        final ConfigException yaml = assertThrows(ConfigException.class, () -> NodeConfigLoader.load(broken, Map.of()));
        assertTrue(yaml.getMessage().contains("not valid YAML"), yaml.getMessage());

        final Path list = dir.resolve("list.yaml");
        Files.writeString(list, "- a\n- b\n");
        assertThrows(ConfigException.class, () -> NodeConfigLoader.load(list, Map.of()));
    }

    private static void assertMessage(final Map<String, Object> raw, final String... fragments)
    {
        final ConfigException ex = assertThrows(ConfigException.class, () -> NodeConfigLoader.fromMap(raw));
        for (final String fragment : fragments)
        {
            assertTrue(ex.getMessage().contains(fragment), () -> "'" + fragment + "' not in: " + ex.getMessage());
        }
    }
}
