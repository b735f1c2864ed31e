package org.ipop.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.ipop.overlay.security.CertificateException;
import org.ipop.overlay.security.Revocation;
import org.ipop.tools.admin.AdminClient;
import org.ipop.tools.admin.AdminResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ipop revoke FILE}: hands a CA-signed revocation ({@code ipop cert revoke}) to the local node, which closes
 * its edges to the certificate's holder at once and spreads the revocation through the DHT, where every member
 * acts on it within seconds. Exit code 0 when the node accepted it, 2 with one line otherwise.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
    description = {"Revoke a member at run time: hand the CA-signed revocation FILE (from 'ipop cert revoke') to the",
        "local node; every member drops the revoked node's sessions within seconds."})
public final class RevokeCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Mixin
    DhtAdminCommand.NodeOptions node;

    @Parameters(index = "0", paramLabel = "FILE", description = "The revocation (text form).")
    Path file;

    @Override
    public Integer call()
    {
        final Revocation revocation;
        try
        {
            revocation = Revocation.fromText(Files.readString(file));
        }
        catch (final IOException ex)
        {
            throw new UserFacingException("cannot read " + file + ": " + ex.getMessage());
        }
        catch (final CertificateException ex)
        {
            throw new UserFacingException(file + " is not a revocation: " + ex.getMessage());
        }
        final AdminResponse response;
        try (AdminClient client = AdminClient.connect(node.runDir, node.tap))
        {
            response = client.revoke(revocation.encode());
        }
        if (!response.ok())
        {
            throw new UserFacingException("revoke: " + response.error());
        }
        spec.commandLine().getOut().println("revoked " + revocation.fingerprint());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
