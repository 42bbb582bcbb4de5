package io.moereplay.jobs.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The command line process's own temporary folder, {@code <temp>/moe-replay-scratch-<pid>-<start>/},
 * removed when the process ends, whether its run succeeded or failed. Everything temporary a run
 * makes goes in it: Flink's MiniCluster folders and RPC jar ({@code io.tmp.dirs}), and the native
 * libraries Snappy and LZ4 unpack ({@code java.io.tmpdir}). Those would otherwise stay behind: they
 * are deleted by shutdown hooks, and the command line halts the JVM without running them. The
 * folder's name is its owner (pid and start time), so a folder left by a killed process is known
 * to be dead without a lock file that a kill could leave half-written; the next run removes it.
 */
public final class ScratchFolder {

    private static final Pattern NAME = Pattern.compile("moe-replay-scratch-(\\d{1,18})-(\\d{1,18})");

    private static volatile Path current;

    private ScratchFolder() {}

    /**
     * Removes dead processes' folders from the temp folder, creates this process's, and points the
     * JVM's temp folder at it. Called first thing by the command line, before anything reads
     * {@code java.io.tmpdir}. Where the folder cannot be made, the run goes on with the temp folder
     * itself, after one line saying so.
     */
    public static void open() {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        try {
            removeDead(temp);
            Path folder = Files.createDirectories(temp.resolve(
                    "moe-replay-scratch-" + ProcessHandle.current().pid() + "-" + RunLock.startOfThisProcess()));
            System.setProperty("java.io.tmpdir", folder.toString());
            current = folder;
        } catch (IOException e) {
            System.err.println("moe-replay: cannot create a temporary folder in " + temp + " (" + e.getMessage()
                    + "); temporary files go to " + temp + " itself. Free space there or set -Djava.io.tmpdir");
        }
    }

    /** This process's folder, when the command line opened one (not in tests or under flink run). */
    public static Optional<Path> current() {
        return Optional.ofNullable(current);
    }

    /** Deletes this process's folder; nothing in it is in use once the run has ended. */
    public static void close() {
        Path folder = current;
        if (folder == null) {
            return;
        }
        current = null;
        try {
            VersionedFolder.deleteTree(folder);
        } catch (IOException | RuntimeException e) {
            System.err.println("moe-replay: could not remove the temporary folder " + folder
                    + " (" + e.getMessage() + "); the next run removes it");
        }
    }

    private static void removeDead(Path temp) throws IOException {
        List<Path> folders;
        try (Stream<Path> list = Files.list(temp)) {
            folders = list.filter(Files::isDirectory).toList();
        }
        for (Path folder : folders) {
            Matcher owner = NAME.matcher(folder.getFileName().toString());
            if (owner.matches() && !RunLock.alive(Long.parseLong(owner.group(1)), Long.parseLong(owner.group(2)))) {
                removeQuietly(folder);
            }
        }
    }

    // Another user's leftovers may not be ours to delete: they are theirs to clean, not an error of this run.
    private static void removeQuietly(Path folder) {
        try {
            VersionedFolder.deleteTree(folder);
        } catch (IOException | RuntimeException notOurs) {
            // left for its owner's next run
        }
    }
}
