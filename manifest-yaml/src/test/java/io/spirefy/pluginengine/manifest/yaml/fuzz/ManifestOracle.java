package io.spirefy.pluginengine.manifest.yaml.fuzz;

import io.spirefy.pluginengine.api.ManifestException;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.spi.ManifestContext;
import io.spirefy.pluginengine.api.spi.ManifestResult;
import io.spirefy.pluginengine.manifest.yaml.YamlManifestFormat;

import java.util.Base64;

/**
 * What must hold for any manifest bytes: {@link YamlManifestFormat#parse} returns a descriptor or
 * throws {@link ManifestException} (its documented failure), never anything else (no
 * IndexOutOfBounds, NumberFormat, ClassCast, StackOverflowError, OutOfMemoryError...), and every
 * problem names the manifest's source and says something.
 */
final class ManifestOracle {

    static final String SOURCE = "fuzz.zip!/plugin.yaml";

    private final YamlManifestFormat format = new YamlManifestFormat();

    /** @return the result, or null when the manifest was (correctly) rejected */
    ManifestResult check(byte[] yaml, boolean strict) {
        try {
            ManifestResult result = format.parse(yaml, new ManifestContext(SOURCE, strict));
            if (result == null || result.descriptor() == null) throw bug(yaml, "parse returned no descriptor", null);
            for (Problem w : result.warnings()) checkProblem(yaml, w);
            return result;
        } catch (ManifestException e) {
            if (e.problems().isEmpty()) throw bug(yaml, "a ManifestException without problems", e);
            for (Problem p : e.problems()) checkProblem(yaml, p);
            return null;
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable t) {
            throw bug(yaml, "parse threw " + t, t);
        }
    }

    private static void checkProblem(byte[] yaml, Problem p) {
        if (!p.source().equals(SOURCE)) throw bug(yaml, "a problem names another source: " + p, null);
        if (p.message().isBlank()) throw bug(yaml, "a problem without a message: " + p, null);
    }

    private static AssertionError bug(byte[] yaml, String what, Throwable cause) {
        return new AssertionError(what + "\nkeep it as a regression test: manifest (base64) = "
                + Base64.getEncoder().encodeToString(yaml), cause);
    }
}
