package org.ipop.tap;

/**
 * Main for a child JVM started by {@link TapPermissionTest}: opens a TAP with the named bridge and prints
 * the outcome. Exit 0 when the TAP opened, 2 with the {@link NativeException} message on stdout otherwise.
 */
public final class OpenTapProbe
{
    private OpenTapProbe()
    {
    }

    public static void main(final String[] args)
    {
        try (FrameDevice device = Bridges.byName(args[0]).openTap(new TapConfig().name(args[1])))
        {
            System.out.println("opened " + device.name());
        }
        catch (final NativeException ex)
        {
            System.out.println(ex.getMessage());
            System.exit(2);
        }
    }
}
