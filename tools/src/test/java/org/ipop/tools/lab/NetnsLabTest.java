package org.ipop.tools.lab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class NetnsLabTest
{
    @Test
    void shouldConnectHostsOverTheBridgeAndRemoveEverythingOnClose()
    {
        assumeTrue(NetnsLab.isRoot(), "needs root: creates network namespaces");
        final String tag = "ipt" + ProcessHandle.current().pid() % 100000;
        try (NetnsLab lab = new NetnsLab(tag, "10.251.0"))
        {
            final String a = lab.addHost(1);
            lab.addHost(2);
            final CommandRunner.Result ping = lab.exec(a, 10_000, "ping", "-c", "1", "-W", "2", lab.underlayAddress(2));
            assertTrue(ping.ok(), ping.output());
        }
        final String namespaces = CommandRunner.run(5000, List.of("ip", "netns", "list")).output();
        assertFalse(namespaces.contains(tag), namespaces);
    }
}
