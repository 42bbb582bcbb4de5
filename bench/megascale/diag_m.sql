with st as (  -- the tool's own step time per decode step (step_share_us summed over layers), this directory's loads
  select deployment, step, sum(step_share_us) step_us from 'OUTDIR/diag_m_MODEL/straggler/*.parquet'
  where step between 70 and 90 group by 1,2),
s as (
  select deployment, regexp_extract(deployment,'m=(\d)',1)::int m, max(layer)+1 L,
         median(attention_us) ta, median(comm_us) tc, median(balanced_expert_us) te, median(expert_us) te_busy,
         bool_and(comm_hidden) eq2_ok, bool_and(pipeline_filled) eq3_ok
  from 'OUTDIR/diag_m_MODEL/straggler/*.parquet' where step between 70 and 90 group by 1,2),
c as (select s.*, (select median(step_us) from st where st.deployment=s.deployment)/1000 tool_ms,
  (ta+te+2*tc + greatest(ta,te)*(m*L-1))/1000 eq5_ms,                         -- Eq. 5, even T_e (what the tool charged before it honoured the chain)
  L*greatest(m*ta, m*te, ta+te+2*tc)/1000 dep_ms                                -- a hand bound without link occupancy
  from s)
select m, round(ta) ta_us, round(te) te_even_us, round(te_busy) te_busiest_us, round(tc) tc_us, eq2_ok, eq3_ok,
  round(tool_ms,1) tool_step_ms, round(eq5_ms,1) eq5_ms, round(dep_ms,1) hand_dep_ms,
  round(lag(tool_ms) over (order by m)/tool_ms,3) tool_gain, round(lag(eq5_ms) over (order by m)/eq5_ms,3) eq5_gain,
  round(lag(dep_ms) over (order by m)/dep_ms,3) hand_gain from c order by m
