#!/usr/bin/env bash
# Every query behind the README's MegaScale-Infer / FinDEP reproduction, over bench/megascale/run's output.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
D="${OUT:-/tmp/moe-replay-megascale}"
cd "$here"
echo "### Claim 1: best colocated, best disaggregated (any m) and best disaggregated per m, per GPU"
for M in Mixtral-8x22B DBRX Scaled-MoE; do echo "== $M"; ./q.sh "with t as (select *, case when kind='colocated' then 'colocated' else 'disagg m='||regexp_extract(candidate,',m=(\d)',1) end grp from '$D/c1_$M/deployment_cost/*.parquet' where capacity_tokens_per_s_per_gpu is not null),
 t2 as (select * from t union all select * replace ('disagg any m' as grp) from t where kind='disaggregated'),
 r as (select *, row_number() over (partition by grp order by round(capacity_tokens_per_s_per_gpu,1) desc, gpus, candidate) rn from t2)
 select grp, candidate, gpus, batch, kv_capacity_tokens, round(kv_capacity_tokens/batch) kv_per_seq, round(analytic_tbt_ms,1) tbt, round(capacity_tokens_per_s_per_gpu,1) cap_gpu,
 round(capacity_tokens_per_s_per_gpu / max(case when grp='colocated' then capacity_tokens_per_s_per_gpu end) over (),3) vs_colocated from r where rn=1 order by grp"; done
echo "### Claim 2: m = 1..4 at a fixed shape and fixed KV-bound batch (tool's analytic columns, even loads)"
for M in Mixtral-8x22B DBRX Scaled-MoE; do echo "== $M"; ./q.sh "select candidate, round(analytic_tbt_ms,1) tbt, round(capacity_tokens_per_s_per_gpu,1) cap, round(capacity_tokens_per_s_per_gpu/lag(capacity_tokens_per_s_per_gpu) over (order by candidate),3) gain_vs_prev_m, dropped is not null over_slo from '$D/c2_$M/deployment_cost/*.parquet' order by 1"; done
echo "### Claim 2 (secondary): same shapes, each m at its own largest batch within the 150 ms SLO (search)"
for x in "Mixtral-8x22B tp-a=2,nodes-a=2,experts=A100-80GB,tp-e=1" "DBRX tp-a=2,nodes-a=2,experts=A100-80GB,tp-e=1" "Scaled-MoE tp-a=2,nodes-a=4,experts=A100-80GB,tp-e=1"; do set -- $x
  ./q.sh "select candidate, batch, round(analytic_tbt_ms,1) tbt, round(capacity_tokens_per_s_per_gpu,1) cap, round(capacity_tokens_per_s_per_gpu/lag(capacity_tokens_per_s_per_gpu) over (order by candidate),3) gain_vs_prev_m from '$D/c1_$1/deployment_cost/*.parquet' where candidate like '%$2,%' order by 1"; done
echo "### Claim 2 diagnostics (straggler, fixed batch): T_a, T_e, T_c per micro-batch; tool's step vs Eq. 5 vs earlier hand bound"
echo "# diag_m_M: zipf:1.0 loads; diag_m_even_M: zipf:0 (near-even) loads"
for M in Mixtral-8x22B DBRX Scaled-MoE DeepSeek-V2 even_Mixtral-8x22B even_DBRX even_Scaled-MoE; do echo "== $M"; ./q.sh "$(sed -e "s/MODEL/$M/" -e "s#OUTDIR#$D#" diag_m.sql)"; done
./q.sh "select deployment, round(median(attention_us)) att_us, round(median(comm_us)) comm_us, round(median(expert_us)) exp_us, round(median(balanced_expert_us)) bal_exp_us, round(median(layer_us)) layer_us, round(median(step_share_us)) share_us, bool_and(comm_hidden) hidden, bool_and(pipeline_filled) filled from '$D/diag_mixtral_1600/straggler/*.parquet' where step between 70 and 90 group by 1 order by 1"
echo "### Claim 3: DBRX n_a sweep, tp-a=1, tp-e=1, m=3"
./q.sh "select regexp_extract(candidate,'nodes-a=(\d+)',1)::int n_a, gpus, batch, kv_capacity_tokens, round(kv_capacity_tokens/batch) kv_per_seq, round(analytic_tbt_ms,1) tbt, round(capacity_tokens_per_s_per_gpu,1) cap, round(capacity_tokens_per_s_per_gpu/lag(capacity_tokens_per_s_per_gpu) over (order by n_a),3) gain_vs_prev from '$D/c1_DBRX/deployment_cost/*.parquet' where candidate like 'disaggregated:attention=A100-80GB,tp-a=1,nodes-a=%,experts=A100-80GB,tp-e=1,m=3,%' order by 1"
echo "### Claim 3: peak n_a per tp-a (tp-e=1, m=3)"
./q.sh "with t as (select regexp_extract(candidate,'tp-a=(\d+)',1)::int tp_a, regexp_extract(candidate,'nodes-a=(\d+)',1)::int n_a, capacity_tokens_per_s_per_gpu cap from '$D/c1_DBRX/deployment_cost/*.parquet' where candidate like 'disaggregated:%,tp-e=1,m=3,%' and cap is not null) select tp_a, arg_max(n_a, cap) peak_n_a, round(max(cap),1) peak_cap from t group by 1 order by 1"
echo "### Claim 4: best per group by tokens per dollar (any m), and ratios"
for M in Mixtral-8x22B DBRX Scaled-MoE; do echo "== $M"; ./q.sh "with t as (select *, case when kind='colocated' then 'colocated-'||attention_gpu when candidate like '%experts=L40S%' then 'disagg-H20+L40S' else 'disagg-H20+H20' end grp from '$D/c4_$M/deployment_cost/*.parquet' where capacity_tokens_per_usd is not null), r as (select *, row_number() over (partition by grp order by round(capacity_tokens_per_usd) desc, gpus, candidate) rn from t) select grp, candidate, gpus, usd_per_hour, batch, kv_capacity_tokens, round(analytic_tbt_ms,1) tbt, round(capacity_tokens_per_s_per_gpu) cap_gpu, round(capacity_tokens_per_usd) cap_usd,
 round(capacity_tokens_per_usd/max(case when grp='colocated-H20' then capacity_tokens_per_usd end) over (),3) vs_col_h20,
 round(capacity_tokens_per_usd/max(case when grp='colocated-L40S' then capacity_tokens_per_usd end) over (),3) vs_col_l40s,
 round(capacity_tokens_per_usd/max(case when grp='disagg-H20+H20' then capacity_tokens_per_usd end) over (),3) vs_dis_h20 from r where rn=1 order by grp"; done
echo "### Claim 4: best H20+L40S per m (tokens per dollar)"
for M in Mixtral-8x22B DBRX Scaled-MoE; do echo "== $M"; ./q.sh "select regexp_extract(candidate,',m=(\d)',1) m, round(max(capacity_tokens_per_usd)) cap_usd from '$D/c4_$M/deployment_cost/*.parquet' where candidate like '%experts=L40S%' and capacity_tokens_per_usd is not null group by 1 order by 1"; done
echo "### Claim 5: FinDEP vs disaggregated (same GPUs, batch 2048), per m = r1"
for M in DeepSeek-V2 Qwen3-235B-A22B; do echo "== $M"; ./q.sh "$(sed -e "s/MODEL/$M/" -e "s#OUTDIR#$D#" c5.sql)"; done
echo "### Claim 5: best vs best, and best FinDEP vs disaggregated held to m = 2"
for M in DeepSeek-V2 Qwen3-235B-A22B; do echo "== $M"; ./q.sh "with t as (select * from '$D/c5_$M/deployment_cost/*.parquet') select
 arg_max(case when kind='findep' then candidate end, case when kind='findep' then capacity_tokens_per_s_per_gpu end) best_findep,
 arg_max(case when kind='disaggregated' then candidate end, case when kind='disaggregated' then capacity_tokens_per_s_per_gpu end) best_disagg,
 round(max(case when kind='findep' then capacity_tokens_per_s_per_gpu end)/max(case when kind='disaggregated' then capacity_tokens_per_s_per_gpu end),3) best_over_best,
 round(max(case when kind='findep' then capacity_tokens_per_s_per_gpu end)/max(case when kind='disaggregated' and candidate like '%,m=2,%' then capacity_tokens_per_s_per_gpu end),3) best_over_disagg_m2,
 round(max(case when kind='findep' then capacity_tokens_per_s_per_gpu end)/max(case when kind='disaggregated' and candidate like '%,m=1,%' then capacity_tokens_per_s_per_gpu end),3) best_over_disagg_m1 from t"; done
echo "### Claim 5: GPUs, and largest AASS vs ASAS difference at the same r1, r2"
for M in DeepSeek-V2 Qwen3-235B-A22B; do echo "== $M"; ./q.sh "with t as (select gpus, regexp_extract(candidate,'r1=(\d),r2=(\d)',0) rr, regexp_extract(candidate,'order=(\w+)',1) ord, capacity_tokens_per_s_per_gpu cap from '$D/c5_$M/deployment_cost/*.parquet' where kind='findep') select min(gpus) gpus, max(gpus) gpus_max, round(max(abs(a.cap-b.cap)/a.cap),4) max_rel_diff from t a join t b using (rr, gpus) where a.ord='aass' and b.ord='asas'"; done
