package io.moereplay.model.perf;

/**
 * An NCCL collective of one GPU group, and the bytes each rank puts on the wire for a buffer of
 * {@code bytesPerRank}: nccl-tests' bus-bandwidth factors, {@code (n-1)/n} for all-to-all (1/n of
 * the buffer stays on the rank) and {@code 2(n-1)/n} for all-reduce (reduce-scatter, then
 * all-gather). The serving model prices a collective by these wire bytes, so a profile in buffer
 * sizes is fitted in them too.
 */
public enum Collective {
    ALL_TO_ALL("all_to_all", 1),
    ALL_REDUCE("all_reduce", 2);

    private final String id;
    private final int passes;

    Collective(String id, int passes) {
        this.id = id;
        this.passes = passes;
    }

    /** The name in profile files and provenance: {@code all_to_all}, {@code all_reduce}. */
    public String id() {
        return id;
    }

    /** Bytes one rank sends over links for a buffer of {@code bytesPerRank} among {@code gpus}. */
    public double wireBytes(double bytesPerRank, int gpus) {
        return passes * bytesPerRank * (gpus - 1) / gpus;
    }
}
