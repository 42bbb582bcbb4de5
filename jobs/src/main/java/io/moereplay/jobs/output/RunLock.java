package io.moereplay.jobs.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A lock file naming the process that owns a version folder: {@code <pid> <start epoch millis>}.
 * The owner is alive while a process with that pid and that start time runs; the start time keeps
 * a reused pid from passing for the owner.
 */
final class RunLock {

    // A lock being written (empty or partial) belongs to a live run for at least this long.
    private static final Duration YOUNG = Duration.ofMinutes(1);

    private RunLock() {}

    /** Writes the current process's lock; a lock cut short by a crash reads as young, then dead. */
    static void write(Path lock) throws IOException {
        Files.writeString(lock, ProcessHandle.current().pid() + " " + startOfThisProcess() + "\n");
    }

    /** This process's start time in epoch milliseconds, or 0 where the system does not say. */
    static long startOfThisProcess() {
        return ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /** Whether the process with this pid and start time (0: any) runs. */
    static boolean alive(long pid, long start) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(p -> start == 0 || p.info().startInstant().map(Instant::toEpochMilli).orElse(start) == start)
                .orElse(false);
    }

    /** Whether the lock names a running process; false when there is no lock. */
    static boolean alive(Path lock) {
        String text;
        try {
            text = Files.readString(lock).trim();
        } catch (IOException absent) {
            return false;
        }
        String[] fields = text.split(" ");
        if (fields.length != 2) {
            return young(lock);
        }
        try {
            return alive(Long.parseLong(fields[0]), Long.parseLong(fields[1]));
        } catch (NumberFormatException e) {
            return young(lock);
        }
    }

    private static boolean young(Path lock) {
        try {
            return Files.getLastModifiedTime(lock).toInstant().isAfter(Instant.now().minus(YOUNG));
        } catch (IOException e) {
            return false;
        }
    }
}
