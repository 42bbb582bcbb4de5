package io.moereplay.connectors.engines;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The torch.save fixtures under {@code src/test/resources/engines/}, made by {@code make_torch_fixtures.py}. */
final class SglangFixtures {

    private SglangFixtures() {}

    /** A file or folder of the fixtures, such as {@code sglang-stat} or {@code corrupt/sglang_stat_all_zero.pt}. */
    static Path path(String name) {
        try {
            return Path.of(SglangFixtures.class.getResource("/engines/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fixture folder's dumps, in name order (rank 0 first). */
    static List<Path> dumps(String folder) throws IOException {
        try (Stream<Path> files = Files.list(path(folder))) {
            return files.filter(f -> f.toString().endsWith(".pt")).sorted().toList();
        }
    }
}
