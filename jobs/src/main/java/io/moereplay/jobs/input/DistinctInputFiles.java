package io.moereplay.jobs.input;

import io.moereplay.connectors.io.TraceFormatException;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Checks, before a job starts, that no file of an input is read twice: the same path given twice
 * (for example {@code --routing F,F}, or a folder and a file inside it) or two files of equal
 * content (the same part delivered twice into a folder). Either would count every row twice.
 *
 * <p>Cost: content is hashed (SHA-256) only for files whose size equals another file's, so an input
 * of distinct sizes costs one status call a file; equal sizes cost one read of each such file.
 */
public final class DistinctInputFiles {

    private DistinctInputFiles() {}

    /**
     * @param files the resolved files of one input, in order
     * @param sizes their lengths in bytes, in the same order
     * @throws TraceFormatException naming both files when a path repeats or two contents are equal
     */
    public static void require(List<Path> files, List<Long> sizes) throws IOException {
        // Step 1: a path given twice.
        Map<String, Path> byPath = new HashMap<>();
        for (Path file : files) {
            String qualified = file.makeQualified(file.getFileSystem()).toString();
            Path earlier = byPath.putIfAbsent(qualified, file);
            if (earlier != null) {
                throw new TraceFormatException(file.toString(), "is given twice (also as " + earlier
                        + "); each input file is read once, or its rows would count twice");
            }
        }
        // Step 2: equal sizes, then equal content.
        Map<Long, Integer> firstOfSize = new HashMap<>();
        Map<String, Path> byDigest = new HashMap<>();
        String[] digests = new String[files.size()];
        for (int i = 0; i < files.size(); i++) {
            if (sizes.get(i) == 0) {
                continue; // the readers' "file is empty" says more than "equal content" would
            }
            Integer first = firstOfSize.putIfAbsent(sizes.get(i), i);
            if (first == null) {
                continue;
            }
            if (digests[first] == null) {
                digests[first] = sha256(files.get(first));
                byDigest.put(digests[first], files.get(first));
            }
            digests[i] = sha256(files.get(i));
            Path same = byDigest.putIfAbsent(digests[i], files.get(i));
            if (same != null) {
                throw new TraceFormatException(files.get(i).toString(), "has the same content as " + same
                        + " (SHA-256 " + digests[i].substring(0, 16) + "..., " + sizes.get(i)
                        + " bytes); a file delivered twice would count every row twice: remove the copy");
            }
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (FSDataInputStream in = file.getFileSystem().open(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
