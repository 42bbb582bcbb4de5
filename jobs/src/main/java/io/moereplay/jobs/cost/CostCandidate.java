package io.moereplay.jobs.cost;

import io.moereplay.jobs.straggler.DeploymentSpecs.GpuPool;

import java.io.Serializable;
import java.util.List;

/**
 * One deployment to price: a deployment spec ({@code moe-replay straggler}'s syntax), the largest
 * batch it runs, and the GPUs it occupies.
 *
 * @param spec the deployment spec, e.g. {@code disaggregated:attention=H20,tp-a=2,nodes-a=4,experts=L40S,tp-e=1,m=3}
 * @param batch the most sequences decoding at once
 * @param pools its GPUs by role
 */
public record CostCandidate(String spec, int batch, List<GpuPool> pools) implements Serializable {

    public CostCandidate {
        pools = List.copyOf(pools);
        if (batch < 1) {
            throw new IllegalArgumentException(spec + ": batch " + batch + " must be at least 1");
        }
    }

    /** The candidate as output rows name it: the spec with its batch. */
    public String label() {
        return spec + ",batch=" + batch;
    }

    public String kind() {
        return spec.substring(0, spec.indexOf(':'));
    }

    public int gpus() {
        return pools.stream().mapToInt(GpuPool::count).sum();
    }

    public double usdPerHour() {
        return pools.stream().mapToDouble(pool -> pool.count() * pool.gpu().usdPerHour()).sum();
    }

    public double watts() {
        return pools.stream().mapToDouble(pool -> pool.count() * pool.gpu().watts()).sum();
    }
}
