package io.moereplay.jobs.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One run's version of a folder, published by one atomic step. The visible name, {@code pointer}
 * in {@code dir}, is a relative symbolic link to a hidden version folder beside it
 * ({@code dir/<prefix><tag>-<nonce>/}). A run writes everything into its own version folder, then
 * makes it current by renaming a fresh link over the pointer ({@code rename(2)} replaces a link
 * atomically on a local file system): a reader resolving the pointer finds the previous version or
 * the new one, never a mix and never nothing. Only then is the previous version deleted.
 *
 * <p>Each version folder has a lock file beside it, {@code <version>.lock}, holding the owning
 * process's pid and start time; it is removed when the run ends. A run starts by deleting every
 * version folder, lock and link of a dead run (its lock names a process that no longer exists, or
 * it has no lock) that is not the current version: a killed run's leftovers last until the next run
 * into the same folder. Two live runs into the same folder are not supported: the later swap wins.
 *
 * <p>A pointer that is a plain folder (written before versions existed) is converted by the first
 * publish: renamed to {@code <prefix>legacy}, then replaced by the link. Between those two renames
 * the pointer is absent; a run that finds it absent with a {@code <prefix>legacy} folder renames
 * that back first.
 */
public final class VersionedFolder {

    static final String LOCK = ".lock";
    static final String LINK = ".link";
    private static final String LEGACY = "legacy";

    private final Path dir;
    private final Path pointer;
    private final String prefix;
    private final String scope;
    private final Path version;
    private final Path lock;

    private VersionedFolder(Path dir, Path pointer, String prefix, String scope, Path version) {
        this.dir = dir;
        this.pointer = pointer;
        this.prefix = prefix;
        this.scope = scope;
        this.version = version;
        this.lock = sibling(version, LOCK);
    }

    /**
     * Repairs and cleans {@code dir}, then creates this run's lock and version folder.
     *
     * @param pointer the visible name in {@code dir} ({@code .current}, {@code date=2026-11-23})
     * @param prefix the version folders' name prefix ({@code .v-}, {@code .date=2026-11-23.v-})
     * @param tag a readable part of the version's name (a run id), or empty
     * @param scope the {@link CrashPoint} scope of this folder's steps
     */
    public static VersionedFolder begin(Path dir, String pointer, String prefix, String tag, String scope)
            throws IOException {
        Files.createDirectories(dir);
        Path link = dir.resolve(pointer);
        Path legacy = dir.resolve(prefix + LEGACY);
        if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS) && Files.isDirectory(legacy, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(legacy, link, StandardCopyOption.ATOMIC_MOVE);
        }
        removeStale(dir, link, prefix);
        String name = prefix + (tag.isEmpty() ? "" : tag + "-") + UUID.randomUUID().toString().substring(0, 8);
        VersionedFolder folder = new VersionedFolder(dir, link, prefix, scope, dir.resolve(name));
        CrashPoint.step(scope, "writing the lock " + folder.lock);
        RunLock.write(folder.lock);
        CrashPoint.step(scope, "creating the version folder " + folder.version);
        Files.createDirectory(folder.version);
        return folder;
    }

    /** This run's version folder, where it writes everything it publishes. */
    public Path version() {
        return version;
    }

    /**
     * Makes this version current by one rename, then deletes the version it replaced and the locks.
     */
    public void publish() throws IOException {
        Optional<Path> previous = current(pointer);
        Path link = sibling(version, LINK);
        CrashPoint.step(scope, "creating the link " + link);
        Files.createSymbolicLink(link, version.getFileName());
        if (Files.isDirectory(pointer, LinkOption.NOFOLLOW_LINKS)) {
            previous = Optional.of(dir.resolve(prefix + LEGACY));
            CrashPoint.step(scope, "moving the plain folder " + pointer + " aside");
            Files.move(pointer, previous.get(), StandardCopyOption.ATOMIC_MOVE);
        }
        CrashPoint.step(scope, "renaming " + link + " over " + pointer + " (the commit)");
        Files.move(link, pointer, StandardCopyOption.ATOMIC_MOVE);
        if (previous.isPresent() && !previous.get().equals(version)) {
            CrashPoint.step(scope, "deleting the previous version " + previous.get());
            deleteTree(previous.get());
            CrashPoint.step(scope, "deleting the previous lock");
            Files.deleteIfExists(sibling(previous.get(), LOCK));
        }
        CrashPoint.step(scope, "deleting the lock " + lock);
        Files.deleteIfExists(lock);
    }

    /** Deletes this run's version folder and lock: the current version stays as it was. */
    public void abort() throws IOException {
        deleteTree(version);
        Files.deleteIfExists(lock);
    }

    /** The version folder the pointer names, when it is a link. */
    static Optional<Path> current(Path pointer) throws IOException {
        if (!Files.isSymbolicLink(pointer)) {
            return Optional.empty();
        }
        return Optional.of(pointer.resolveSibling(Files.readSymbolicLink(pointer)).normalize());
    }

    /** Deletes what dead runs left in {@code dir}: versions other than the current one, their locks and links. */
    private static void removeStale(Path dir, Path pointer, String prefix) throws IOException {
        Optional<Path> current = current(pointer);
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            boolean lockOrLink = name.endsWith(LOCK) || name.endsWith(LINK);
            Path owner = lockOrLink ? entry.resolveSibling(name.substring(0, name.length() - 5)) : entry;
            Path ownerLock = sibling(owner, LOCK);
            if (RunLock.alive(ownerLock)) {
                continue;
            }
            if (name.endsWith(LINK) || (name.endsWith(LOCK) && !Files.exists(owner, LinkOption.NOFOLLOW_LINKS))) {
                Files.deleteIfExists(entry);
            } else if (!lockOrLink && !current.map(entry::equals).orElse(false)) {
                deleteTree(entry);
                Files.deleteIfExists(ownerLock);
            } else if (!lockOrLink) {
                Files.deleteIfExists(ownerLock);
            }
        }
    }

    private static Path sibling(Path path, String suffix) {
        return path.resolveSibling(path.getFileName() + suffix);
    }

    /** Deletes a tree without following links: a link inside is removed, not what it names. */
    public static void deleteTree(Path root) throws IOException {
        // A file another thread removes while the tree is listed (Flink deletes its RPC jar as it
        // shuts down) ends the listing; listing again from the start finishes the job.
        for (int attempt = 1; ; attempt++) {
            try {
                deleteListed(root);
                return;
            } catch (UncheckedIOException listing) {
                if (!(listing.getCause() instanceof NoSuchFileException) || attempt == 3) {
                    throw listing.getCause();
                }
            }
        }
    }

    private static void deleteListed(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(path);
                } catch (NoSuchFileException gone) {
                    // removed meanwhile: what we wanted
                }
            }
        }
    }
}
