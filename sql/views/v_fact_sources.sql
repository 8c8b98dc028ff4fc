-- Sources per fact: every fact with a readable label, how many sources back it and which.
create view v_fact_sources as
with labels as (
    select
        'link' as fact_type,
        l.record_id as fact_id,
        any_value(p.name_en) || ': ' || any_value(l.note_en) as label_en,
        any_value(p.name_vi) || ': ' || any_value(l.note_vi) as label_vi
    from cooperation_link as l
    inner join partner as p on l.partner_id = p.partner_id
    group by l.record_id
    union all
    select
        'event' as fact_type,
        e.event_id as fact_id,
        e.title_en as label_en,
        e.title_vi as label_vi
    from event as e
    union all
    select
        'legal_instrument' as fact_type,
        i.instrument_id as fact_id,
        i.title_en as label_en,
        i.title_vi as label_vi
    from legal_instrument as i
    union all
    select
        'legal_stage' as fact_type,
        s.instrument_id || ':' || s.stage as fact_id,
        i.title_en || ' (' || s.stage || ')' as label_en,
        i.title_vi || ' (' || s.stage || ')' as label_vi
    from legal_stage as s
    inner join legal_instrument as i on s.instrument_id = i.instrument_id
    union all
    select
        'legal_count' as fact_type,
        c.count_id as fact_id,
        c.description_en as label_en,
        c.description_vi as label_vi
    from legal_count as c
    union all
    select
        'target' as fact_type,
        t.target_id as fact_id,
        t.title_en as label_en,
        t.title_vi as label_vi
    from target as t
    union all
    select
        'observation' as fact_type,
        o.observation_id as fact_id,
        ind.label_en || ', ' || o.period_text || ': ' || cast(o.value as varchar) as label_en,
        ind.label_vi || ', ' || o.period_text || ': ' || cast(o.value as varchar) as label_vi
    from observation as o
    inner join indicator as ind on o.indicator_id = ind.indicator_id
)

select
    fs.fact_type,
    fs.fact_id,
    any_value(lb.label_en) as label_en,
    any_value(lb.label_vi) as label_vi,
    count(*) as n_sources,
    string_agg(fs.source_id, ', ' order by fs.source_id) as source_ids,
    case when count(*) > 1 then 'multiple_sources' else 'single_source' end as corroboration
from fact_source as fs
left join labels as lb
    on fs.fact_type = lb.fact_type and fs.fact_id = lb.fact_id
group by fs.fact_type, fs.fact_id;
