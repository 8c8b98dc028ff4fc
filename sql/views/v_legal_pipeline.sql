-- The legal pipeline by jurisdiction and stage: named instruments at each stage reached today
-- (basis 'named'), beside the counts sources give without naming each instrument (basis
-- 'reported_count', e.g. 16 decrees being drafted).
create view v_legal_pipeline as
select
    v.jurisdiction,
    v.stage,
    v.stage_rank,
    'named' as basis,
    count(*) as n_instruments,
    cast(null as varchar) as as_of_text,
    false as planned,
    string_agg(v.instrument_id, ', ' order by v.instrument_id) as item_ids,
    cast(null as varchar) as description_en,
    cast(null as varchar) as description_vi
from v_legal_instruments as v
group by v.jurisdiction, v.stage, v.stage_rank
union all
select
    c.jurisdiction,
    c.stage,
    c.stage_rank,
    'reported_count' as basis,
    c.instrument_count as n_instruments,
    c.as_of_text,
    c.planned,
    c.count_id as item_ids,
    c.description_en,
    c.description_vi
from legal_count as c;
