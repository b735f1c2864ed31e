package org.ipop.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Opening a TAP without CAP_NET_ADMIN says that root or CAP_NET_ADMIN is needed. Runs a child JVM
 * ({@link OpenTapProbe}) that lacks the capability: as root, {@code setpriv} drops it from the child's
 * bounding set; as a normal user the child lacks it anyway. Both bridges.
 */
class TapPermissionTest
{
    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldSayRootOrCapNetAdminIsNeededWhenOpeningATapWithoutTheCapability(final String bridge)
    {
        final List<String> command = new ArrayList<>();
        if (Commands.isRoot())
        {
            assumeTrue(Commands.onPath("setpriv"), "needs setpriv (util-linux) to drop CAP_NET_ADMIN as root");
            command.addAll(List.of("setpriv", "--inh-caps=-net_admin", "--bounding-set=-net_admin", "--"));
        }
        command.addAll(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            OpenTapProbe.class.getName(), bridge, "ipopcap" + ProcessHandle.current().pid() % 100_000));

        final Commands.Result result = Commands.exec(command);

        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("root or CAP_NET_ADMIN"), result.output());
        assertTrue(result.output().contains("EPERM") || result.output().contains("EACCES"), result.output());
    }
}
