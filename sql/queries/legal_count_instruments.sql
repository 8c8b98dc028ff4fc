-- The named instruments each reported count refers to, with the stage each has reached today,
-- for "what happened since".
with wanted as (
    select
        ci.count_id,
        ci.instrument_id
    from legal_count_instrument as ci
    where list_contains($count_ids, ci.count_id)
)

select
    w.count_id,
    v.instrument_id,
    v.kind,
    v.title_en,
    v.title_vi,
    v.stage,
    v.stage_rank,
    v.adopted_text,
    v.adopted_precision,
    v.adopted_start,
    coalesce(v.adopted_inferred, false) as adopted_inferred,
    v.effective_text,
    v.effective_precision,
    v.source_ids
from wanted as w
inner join v_legal_instruments as v on w.instrument_id = v.instrument_id
order by w.count_id, v.adopted_start nulls last, v.title_en
