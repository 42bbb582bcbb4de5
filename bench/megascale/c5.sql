with t as (select kind, coalesce(nullif(regexp_extract(candidate,'[^r]m=(\d)',1),''), regexp_extract(candidate,'r1=(\d)',1))::int m,
  regexp_extract(candidate,'r2=(\d)',1) r2, regexp_extract(candidate,'order=(\w+)',1) ord, gpus, batch, kv_capacity_tokens,
  analytic_tbt_ms tbt, capacity_tokens_per_s_per_gpu cap, dropped from 'OUTDIR/c5_MODEL/deployment_cost/*.parquet')
select m,
  max(case when kind='disaggregated' then round(tbt,1) end) disagg_tbt,
  max(case when kind='disaggregated' then round(cap,1) end) disagg_cap,
  max(case when kind='findep' and r2='1' and ord='asas' then round(tbt,1) end) pppipe_tl_tbt,
  max(case when kind='findep' and r2='1' and ord='asas' then round(cap,1) end) pppipe_tl_cap,
  arg_max(case when kind='findep' then 'r2='||r2||','||ord end, case when kind='findep' then cap end) best_findep,
  max(case when kind='findep' then round(tbt,1) end) max_findep_tbt,
  max(case when kind='findep' then round(cap,1) end) best_findep_cap,
  round(max(case when kind='findep' then cap end)/max(case when kind='disaggregated' then cap end),3) findep_over_disagg,
  round(max(case when kind='findep' then cap end)/max(case when kind='findep' and r2='1' and ord='asas' then cap end),3) findep_over_pppipe_tl
from t group by m order by m
