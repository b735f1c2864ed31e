package org.ipop.tools.admin;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A decoded response of the admin channel.
 *
 * @param code    one of {@code AdminResponseFlyweight.CODE_*}.
 * @param entries status lines, values read, or the reason of an error.
 * @param omitted entries the node left out because they did not fit one response.
 */
public record AdminResponse(int code, List<byte[]> entries, int omitted)
{
    /** @return true for {@link AdminResponseFlyweight#CODE_OK}. */
    public boolean ok()
    {
        return code == AdminResponseFlyweight.CODE_OK;
    }

    /** @return the entries as UTF-8 text. */
    public List<String> lines()
    {
        return entries.stream().map(e -> new String(e, StandardCharsets.UTF_8)).toList();
    }

    /** @return the error as {@code ipop} prints it: the code's name and the node's reason. */
    public String error()
    {
        final String name = AdminResponseFlyweight.codeName(code);
        return entries.isEmpty() ? name : name + ": " + String.join("; ", lines());
    }
}
