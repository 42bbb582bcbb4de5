package io.moereplay.connectors.io;

import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A trace file on the local disk. */
public record LocalTraceFile(Path path) implements TraceFile {

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public long length() throws IOException {
        return Files.size(path);
    }

    @Override
    public boolean isFolder() {
        return Files.isDirectory(path);
    }

    @Override
    public InputStream open() throws IOException {
        return new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    }

    @Override
    public Optional<Path> localPath() {
        return Optional.of(path);
    }

    @Override
    public InputFile asParquet() {
        return new LocalInputFile(path);
    }

    @Override
    public Optional<TraceFile> sibling(String name) {
        return Optional.ofNullable(path.getParent()).map(folder -> new LocalTraceFile(folder.resolve(name)));
    }
}
