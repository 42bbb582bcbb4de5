package io.moereplay.connectors.engines;

import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.connectors.routing.RoutingTraceReader;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.model.trace.TraceShape;

import java.io.IOException;
import java.util.Optional;

/** PLACEHOLDER: being built on a branch; replaced before this lands. */
public final class RoutedExpertsJsonlReader implements RoutingTraceReader {

    @Override
    public long read(TraceFile file, RoutingVisitor visitor) throws IOException {
        throw new TraceFormatException(file.name(), RoutingFormat.ROUTED_EXPERTS.label() + " is not read yet");
    }

    @Override
    public Optional<TraceShape> declaredShape(TraceFile file) throws IOException {
        throw new TraceFormatException(file.name(), RoutingFormat.ROUTED_EXPERTS.label() + " is not read yet");
    }
}
