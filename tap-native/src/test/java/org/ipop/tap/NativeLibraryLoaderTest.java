package org.ipop.tap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building, packaging, finding and loading libipoptap.so. */
class NativeLibraryLoaderTest
{
    @TempDir
    Path tmp;

    private static byte[] packagedLibrary() throws IOException
    {
        try (InputStream in = NativeLibraryLoader.class.getClassLoader()
            .getResourceAsStream(NativeLibraryLoader.resourceName()))
        {
            assertTrue(in != null, "the build packages " + NativeLibraryLoader.resourceName());
            return in.readAllBytes();
        }
    }

    @Test
    void shouldNameThePlatformFolderLikeTheBuild()
    {
        assumeTrue("amd64".equals(System.getProperty("os.arch")), "checks the x86-64 folder name");
        assertEquals("linux-x86_64", NativeLibraryLoader.platform());
        assertEquals("META-INF/native/linux-x86_64/libipoptap.so", NativeLibraryLoader.resourceName());
    }

    @Test
    void shouldPreferTheLibraryOnJavaLibraryPath() throws IOException
    {
        final Path dir = Files.createDirectories(tmp.resolve("lib"));
        Files.write(dir.resolve("libipoptap.so"), packagedLibrary());

        final Path found = NativeLibraryLoader.locate(
            null, "/nonexistent:" + dir, NativeLibraryLoader.class.getClassLoader(), tmp.resolve("extract"));

        assertEquals(dir.resolve("libipoptap.so").toAbsolutePath(), found);
    }

    @Test
    void shouldExtractThePackagedLibraryToALoadableFile() throws IOException
    {
        final Path extractDir = tmp.resolve("extract");

        final Path extracted = NativeLibraryLoader.locate(
            null, "/nonexistent", NativeLibraryLoader.class.getClassLoader(), extractDir);

        assertEquals(extractDir.toAbsolutePath(), extracted.getParent());
        assertArrayEquals(packagedLibrary(), Files.readAllBytes(extracted));
        final NativeLibrary library = NativeLibrary.getInstance(extracted.toString());
        try
        {
            assertEquals(FrameBatchDescriptor.HEADER_LENGTH,
                library.getFunction("ipop_layout_constant").invokeInt(new Object[] {NativeLayout.FRAME_HEADER_LENGTH}));
        }
        finally
        {
            library.close();
        }
    }

    @Test
    void shouldNameWhatIsMissingWhenNoLibraryIsFound() throws IOException
    {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null))
        {
            final NativeException failure = assertThrows(NativeException.class,
                () -> NativeLibraryLoader.locate(null, "/nonexistent", empty, tmp));

            assertEquals(0, failure.errno());
            for (final String part : new String[] {
                "libipoptap.so", NativeLibraryLoader.platform(), "java.library.path [/nonexistent]",
                NativeLibraryLoader.resourceName(), "gcc", NativeLibraryLoader.LIBRARY_PATH_PROP})
            {
                assertTrue(failure.getMessage().contains(part), "'" + part + "' missing: " + failure.getMessage());
            }
        }
    }

    @Test
    void shouldRejectAnExplicitLibraryPathThatDoesNotExist()
    {
        final NativeException failure = assertThrows(NativeException.class, () -> NativeLibraryLoader.locate(
            tmp.resolve("missing.so").toString(), "", NativeLibraryLoader.class.getClassLoader(), tmp));

        assertTrue(failure.getMessage().contains("missing.so"), failure.getMessage());
        assertTrue(failure.getMessage().contains("does not name an existing"), failure.getMessage());
    }

    private static Commands.Result build(final String cc, final String javaHome, final Path out) throws Exception
    {
        final ProcessBuilder builder = new ProcessBuilder(
            "sh", "src/main/c/build.sh", out.resolve("native").toString(), out.resolve("obj").toString(), javaHome)
            .redirectErrorStream(true);
        builder.environment().put("CC", cc);
        final Process process = builder.start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "build finished");
        return new Commands.Result(process.exitValue(), output);
    }

    @Test
    void shouldFailTheBuildWithOneLineNamingAMissingCompiler() throws Exception
    {
        final Commands.Result result = build("ipop-no-such-cc", System.getProperty("java.home"), tmp);

        assertNotEquals(0, result.exitCode());
        assertEquals("tap-native: no C compiler: 'ipop-no-such-cc' is not on PATH. Install gcc " +
            "(Debian/Ubuntu: apt-get install gcc) or set CC.", result.output().trim());
    }

    @Test
    void shouldFailTheBuildNamingAMissingJniHeader() throws Exception
    {
        assumeTrue(Commands.onPath("gcc"), "needs gcc");
        final Commands.Result result = build("gcc", tmp.resolve("no-jdk").toString(), tmp);

        assertNotEquals(0, result.exitCode());
        assertTrue(result.output().contains("no JNI header") && result.output().contains("full JDK"), result.output());
    }

    @Test
    void shouldExportExactlyTheCApiBoundByJnaAndJniOnLoad()
    {
        assumeTrue(Commands.onPath("nm"), "needs nm (binutils) to list the dynamic symbols");
        final String symbols = Commands.run("nm", "-D", "--defined-only", NativeLibraryLoader.libraryPath().toString());
        final Set<String> exported = Arrays.stream(symbols.split("\n"))
            .map(line -> line.trim().split("\\s+"))
            .filter(fields -> fields.length == 3 && "T".equals(fields[1]))
            .map(fields -> fields[2])
            .collect(Collectors.toCollection(TreeSet::new));

        final Set<String> expected = Arrays.stream(JnaNatives.class.getDeclaredMethods())
            .filter(method -> Modifier.isNative(method.getModifiers()))
            .map(Method::getName)
            .collect(Collectors.toCollection(TreeSet::new));
        expected.add("JNI_OnLoad");
        assertEquals(expected, exported, "static helpers and JNI wrappers stay hidden");
    }
}
