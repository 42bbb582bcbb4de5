package io.moereplay.model.perf;

import io.moereplay.model.hardware.GpuSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DeploymentsTest {

    /** 1,000 bytes per microsecond of memory, so attention over c context tokens at 2 B each takes c / 500 us. */
    private static final GpuSpec SLOW = new GpuSpec("slow", 1, 1, 1, 2, 8, 1, 1);
    private static final DecodeAttention ATTENTION =
            new DecodeAttention(2, 0, 4, 1, SLOW, 1, 0, new LinkModel(1, 0, 1));
    /** Experts: 1 us per token plus 10 us when launched. */
    private static final ExpertFfnTime FFN = tokens -> tokens == 0 ? 0 : tokens + 10;
    /** 1 byte per microsecond, no start-up: a message of n bytes takes n us. */
    private static final LinkModel LINK = new LinkModel(1, 0, 1);

    /**
     * Disaggregated, 2 attention nodes, 2 micro-batches, 4 experts, top-1, h = 4, even load: a
     * step of 8 sequences with 20,000 context tokens gives each node's micro-batch 2 sequences and
     * 5,000 context tokens, T_a = 10 us; each expert 1 token per micro-batch, T_e = 11 us; T_c =
     * max(2 * 4 * 1 * 2 B, 1 * 4 * 2 B) = 16 us. The links are slower than compute (T_c > T_f), so
     * Eq. 5's (10 + 11 + 32) + 11 * (2 * 3 - 1) = 108 us does not hold: each layer takes a micro-batch's
     * chain, 10 + 11 + 2 * 16 = 53 us (more than m T_c = 32), and layer 0 adds the fill min(53 - 16,
     * 16) = 16: 3 * 53 + 16 = 175 us over L = 3 alike layers.
     */
    @Test
    void disaggregatedLayersSumToMegaScaleInfersEquation5() {
        DisaggregatedExpertParallel plan = new DisaggregatedExpertParallel("d", 2, 1, 1, 2, 4, 1, 4, ExpertPlacement.contiguous(4, 4), FFN,
                ATTENTION, LINK, LINK);
        long[] even = {2, 2, 2, 2};
        double total = 0;
        for (int layer = 0; layer < 3; layer++) {
            LayerTiming timing = plan.layer(layer, 8, 20_000, even);
            assertThat(timing.attentionMicros()).isEqualTo(10);
            assertThat(timing.straggler().layerMicros()).isEqualTo(11);
            assertThat(timing.commMicros()).isEqualTo(16);
            assertThat(timing.stepOverheadMicros()).isZero();
            total += timing.stepShareMicros();
        }
        assertThat(total).isEqualTo(new PingPongPipeline(10, 11, 16, 2, 3).stepMicros()).isEqualTo(175);
        assertThat(plan.layer(0, 8, 20_000, even).communicationHidden()).isFalse();
    }

    /**
     * The same plan with all 8 tokens on expert 0 (4x the mean of 2): its micro-batch share is 4
     * tokens, T_e = 14 us instead of 11, and the busiest expert receives 4 * 4 * 2 = 32 bytes, T_c
     * = 32 us. Layer 1's share is its chain, 10 + 14 + 2 * 32 = 88 us (more than m T_c = 64), against
     * the balanced chain 10 + 11 + 2 * 16 = 53 us: 35 us of skew, most of it the hot expert's bytes.
     */
    @Test
    void aHotExpertSlowsThePipelineStage() {
        DisaggregatedExpertParallel plan = new DisaggregatedExpertParallel("d", 2, 1, 1, 2, 4, 1, 4, ExpertPlacement.contiguous(4, 4), FFN,
                ATTENTION, LINK, LINK);
        LayerTiming hot = plan.layer(1, 8, 20_000, new long[] {8, 0, 0, 0});
        assertThat(hot.straggler().layerMicros()).isEqualTo(14);
        assertThat(hot.straggler().balancedMicros()).isEqualTo(11);
        assertThat(hot.commMicros()).isEqualTo(32);
        assertThat(hot.stepShareMicros()).isEqualTo(88);
        assertThat(hot.stepOverheadMicros()).isEqualTo(35);
        assertThat(hot.pipelineFilled()).isFalse(); // m = 2 < 2 (1 + 32/14)
    }

    /**
     * Colocated, 2 GPUs, 4 experts (2 per GPU), top-2, h = 4, 1 shared expert: 6 sequences with
     * 6,000 context tokens, so each GPU attends 3 sequences over 3,000 tokens (6 us) and sends
     * 3 * 2 * 4 * 2 B * 1/2 = 24 bytes each way (24 us). Loads {6, 2, 2, 2}: GPU 0 computes
     * T(6) + T(2) = 28 us, GPU 1 24 us; the shared expert costs T(3) = 13 us. Layer: 6 + 48 + 28 +
     * 13 = 95 us. Balanced (3 each): 26 us, so 2 us of skew.
     */
    @Test
    void colocatedLayerByHand() {
        ColocatedExpertParallel plan = new ColocatedExpertParallel("c", 2, 4, 2, 1, ExpertPlacement.contiguous(4, 2),
                FFN, ATTENTION, LINK);
        LayerTiming timing = plan.layer(0, 6, 6_000, new long[] {6, 2, 2, 2});
        assertThat(timing.attentionMicros()).isEqualTo(6);
        assertThat(timing.commMicros()).isEqualTo(24);
        assertThat(timing.straggler().layerMicros()).isEqualTo(28);
        assertThat(timing.straggler().balancedMicros()).isEqualTo(26);
        assertThat(timing.layerMicros()).isEqualTo(95);
        assertThat(timing.stepShareMicros()).isEqualTo(95);
        assertThat(timing.stepOverheadMicros()).isEqualTo(2);
    }

    /** Attention is memory-bound: KV bytes of the summed context plus weights, over bandwidth, plus the TP all-reduce. */
    @Test
    void decodeAttentionReadsTheKvCacheAndAllReducesUnderTensorParallelism() {
        assertThat(ATTENTION.micros(3, 3_000)).isEqualTo(6);
        DecodeAttention tp2 = new DecodeAttention(2, 1_000, 4, 2, SLOW, 1, 1, LINK);
        // (3000 * 2 + 1000) / 2 B over 1000 B/us = 3.5 us, + 1 us start-up, + all-reduce of
        // 2 (2 - 1) / 2 * 3 * 4 * 2 B = 24 B at 1 B/us.
        assertThat(tp2.micros(3, 3_000)).isCloseTo(28.5, within(1e-12));
        assertThat(tp2.micros(0, 0)).isZero();
    }

    /**
     * FinDEP with one segment per micro-batch (r2 = 1), ASAS and no shared experts is
     * MegaScale-Infer's ping-pong pipeline: where Eq. 2-3 hold (T_a = 10, T_e = 11, T_c = 4 with a
     * faster link, m = 3 >= 2 (1 + 4/11)), its layer shares equal the disaggregated deployment's.
     */
    @Test
    void fineGrainedWithOneSegmentIsThePingPongPipeline() {
        LinkModel fast = new LinkModel(4, 0, 1);
        DisaggregatedExpertParallel pingPong = new DisaggregatedExpertParallel("d", 2, 1, 1, 3, 4, 1, 4,
                ExpertPlacement.contiguous(4, 4), FFN, ATTENTION, fast, fast);
        FineGrainedExpertParallel fine = new FineGrainedExpertParallel("f", 2, 1, 1, 3, 1,
                io.moereplay.model.perf.findep.Order.ASAS, 4, 1, 0, ExpertPlacement.contiguous(4, 4), FFN, FFN,
                ATTENTION, fast, fast);
        long[] even = {3, 3, 3, 3};
        for (int layer = 0; layer < 3; layer++) {
            LayerTiming a = pingPong.layer(layer, 12, 30_000, even);
            LayerTiming b = fine.layer(layer, 12, 30_000, even);
            assertThat(b.attentionMicros()).isEqualTo(a.attentionMicros()).isEqualTo(10);
            assertThat(b.straggler().layerMicros()).isEqualTo(a.straggler().layerMicros()).isEqualTo(11);
            assertThat(b.commMicros()).isEqualTo(a.commMicros()).isEqualTo(4);
            assertThat(b.stepShareMicros()).as("layer %d", layer).isCloseTo(a.stepShareMicros(), within(1e-9));
        }
        // Layer 0 carries the fill: (10 + 11 + 8) + 11 * (3 - 1) = 51; later layers m T_f = 33.
        assertThat(fine.layer(0, 12, 30_000, even).stepShareMicros()).isCloseTo(51, within(1e-9));
        assertThat(fine.layer(1, 12, 30_000, even).stepShareMicros()).isCloseTo(33, within(1e-9));
    }

    /** Two segments halve each transfer and expert task, so the expert group starts sooner. */
    @Test
    void segmentsOverlapTransfersWithExpertWork() {
        LinkModel link = new LinkModel(1, 0, 1);
        FineGrainedExpertParallel one = new FineGrainedExpertParallel("f1", 1, 1, 1, 2, 1,
                io.moereplay.model.perf.findep.Order.AASS, 4, 1, 0, ExpertPlacement.contiguous(4, 4), FFN, FFN,
                ATTENTION, link, link);
        FineGrainedExpertParallel two = new FineGrainedExpertParallel("f2", 1, 1, 1, 2, 2,
                io.moereplay.model.perf.findep.Order.AASS, 4, 1, 0, ExpertPlacement.contiguous(4, 4), FFN, FFN,
                ATTENTION, link, link);
        long[] load = {40, 40, 40, 40};
        assertThat(two.layer(0, 160, 10_000, load).stepShareMicros())
                .isLessThan(one.layer(0, 160, 10_000, load).stepShareMicros());
    }
}
