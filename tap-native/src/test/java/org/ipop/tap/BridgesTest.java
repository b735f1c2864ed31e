package org.ipop.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BridgesTest
{
    @Test
    void shouldGiveTheBridgeOfEachNameOncePerJvm()
    {
        assertInstanceOf(JniBridge.class, Bridges.byName("jni"));
        assertInstanceOf(JnaBridge.class, Bridges.byName(" JNA "));
        assertEquals("jni", Bridges.byName("jni").name());
        assertEquals("jna", Bridges.byName("jna").name());
        assertSame(Bridges.byName("jna"), Bridges.byName("jna"));
    }

    @Test
    void shouldRejectAnUnknownBridgeNamingTheChoices()
    {
        final IllegalArgumentException failure =
            assertThrows(IllegalArgumentException.class, () -> Bridges.byName("jnr"));

        assertTrue(failure.getMessage().contains("'jnr'"), failure.getMessage());
        assertTrue(failure.getMessage().contains("jni or jna"), failure.getMessage());
        assertTrue(failure.getMessage().contains(Bridges.BRIDGE_PROP), failure.getMessage());
    }

    @Test
    void shouldSelectTheBridgeNamedBySystemPropertyAndDefaultToJni()
    {
        final String previous = System.getProperty(Bridges.BRIDGE_PROP);
        try
        {
            System.clearProperty(Bridges.BRIDGE_PROP);
            assertEquals("jni", Bridges.select().name());
            System.setProperty(Bridges.BRIDGE_PROP, "jna");
            assertEquals("jna", Bridges.select().name());
        }
        finally
        {
            if (previous == null)
            {
                System.clearProperty(Bridges.BRIDGE_PROP);
            }
            else
            {
                System.setProperty(Bridges.BRIDGE_PROP, previous);
            }
        }
    }
}
