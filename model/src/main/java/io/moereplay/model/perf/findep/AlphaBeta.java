package io.moereplay.model.perf.findep;

/**
 * A linear time model {@code t(x) = alpha + beta x}, the form FinDEP fits to every kernel and
 * transfer from a micro-benchmark: {@code alpha} is the fixed cost of one launch (kernel start, NCCL
 * setup), {@code beta} the cost of each unit of work. Splitting a task into n pieces keeps the
 * {@code beta} part and pays {@code alpha} n times, which is the trade-off FinDEP's solver balances.
 *
 * @param alpha milliseconds per launch, at least 0
 * @param beta milliseconds per unit of {@code x} (the unit is the caller's: {@code m·n·k} of a GEMM,
 *             elements moved, ...), at least 0
 */
public record AlphaBeta(double alpha, double beta) {

    public AlphaBeta {
        Checks.nonNegative("alpha", alpha);
        Checks.nonNegative("beta", beta);
    }

    /** {@code alpha + beta x}, in milliseconds. */
    public double timeMs(double x) {
        return alpha + beta * x;
    }
}
