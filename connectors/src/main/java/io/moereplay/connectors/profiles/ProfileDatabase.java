package io.moereplay.connectors.profiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The profile database: per GPU (by its hardware-catalog name) a folder of measured kernel and link
 * profiles. The project's own folders ({@code profiles/} in the repository) are bundled into the
 * jar; {@code --profiles DIR} adds a user's, and where both have a GPU the user's folder replaces
 * the bundled one whole. DIR is either one GPU's folder (it holds profile files; the folder's name is
 * the GPU's) or a folder of such folders, as {@code profiles/} is.
 */
public final class ProfileDatabase {

    /** Classpath folder the repository's {@code profiles/} is bundled under. */
    static final String RESOURCE_DIR = "profiles";
    /** A file every bundle has, to find the folder by (a classpath folder has no URL of its own in every jar). */
    static final String ANCHOR = RESOURCE_DIR + "/README.md";
    private static final List<String> PROFILE_FILES = List.of(GpuProfile.ENV, GpuProfile.EXPERT_FFN,
            GpuProfile.EXPERT_SEQUENCE, GpuProfile.GROUPED_MOE, GpuProfile.DECODE_ATTENTION, GpuProfile.ALL_TO_ALL,
            GpuProfile.ALL_REDUCE);

    private final Map<String, GpuProfile> byGpu;

    private ProfileDatabase(Map<String, GpuProfile> byGpu) {
        this.byGpu = Collections.unmodifiableMap(byGpu);
    }

    /** The bundled profiles only. */
    public static ProfileDatabase bundled() {
        return bundledPlus(null);
    }

    /**
     * The bundled profiles plus those under {@code userDir}.
     *
     * @param userDir {@code --profiles DIR}, or null for none
     * @throws IllegalArgumentException when {@code userDir} is not a folder of profiles
     */
    public static ProfileDatabase bundledPlus(Path userDir) {
        return of(bundledFolder(ProfileDatabase.class.getClassLoader()), userDir);
    }

    /** The GPU folders under {@code bundledDir} (null: none) plus {@code userDir}'s (null: none). */
    static ProfileDatabase of(Path bundledDir, Path userDir) {
        Map<String, GpuProfile> byGpu = new TreeMap<>();
        if (bundledDir != null) {
            for (Path folder : gpuFolders(bundledDir)) {
                String gpu = folder.getFileName().toString().replace("/", "");
                byGpu.put(gpu, new GpuProfile(gpu, folder, "bundled"));
            }
        }
        if (userDir != null) {
            List<Path> folders = holdsProfiles(userDir) ? List.of(userDir) : gpuFolders(userDir);
            if (!Files.isDirectory(userDir) || folders.isEmpty()) {
                throw new IllegalArgumentException("--profiles " + userDir + ": not a folder of GPU profiles; pass a"
                        + " folder holding " + PROFILE_FILES + " (its name is the GPU's) or a folder of such folders");
            }
            for (Path folder : folders) {
                String gpu = folder.toAbsolutePath().normalize().getFileName().toString();
                byGpu.put(gpu, new GpuProfile(gpu, folder, "--profiles " + userDir));
            }
        }
        return new ProfileDatabase(byGpu);
    }

    /** The profile of the GPU of this catalog name; an empty one when nothing was profiled on it. */
    public GpuProfile forGpu(String catalogName) {
        return byGpu.getOrDefault(catalogName, GpuProfile.none(catalogName));
    }

    /** The GPUs with a profile folder, by name. */
    public java.util.Set<String> gpus() {
        return byGpu.keySet();
    }

    private static boolean holdsProfiles(Path folder) {
        return PROFILE_FILES.stream().anyMatch(name -> Files.isRegularFile(folder.resolve(name)));
    }

    private static List<Path> gpuFolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory).filter(ProfileDatabase::holdsProfiles).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list the profile folders", e);
        }
    }

    /**
     * The bundled {@code profiles/} folder as a path: the build output's folder when run from
     * classes, a path inside the jar when run from one; null when the classpath has no bundle.
     */
    static Path bundledFolder(ClassLoader loader) {
        URL anchor = loader.getResource(ANCHOR);
        if (anchor == null) {
            return null;
        }
        try {
            URI uri = anchor.toURI();
            if (uri.getScheme().equals("jar")) {
                String jar = uri.toString().substring(0, uri.toString().indexOf("!/"));
                try {
                    return FileSystems.newFileSystem(URI.create(jar), Map.of()).getPath("/" + RESOURCE_DIR);
                } catch (FileSystemAlreadyExistsException e) {
                    return FileSystems.getFileSystem(URI.create(jar)).getPath("/" + RESOURCE_DIR);
                }
            }
            return Path.of(uri).getParent();
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot open the bundled profiles at " + anchor + ": " + e.getMessage(), e);
        }
    }
}
