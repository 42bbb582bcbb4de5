package io.moereplay.jobs.cli;

import io.moereplay.jobs.straggler.StragglerRowsMode;
import io.moereplay.model.hotness.WindowSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Range-checked option values, converted where picocli parses them so that a bad value is a usage
 * error before any work. Each message says what the value should be; {@link UsageErrors} puts the
 * option and the value in front of it.
 */
final class OptionValues {

    private OptionValues() {}

    /** A count of 1 or more: GPUs, layers, windows, batch sizes. */
    static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) whole(value, 1, Integer.MAX_VALUE, "a positive whole number (1 or more)");
        }
    }

    /** A count of 0 or more: redundant slots, parallelism (0 = default), thresholds of rows. */
    static final class NonNegativeInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) whole(value, 0, Integer.MAX_VALUE, "a whole number, 0 or more");
        }
    }

    /** As {@link NonNegativeInt}, for counts of rows and tokens past two billion. */
    static final class NonNegativeLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return whole(value, 0, Long.MAX_VALUE, "a whole number, 0 or more");
        }
    }

    /** As {@link PositiveInt}, for token counts past two billion. */
    static final class PositiveLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return whole(value, 1, Long.MAX_VALUE, "a positive whole number (1 or more)");
        }
    }

    /** A finite number above 0: thresholds, milliseconds. */
    static final class PositiveDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double number = number(value, "a number above 0");
            if (!(number > 0)) {
                throw new TypeConversionException("not above 0; give a number such as 1.5");
            }
            return number;
        }
    }

    /** A finite number, 0 or more: exponents where 0 means uniform. */
    static final class NonNegativeDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double number = number(value, "a number, 0 or more");
            if (number < 0) {
                throw new TypeConversionException("is negative; give 0 or more");
            }
            return number;
        }
    }

    /** A calendar date, YYYY-MM-DD. */
    static final class Date implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("not a calendar date; give YYYY-MM-DD, e.g. 2026-03-31");
            }
        }
    }

    /** A window length: 60s, 1000tok, 10steps, 1000pass or all. */
    static final class Window implements ITypeConverter<WindowSpec> {
        @Override
        public WindowSpec convert(String value) {
            try {
                return WindowSpec.parse(value);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new TypeConversionException("not a window length; give a time (60s, 500ms, 5m, 1h), tokens"
                        + " (1000tok), decode steps (10steps), forward passes (1000pass) or all");
            }
        }
    }

    /** Which straggler rows to write: all, sampled or none. */
    static final class StragglerRows implements ITypeConverter<StragglerRowsMode> {
        @Override
        public StragglerRowsMode convert(String value) {
            try {
                return StragglerRowsMode.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage().replaceFirst("^'.*' is ", ""));
            }
        }
    }

    /** A local folder to write into: created when missing, refused when a file of that name is in the way. */
    static final class OutputFolder implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            if (value.isBlank()) {
                throw new TypeConversionException("is empty; name the folder to write into");
            }
            Path path = local(value).orElseThrow(() -> new TypeConversionException("is not on this machine's disk"));
            if (Files.exists(path) && !Files.isDirectory(path)) {
                throw new TypeConversionException("is a file; name a folder (created if missing), e.g. "
                        + path.resolveSibling(path.getFileName() + "-out"));
            }
            return path;
        }
    }

    /** As {@link OutputFolder} on the local disk; an s3:// or hdfs:// folder is checked when written. */
    static final class OutputLocation implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (local(value).isPresent()) {
                new OutputFolder().convert(value);
            }
            return value;
        }
    }

    /**
     * A local file the command reads (a configuration, a catalog, a request trace): refused when
     * it does not exist or is a folder. An s3:// or hdfs:// path is checked when read.
     */
    static final class InputFile implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            local(value).ifPresent(path -> {
                requireExists(path);
                if (Files.isDirectory(path)) {
                    throw new TypeConversionException("is a folder; name the file itself");
                }
            });
            return value;
        }
    }

    /** A local file or folder the command reads (routing traces, an earlier run's output): refused when missing. */
    static final class InputPath implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            local(value).ifPresent(OptionValues::requireExists);
            return value;
        }
    }

    /** The path on the local disk, or empty for another file system's (s3://, hdfs://). */
    private static Optional<Path> local(String value) {
        if (value.contains("://") && !value.startsWith("file:")) {
            return Optional.empty();
        }
        try {
            return Optional.of(value.startsWith("file:") ? Path.of(URI.create(value)) : Path.of(value));
        } catch (IllegalArgumentException e) { // InvalidPathException too
            throw new TypeConversionException("is not a valid path (" + e.getMessage() + ")");
        }
    }

    private static void requireExists(Path path) {
        if (!Files.exists(path)) {
            throw new TypeConversionException("no such file or folder" + (path.isAbsolute() ? ""
                    : " (relative to " + Path.of("").toAbsolutePath() + ")"));
        }
    }

    private static long whole(String value, long min, long max, String wanted) {
        long number;
        try {
            number = Long.parseLong(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("not " + wanted);
        }
        if (number < min || number > max) {
            throw new TypeConversionException("not " + wanted + (number < min ? "" : "; at most " + max));
        }
        return number;
    }

    private static double number(String value, String wanted) {
        try {
            double number = Double.parseDouble(value.trim());
            if (Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new TypeConversionException("not " + wanted);
    }
}
