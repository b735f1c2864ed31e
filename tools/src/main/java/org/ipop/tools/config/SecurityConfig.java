package org.ipop.tools.config;

import java.nio.file.Path;
import java.util.List;

/**
 * How a node proves membership and protects its edges.
 * <p>
 * With certificates (the default) the node presents {@code certFile} (signed by one of {@code caFiles}) with the
 * private keys in the node's key file, accepts only peers whose certificates those CAs signed for its namespace
 * and that are not revoked, and seals every frame with {@code cipher}. Plaintext mode must be asked for by name
 * ({@code security: plaintext}): anyone who can reach the node's UDP port joins and reads everything; the node
 * warns at start.
 *
 * @param plaintext true for plaintext mode (the other fields are then empty).
 * @param caFiles   CA certificate files this node trusts.
 * @param certFile  this node's certificate file.
 * @param revoked   fingerprints (hex SHA-256) of revoked certificates.
 * @param cipher    {@code aes-256-gcm} (default) or {@code chacha20-poly1305}.
 */
public record SecurityConfig(boolean plaintext, List<Path> caFiles, Path certFile, List<String> revoked, String cipher)
{
    /** The default cipher. */
    public static final String AES_256_GCM = "aes-256-gcm";
    /** The other cipher. */
    public static final String CHACHA20_POLY1305 = "chacha20-poly1305";

    /** @return plaintext mode. */
    public static SecurityConfig plaintextMode()
    {
        return new SecurityConfig(true, List.of(), null, List.of(), AES_256_GCM);
    }
}
