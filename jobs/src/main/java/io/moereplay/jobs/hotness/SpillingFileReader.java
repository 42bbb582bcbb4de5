package io.moereplay.jobs.hotness;

import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Reads a whole file on its own thread and hands what it produces to Flink chunk by chunk, so a
 * file whose rows go on one by one (rows under keys another file shares) is never held whole: at
 * most {@value #CHUNKS_AHEAD} chunks wait between the read and the job.
 */
final class SpillingFileReader implements BulkFormat.Reader<SplitOutput> {

    static final int CHUNKS_AHEAD = 4;

    /** The read: pushes chunks to the spill as it goes, returns what is left at the end. */
    interface Read {
        List<SplitOutput> run(Consumer<List<SplitOutput>> spill) throws IOException;
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
    private final Thread producer;
    private boolean ended;

    SpillingFileReader(String file, Read read) {
        producer = new Thread(() -> {
            Object last;
            try {
                chunks.put(read.run(this::put));
                last = END;
            } catch (InterruptedException e) {
                return; // closed: nobody reads what is left
            } catch (Throwable e) {
                last = e;
            }
            try {
                chunks.put(last);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "read " + file);
        producer.setDaemon(true);
        producer.start();
    }

    @Override
    public BulkFormat.RecordIterator<SplitOutput> readBatch() throws IOException {
        if (ended) {
            return null;
        }
        Object next;
        try {
            next = chunks.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading", e);
        }
        if (next == END) {
            ended = true;
            return null;
        }
        if (next instanceof Throwable failure) {
            ended = true;
            throw rethrown(failure);
        }
        @SuppressWarnings("unchecked")
        List<SplitOutput> chunk = (List<SplitOutput>) next;
        return new IteratorResultIterator<>(chunk.iterator(), 0, 0);
    }

    @Override
    public void close() {
        producer.interrupt();
    }

    private void put(List<SplitOutput> chunk) {
        try {
            chunks.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("closed while reading", e);
        }
    }

    // The read's own exception, as the synchronous read would have thrown it, for the one clean message.
    private static IOException rethrown(Throwable failure) {
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof UncheckedIOException unchecked) {
            return unchecked.getCause();
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IOException(failure);
    }
}
