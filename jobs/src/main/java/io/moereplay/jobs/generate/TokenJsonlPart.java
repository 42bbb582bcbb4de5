package io.moereplay.jobs.generate;

import io.moereplay.model.synthetic.DecisionSink;
import io.moereplay.model.trace.Phase;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One token-JSONL routing part being written: one object per token per layer with the fields
 * {@code request_id, token_idx, phase, layer, experts, gating_probs} (the last only when the trace
 * has gate weights), as the token JSONL reader expects.
 */
final class TokenJsonlPart implements DecisionSink, AutoCloseable {

    private final BufferedWriter out;
    private final StringBuilder line = new StringBuilder(128);

    TokenJsonlPart(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    @Override
    public void decision(long requestId, int tokenIndex, Phase phase, int layer,
            int[] experts, int k, float[] gateWeights, int gates) {
        line.setLength(0);
        line.append("{\"request_id\":").append(requestId)
                .append(",\"token_idx\":").append(tokenIndex)
                .append(",\"phase\":\"").append(phase.label())
                .append("\",\"layer\":").append(layer)
                .append(",\"experts\":[");
        for (int i = 0; i < k; i++) {
            line.append(i == 0 ? "" : ",").append(experts[i]);
        }
        line.append(']');
        if (gates > 0) {
            line.append(",\"gating_probs\":[");
            for (int i = 0; i < gates; i++) {
                line.append(i == 0 ? "" : ",").append(gateWeights[i]);
            }
            line.append(']');
        }
        line.append("}\n");
        try {
            out.append(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
