package io.moereplay.connectors.io;

import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.parquet.io.InputFile;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** A trace file on any file system Flink reaches (local, S3, HDFS), as the jobs read it. */
public final class FlinkTraceFile implements TraceFile {

    private final Path path;

    public FlinkTraceFile(Path path) {
        this.path = path;
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public long length() throws IOException {
        return fileSystem().getFileStatus(path).getLen();
    }

    @Override
    public boolean isFolder() throws IOException {
        FileSystem fileSystem = fileSystem();
        return fileSystem.exists(path) && fileSystem.getFileStatus(path).isDir();
    }

    @Override
    public InputStream open() throws IOException {
        return new BufferedInputStream(fileSystem().open(path), 1 << 16);
    }

    @Override
    public InputFile asParquet() throws IOException {
        return new ParquetInputFile(fileSystem().open(path), length());
    }

    @Override
    public Optional<TraceFile> sibling(String name) {
        return Optional.ofNullable(path.getParent()).map(folder -> new FlinkTraceFile(new Path(folder, name)));
    }

    @Override
    public Optional<java.nio.file.Path> localPath() throws IOException {
        FileSystem fileSystem = fileSystem();
        if (!"file".equals(fileSystem.getUri().getScheme())) {
            return Optional.empty();
        }
        return Optional.of(java.nio.file.Path.of(path.makeQualified(fileSystem).toUri()));
    }

    private FileSystem fileSystem() throws IOException {
        return path.getFileSystem();
    }
}
