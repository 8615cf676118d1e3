package io.spirefy.pluginengine.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the archive reader with Jazzer (libFuzzer for the JVM). Not part of
 * the default build (its name does not match surefire's test patterns, and Jazzer's agent alone
 * takes half a minute to install); run one target at a time through the {@code fuzz} profile:
 *
 * <pre>
 *   ./mvnw -pl engine-core -am -Pfuzz verify -Dtest=ArchiveFuzzer#mutatedArchive -Djazzer.max_duration=10m
 *   ./mvnw -pl engine-core -am -Pfuzz verify -Dtest=ArchiveFuzzer#rawZip
 *   ./mvnw -pl engine-core -am -Pfuzz verify -Dtest=ArchiveFuzzer#rawTarStream
 * </pre>
 *
 * A crash is printed with its input in base64 (by {@link ArchiveOracle}) and saved by Jazzer as a
 * crash file; add it to {@link ArchiveRegressionTest} once fixed.
 */
class ArchiveFuzzer {

    private final ArchiveOracle oracle = new ArchiveOracle();

    /** The structural and byte mutations of the bounded run, with the fuzzer taking the decisions. */
    @FuzzTest(maxDuration = "2m")
    void mutatedArchive(FuzzedDataProvider data) {
        ArchiveMutator.Sample s = new ArchiveMutator(bound -> data.consumeInt(0, bound - 1)).next();
        oracle.check(s.name(), s.bytes());
    }

    /** The fuzzer's bytes as a zip file. */
    @FuzzTest(maxDuration = "2m")
    void rawZip(byte[] data) {
        oracle.check("raw.zip", data);
    }

    /** The fuzzer's bytes as the tar stream inside a valid gzip, so the tar parser sees them all. */
    @FuzzTest(maxDuration = "2m")
    void rawTarStream(byte[] data) {
        oracle.check("raw.tar.gz", Seeds.gzip(data));
    }
}
