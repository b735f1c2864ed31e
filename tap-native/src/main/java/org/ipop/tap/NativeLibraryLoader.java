package org.ipop.tap;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Finds and loads {@code libipoptap.so}, the C library both bridges call.
 * <p>
 * Search order, first match wins: the file named by {@value #LIBRARY_PATH_PROP}; {@code libipoptap.so} in a
 * directory of {@code java.library.path}; the copy packaged in the tap-native jar at
 * {@code META-INF/native/linux-<arch>/libipoptap.so}, extracted to a temporary file (deleted on exit)
 * under {@value #TMPDIR_PROP} or {@code java.io.tmpdir}. The JNI bridge loads the file with
 * {@link System#load(String)}; the JNA bridge opens the same file, so both run the same code.
 * <p>
 * Thread safety: all methods may be called from any thread; the library is located and loaded once.
 * Failures throw {@link NativeException} (errno 0) naming what is missing and how to provide it.
 */
public final class NativeLibraryLoader
{
    /** System property: absolute path of a {@code libipoptap.so} to use instead of searching. */
    public static final String LIBRARY_PATH_PROP = "ipop.native.library";

    /** System property: directory to extract the packaged library to (default {@code java.io.tmpdir}). */
    public static final String TMPDIR_PROP = "ipop.native.tmpdir";

    /** Library name as given to {@link System#mapLibraryName(String)}. */
    public static final String LIBRARY_NAME = "ipoptap";

    private static final String FILE_NAME = "lib" + LIBRARY_NAME + ".so";

    private static Path libraryPath;
    private static boolean jniLoaded;

    private NativeLibraryLoader()
    {
    }

    /** @return {@code linux-x86_64}, {@code linux-aarch64}, ...: the folder name for this platform. */
    public static String platform()
    {
        final String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        final String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        final String machine = "amd64".equals(arch) || "x86-64".equals(arch) ? "x86_64" : arch;
        return (os.startsWith("linux") ? "linux" : os.replace(' ', '_')) + "-" + machine;
    }

    /** @return the class path resource holding the library for this platform. */
    public static String resourceName()
    {
        return "META-INF/native/" + platform() + "/" + FILE_NAME;
    }

    /**
     * Locates the library once (extracting it if needed) and returns its file.
     *
     * @return the absolute path of the library file both bridges load.
     * @throws NativeException when no library can be found for this platform.
     */
    public static synchronized Path libraryPath()
    {
        if (libraryPath == null)
        {
            libraryPath = locate(
                System.getProperty(LIBRARY_PATH_PROP),
                System.getProperty("java.library.path", ""),
                NativeLibraryLoader.class.getClassLoader(),
                Paths.get(System.getProperty(TMPDIR_PROP, System.getProperty("java.io.tmpdir"))));
        }
        return libraryPath;
    }

    /**
     * Loads the library into the JVM for the JNI bridge (runs its {@code JNI_OnLoad}, which registers the
     * natives of {@code JniNatives}); later calls do nothing.
     *
     * @throws NativeException when the library cannot be found or loaded.
     */
    public static synchronized void loadJni()
    {
        if (jniLoaded)
        {
            return;
        }
        final Path path = libraryPath();
        try
        {
            System.load(path.toString());
        }
        catch (final UnsatisfiedLinkError ex)
        {
            throw loadFailure(path, ex);
        }
        jniLoaded = true;
    }

    /**
     * Locates the library: explicit file, then {@code java.library.path}, then the packaged resource.
     *
     * @param explicitPath    value of {@value #LIBRARY_PATH_PROP}, or null.
     * @param javaLibraryPath value of {@code java.library.path}.
     * @param classLoader     where the packaged resource is looked up.
     * @param extractDir      directory the packaged resource is extracted to.
     * @return an existing library file.
     */
    static Path locate(
        final String explicitPath, final String javaLibraryPath, final ClassLoader classLoader, final Path extractDir)
    {
        if (explicitPath != null && !explicitPath.isEmpty())
        {
            final Path path = Paths.get(explicitPath).toAbsolutePath();
            if (!Files.isRegularFile(path))
            {
                throw new NativeException(
                    "tap-native: -D" + LIBRARY_PATH_PROP + "=" + explicitPath + " does not name an existing " +
                    FILE_NAME + "; fix the path or remove the property to use the library packaged in the jar", 0);
            }
            return path;
        }

        for (final String dir : javaLibraryPath.split(File.pathSeparator))
        {
            if (!dir.isEmpty())
            {
                final Path candidate = Paths.get(dir, FILE_NAME);
                if (Files.isRegularFile(candidate))
                {
                    return candidate.toAbsolutePath();
                }
            }
        }

        final String resource = resourceName();
        try (InputStream in = classLoader.getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new NativeException(
                    "tap-native: no " + FILE_NAME + " for " + platform() + ": not in java.library.path [" +
                    javaLibraryPath + "] and no " + resource + " on the class path. Build tap-native on this " +
                    "platform with gcc installed (mvn -pl tap-native install), or put " + FILE_NAME +
                    " in a java.library.path directory, or set -D" + LIBRARY_PATH_PROP + "=<file>", 0);
            }
            Files.createDirectories(extractDir);
            final Path extracted = Files.createTempFile(extractDir, "libipoptap-", ".so");
            extracted.toFile().deleteOnExit();
            Files.copy(in, extracted, StandardCopyOption.REPLACE_EXISTING);
            return extracted.toAbsolutePath();
        }
        catch (final IOException ex)
        {
            final NativeException failure = new NativeException(
                "tap-native: cannot extract " + resource + " to " + extractDir + ": " + ex +
                "; make the directory writable or set -D" + TMPDIR_PROP + "=<dir>", 0);
            failure.initCause(ex);
            throw failure;
        }
    }

    static NativeException loadFailure(final Path path, final Throwable cause)
    {
        final NativeException failure = new NativeException(
            "tap-native: cannot load " + path + ": " + cause.getMessage() + ". If the file exists, its directory " +
            "may be mounted noexec (set -D" + TMPDIR_PROP + "=<dir on an exec mount>) or it was built for " +
            "another platform than " + platform(), 0);
        failure.initCause(cause);
        return failure;
    }
}
