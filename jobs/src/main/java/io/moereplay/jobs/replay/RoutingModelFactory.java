package io.moereplay.jobs.replay;

import io.moereplay.model.replay.ReplayRequests;
import io.moereplay.model.routing.RoutingModel;

import java.io.Serializable;
import java.util.Map;

/**
 * Builds the replay's routing model inside each parallel task: what ships with the job is this
 * factory (a calibrated spec, or the recorded trace in compact form), not the model itself.
 */
public interface RoutingModelFactory extends Serializable {

    /** The model for these requests (a recorded model maps its requests onto them). */
    RoutingModel create(ReplayRequests requests);

    /** How the model was made, for the run summary: its name, parameters and any fit report. */
    Map<String, Object> describe();
}
