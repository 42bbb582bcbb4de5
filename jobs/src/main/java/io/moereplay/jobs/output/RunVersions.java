package io.moereplay.jobs.output;

import org.apache.flink.runtime.util.EnvironmentInformation;

import java.util.Map;

/** The versions a run summary records, so that an output says what produced it. */
public final class RunVersions {

    private RunVersions() {}

    public static Map<String, String> current() {
        return Map.of(
                "moe_replay", String.valueOf(RunVersions.class.getPackage().getImplementationVersion()),
                "flink", EnvironmentInformation.getVersion(),
                "java", System.getProperty("java.version"));
    }
}
