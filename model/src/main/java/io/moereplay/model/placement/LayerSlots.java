package io.moereplay.model.placement;

import io.moereplay.model.perf.ExpertPlacement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One layer's physical expert slots as serving engines load them: {@code physicalToLogical[p]} is
 * the logical expert slot {@code p} holds, rank-major, so slot {@code p} lives on GPU
 * {@code p / slotsPerGpu} (SGLang's {@code physical_to_logical_map} row, TensorRT-LLM's
 * {@code initial_global_assignments} entry, vLLM's {@code physical_to_logical_map} row). Every slot
 * holds an expert: engines have no empty slot. The engines send an expert's tokens to its replicas
 * evenly, so read back as an {@link ExpertPlacement} each replica takes an equal share; the
 * unequal shares a policy may have fitted are not part of the engine's layout.
 *
 * @param layer the layer id, in whatever numbering the caller keeps (see the file formats)
 * @param physicalToLogical the logical expert of each slot, rank-major; not copied (treat as read-only)
 */
public record LayerSlots(int layer, int[] physicalToLogical) {

    public LayerSlots {
        if (layer < 0 || physicalToLogical.length == 0) {
            throw new IllegalArgumentException("layer " + layer + " with " + physicalToLogical.length
                    + " slots: need a layer id of 0 or more and at least one slot");
        }
    }

    public int slots() {
        return physicalToLogical.length;
    }

    /**
     * Checks what every engine requires of a layer's slots.
     *
     * @throws IllegalArgumentException naming the layer and slot (or expert) when the slots do not
     *     divide evenly over the GPUs, a slot holds an id outside {@code 0..experts-1}, or an
     *     expert has no slot (its tokens would have nowhere to go)
     */
    public void check(int experts, int gpus) {
        if (gpus < 1 || slots() % gpus != 0) {
            throw new IllegalArgumentException("layer " + layer + ": " + slots() + " slots do not divide evenly over "
                    + gpus + " GPUs; every GPU holds the same number of slots");
        }
        boolean[] held = new boolean[experts];
        for (int p = 0; p < physicalToLogical.length; p++) {
            int expert = physicalToLogical[p];
            if (expert < 0 || expert >= experts) {
                throw new IllegalArgumentException("layer " + layer + ", slot " + p + ": expert " + expert
                        + " is outside 0.." + (experts - 1));
            }
            held[expert] = true;
        }
        for (int e = 0; e < experts; e++) {
            if (!held[e]) {
                throw new IllegalArgumentException("layer " + layer + ": expert " + e + " has no slot; every expert"
                        + " needs at least one");
            }
        }
    }

    /**
     * The engine's view of a placement: on each GPU its replicas ordered by expert id. A GPU with
     * fewer replicas than {@code slotsPerGpu} (a policy left a slot free, which no engine can
     * express) gets its free slots filled with further copies of one of its own experts that has
     * no replica elsewhere (the lowest such id): every token of that expert already goes to this
     * GPU, so under equal dispatch no GPU's load changes.
     *
     * @throws IllegalArgumentException naming the layer and GPU when a GPU holds more replicas
     *     than slots, or has a free slot but no expert of its own to copy into it
     */
    public static LayerSlots of(int layer, ExpertPlacement placement, int slotsPerGpu) {
        List<List<Integer>> byGpu = new ArrayList<>();
        for (int g = 0; g < placement.gpus(); g++) {
            byGpu.add(new ArrayList<>());
        }
        int[] expert = placement.replicaExpert();
        int[] gpu = placement.replicaGpu();
        int[] replicas = new int[placement.experts()];
        for (int r = 0; r < expert.length; r++) {
            byGpu.get(gpu[r]).add(expert[r]);
            replicas[expert[r]]++;
        }
        int[] slots = new int[placement.gpus() * slotsPerGpu];
        for (int g = 0; g < placement.gpus(); g++) {
            List<Integer> held = byGpu.get(g);
            if (held.size() > slotsPerGpu) {
                throw new IllegalArgumentException("layer " + layer + ": GPU " + g + " holds " + held.size()
                        + " replicas but has " + slotsPerGpu + " slots");
            }
            held.sort(null);
            fill(layer, g, held, replicas, slotsPerGpu);
            for (int i = 0; i < slotsPerGpu; i++) {
                slots[g * slotsPerGpu + i] = held.get(i);
            }
        }
        return new LayerSlots(layer, slots);
    }

    /** Copies the GPU's first sole-replica expert into its free slots, kept in expert order. */
    private static void fill(int layer, int gpu, List<Integer> held, int[] replicas, int slotsPerGpu) {
        if (held.size() == slotsPerGpu) {
            return;
        }
        Integer sole = held.stream().filter(e -> replicas[e] == 1).findFirst().orElseThrow(() ->
                new IllegalArgumentException("layer " + layer + ": GPU " + gpu + " has " + (slotsPerGpu - held.size())
                        + " free slots and no expert held only there to fill them with; an engine needs every"
                        + " slot filled, so place with all slots used (policies greedy or eplb)"));
        int at = held.indexOf(sole);
        while (held.size() < slotsPerGpu) {
            held.add(at, sole);
        }
    }

    /**
     * The placement the engine serves: one replica per slot, each of an expert's {@code n}
     * replicas taking {@code 1/n} of its tokens (the engines' even dispatch).
     *
     * @throws IllegalArgumentException as {@link #check}
     */
    public ExpertPlacement toPlacement(int experts, int gpus) {
        check(experts, gpus);
        int perGpu = slots() / gpus;
        int[] replicas = new int[experts];
        for (int expert : physicalToLogical) {
            replicas[expert]++;
        }
        int[] gpu = new int[slots()];
        double[] share = new double[slots()];
        for (int p = 0; p < slots(); p++) {
            gpu[p] = p / perGpu;
            share[p] = 1.0 / replicas[physicalToLogical[p]];
        }
        return new ExpertPlacement(gpus, experts, physicalToLogical.clone(), gpu, share);
    }

    /**
     * SGLang's and vLLM's layout without a balancer: slot {@code p} holds expert
     * {@code p % experts}, so the redundant slots repeat the first experts.
     */
    public static LayerSlots modulo(int layer, int experts, int slots) {
        int[] map = new int[slots];
        for (int p = 0; p < slots; p++) {
            map[p] = p % experts;
        }
        return new LayerSlots(layer, map);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LayerSlots s && layer == s.layer && Arrays.equals(physicalToLogical, s.physicalToLogical);
    }

    @Override
    public int hashCode() {
        return 31 * layer + Arrays.hashCode(physicalToLogical);
    }

    @Override
    public String toString() {
        return "LayerSlots[layer " + layer + ", " + Arrays.toString(physicalToLogical) + "]";
    }
}
