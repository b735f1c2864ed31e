package org.ipop.tools;

import org.ipop.tools.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ipop} command line: one entry point, one subcommand per job.
 * <p>
 * Errors a user can fix (bad configuration, missing privileges) print one line and exit with 2; they
 * never print a stack trace. Set {@code IPOP_DEBUG=1} to see stack traces of unexpected errors.
 */
@Command(
    name = "ipop",
    mixinStandardHelpOptions = true,
    versionProvider = IpopMain.Version.class,
    description = {
        "IPOP: a virtual IPv4 network over a self-organizing peer-to-peer overlay.",
        "",
        "Run a node on each host; nodes find each other through bootstrap addresses,",
        "lease virtual addresses from the overlay and carry IP packets between TAP devices."
    },
    subcommands = {
        NodeCommand.class,
        DemoCommand.class,
        StatusCommand.class,
        DhtAdminCommand.class,
        RevokeCommand.class,
        StatCommand.class,
        JournalCommand.class,
        SimCommand.class,
        CertCommand.class,
        CommandLine.HelpCommand.class
    })
public final class IpopMain implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }

    /** Entry point of the launcher. */
    public static void main(final String[] args)
    {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int execute(final String... args)
    {
        final CommandLine commandLine = new CommandLine(new IpopMain());
        commandLine.setExecutionExceptionHandler(IpopMain::onError);
        return commandLine.execute(args);
    }

    private static int onError(final Exception ex, final CommandLine commandLine, final CommandLine.ParseResult result)
    {
        final CommandLine.Help.ColorScheme colors = commandLine.getColorScheme();
        if (ex instanceof ConfigException || ex instanceof UserFacingException)
        {
            commandLine.getErr().println(colors.errorText("ipop: " + ex.getMessage()));
            return 2;
        }
        if (System.getenv("IPOP_DEBUG") != null)
        {
            ex.printStackTrace(commandLine.getErr());
        }
        commandLine.getErr().println(colors.errorText("ipop: " + ex.getClass().getSimpleName() + ": " +
            ex.getMessage() + " (set IPOP_DEBUG=1 for the stack trace)"));
        return 1;
    }

    /** Reports the version from the jar's manifest when present. */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            final String version = IpopMain.class.getPackage().getImplementationVersion();
            return new String[]{"ipop " + (version == null ? "development build" : version)};
        }
    }
}
