package io.moereplay.jobs.output;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class VersionedFolderTest {

    @TempDir
    Path dir;

    /** A plain folder becomes a version behind the link; the old content is gone only after the swap. */
    @Test
    void aPlainFolderIsConvertedByTheFirstPublish() throws Exception {
        Files.createDirectories(dir.resolve("date=1"));
        Files.writeString(dir.resolve("date=1/old.txt"), "old");
        VersionedFolder run = VersionedFolder.begin(dir, "date=1", ".date=1.v-", "", "test");
        Files.writeString(run.version().resolve("new.txt"), "new");
        assertThat(Files.readString(dir.resolve("date=1/old.txt"))).isEqualTo("old");

        run.publish();

        assertThat(Files.isSymbolicLink(dir.resolve("date=1"))).isTrue();
        assertThat(Files.readString(dir.resolve("date=1/new.txt"))).isEqualTo("new");
        assertThat(names()).containsExactly(run.version().getFileName().toString(), "date=1");
    }

    /** A crash between the conversion's two renames leaves no partition: the next run renames it back. */
    @Test
    void aConversionCutShortIsRenamedBack() throws Exception {
        Files.createDirectories(dir.resolve(".date=1.v-legacy"));
        Files.writeString(dir.resolve(".date=1.v-legacy/old.txt"), "old");
        VersionedFolder.begin(dir, "date=1", ".date=1.v-", "", "test").abort();
        assertThat(Files.readString(dir.resolve("date=1/old.txt"))).isEqualTo("old");
    }

    /** Versions of dead runs go, with their locks and links; a live run's version and the current one stay. */
    @Test
    void deadRunsLeftoversAreRemovedAndLiveOnesKept() throws Exception {
        VersionedFolder first = VersionedFolder.begin(dir, ".current", ".v-", "one", "test");
        first.publish();
        String current = first.version().getFileName().toString();
        Files.createDirectories(dir.resolve(".v-dead/t"));
        Files.writeString(dir.resolve(".v-dead.lock"), "2147483646 1\n");
        Files.createSymbolicLink(dir.resolve(".v-dead.link"), Path.of(".v-dead"));
        Files.createDirectories(dir.resolve(".v-nolock"));
        Files.writeString(dir.resolve(".v-gone.lock"), "2147483646 1\n");
        VersionedFolder live = VersionedFolder.begin(dir, ".current", ".v-", "live", "test");

        VersionedFolder next = VersionedFolder.begin(dir, ".current", ".v-", "two", "test");

        String liveName = live.version().getFileName().toString();
        String nextName = next.version().getFileName().toString();
        assertThat(names()).containsExactlyInAnyOrder(".current", current, liveName, liveName + ".lock",
                nextName, nextName + ".lock");
        next.abort();
        live.abort();
        assertThat(names()).containsExactlyInAnyOrder(".current", current);
    }

    private List<String> names() throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
