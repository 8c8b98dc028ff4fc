-- Console example: facts of one kind that rest on a single source (candidates for corroboration).
select
    f.fact_id,
    f.label_en,
    f.label_vi,
    f.source_ids
from v_fact_sources as f
where f.fact_type = $fact_type and f.corroboration = 'single_source'
order by f.fact_id
