package io.moereplay.jobs.output;

import org.apache.flink.core.fs.Path;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Run ids derived from what a run reads and how: the same inputs and options give the same id,
 * so a rerun writes identical rows (at any parallelism, to any folder), and any change to what is
 * read or computed gives a new one.
 */
public final class RunIds {

    private RunIds() {}

    /** 16 hex digits of SHA-256 over the command, options, input names and sizes. */
    public static String derive(String command, Map<String, Object> options, List<Path> files, List<Long> sizes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(command.getBytes(StandardCharsets.UTF_8));
            digest.update(new java.util.TreeMap<>(contentOptions(options)).toString().getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < files.size(); i++) {
                digest.update((files.get(i).getName() + ":" + sizes.get(i)).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    // Where the output goes and how many tasks write it do not change what it holds.
    private static Map<String, Object> contentOptions(Map<String, Object> options) {
        Map<String, Object> copy = new java.util.HashMap<>(options);
        copy.remove("out");
        copy.remove("parallelism");
        return copy;
    }
}
