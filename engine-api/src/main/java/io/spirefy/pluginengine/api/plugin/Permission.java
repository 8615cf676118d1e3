package io.spirefy.pluginengine.api.plugin;

import java.util.Objects;

/**
 * A capability beyond the core that a plugin asks for in its manifest's {@code permissions} list
 * and a host may grant (contract sections 3 and 9). Written as text: {@code files} (WriteFile, and
 * ReadFile's fall-back, in the plugin's own data folder), {@code templates} (GenerateFromTemplate),
 * or {@code host:<namespace>/<name>} for one function the host application adds. The namespace may
 * itself hold {@code /} (e.g. {@code extism:host/user}): the name is what follows the last one.
 *
 * @param text the permission as written, e.g. {@code host:extism:host/user/app_lookup}
 */
public record Permission(String text) {

    private static final String FILES_TEXT = "files";
    private static final String TEMPLATES_TEXT = "templates";
    private static final String HOST_PREFIX = "host:";

    /** {@code files}: WriteFile, and ReadFile's fall-back, in the plugin's own data folder. */
    public static final Permission FILES = new Permission(FILES_TEXT);
    /** {@code templates}: GenerateFromTemplate. */
    public static final Permission TEMPLATES = new Permission(TEMPLATES_TEXT);

    /** What a permission may look like, for error messages. */
    public static final String GRAMMAR = "'files', 'templates' or 'host:<namespace>/<name>' (e.g. host:extism:host/user/app_lookup)";

    /**
     * Checks the text, so that a misspelt permission fails at load instead of never being granted.
     *
     * @param text the permission as written
     * @throws IllegalArgumentException saying what is wrong and what is expected
     */
    public Permission {
        Objects.requireNonNull(text, "permission");
        String problem = problem(text);
        if (problem != null) throw new IllegalArgumentException("permission '" + text + "' " + problem + "; expected " + GRAMMAR);
    }

    /**
     * The permission that grants the host application's function {@code namespace/name}.
     *
     * @param namespace the function's module namespace, as the plugin imports it
     * @param name      the function's name
     * @return {@code host:<namespace>/<name>}
     */
    public static Permission hostFunction(String namespace, String name) {
        return new Permission(HOST_PREFIX + namespace + "/" + name);
    }

    /**
     * Parses the text form.
     *
     * @param text the permission as written in a manifest
     * @return the permission
     * @throws IllegalArgumentException saying what is wrong and what is expected
     */
    public static Permission parse(String text) {
        return new Permission(text);
    }

    /**
     * Whether this names one host-application function ({@code host:...}).
     *
     * @return {@code true} for {@code host:} permissions
     */
    public boolean isHostFunction() {
        return text.startsWith(HOST_PREFIX);
    }

    /**
     * The host function's namespace: everything between {@code host:} and the last {@code /}.
     *
     * @return the namespace
     * @throws IllegalStateException when this is not a {@linkplain #isHostFunction() host function}
     */
    public String namespace() {
        requireHostFunction();
        return text.substring(HOST_PREFIX.length(), text.lastIndexOf('/'));
    }

    /**
     * The host function's name: what follows the last {@code /}.
     *
     * @return the name
     * @throws IllegalStateException when this is not a {@linkplain #isHostFunction() host function}
     */

    public String functionName() {
        requireHostFunction();
        return text.substring(text.lastIndexOf('/') + 1);
    }

    private void requireHostFunction() {
        if (!isHostFunction()) throw new IllegalStateException("permission " + text + " does not name a host function");
    }

    /** Why {@code text} is not a permission, or null when it is one. */
    private static String problem(String text) {
        if (text.equals(FILES_TEXT) || text.equals(TEMPLATES_TEXT)) return null;
        if (!text.startsWith(HOST_PREFIX)) return "is not a known permission";
        String rest = text.substring(HOST_PREFIX.length());
        int slash = rest.lastIndexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) return "does not name a host function as <namespace>/<name>";
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c <= ' ' || c == 0x7f) return "contains whitespace or a control character";
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }
}
