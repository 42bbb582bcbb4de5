package io.moereplay.jobs.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real public traces in ../shared/traces, when the checkout has them beside it. */
public final class SharedTraces {

    private SharedTraces() {}

    /** A file under shared/traces; skips the calling test when the folder is absent. */
    public static Path file(String relative) {
        String configured = System.getProperty("moe.shared.dir");
        Path root = configured != null ? Path.of(configured) : Path.of("../../shared");
        Path file = root.resolve("traces").resolve(relative).normalize();
        Assumptions.assumeTrue(Files.exists(file), "shared trace " + file + " is not here");
        return file;
    }
}
