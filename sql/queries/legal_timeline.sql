-- Adoptions (reached, not planned) and entries into force of the selected named instruments,
-- with each date at its precision. Dates known to the day or month fall in one quarter and are
-- placed on the time axis; dates known only to the year, or not at all, are not.
with picked as (
    select v.*
    from v_legal_instruments as v
    where
        (len($jurisdictions) = 0 or list_contains($jurisdictions, v.jurisdiction))
        and (len($kinds) = 0 or list_contains($kinds, v.kind))
),

stage_sources as (
    select
        split_part(fs.fact_id, ':', 1) as instrument_id,
        split_part(fs.fact_id, ':', 2) as stage,
        string_agg(fs.source_id, ', ' order by fs.source_id) as source_ids
    from fact_source as fs
    where fs.fact_type = 'legal_stage'
    group by all
),

events as (
    select
        p.instrument_id,
        'adopted' as event,
        s.date_text,
        s.date_precision,
        s.date_start,
        s.date_inferred,
        s.date_note,
        coalesce(ss.source_ids, p.source_ids) as source_ids
    from picked as p
    inner join legal_stage as s
        on p.instrument_id = s.instrument_id and s.stage = 'adopted'
    left join stage_sources as ss
        on s.instrument_id = ss.instrument_id and s.stage = ss.stage
    where not s.planned and (s.date_start is null or s.date_start <= current_date)
    union all
    select
        p.instrument_id,
        'in_force' as event,
        coalesce(p.effective_text, s.date_text) as date_text,
        case
            when p.effective_text is not null then p.effective_precision
            else s.date_precision
        end as date_precision,
        coalesce(p.effective_start, s.date_start) as date_start,
        coalesce(s.date_inferred and p.effective_text is null, false) as date_inferred,
        case when p.effective_text is null then s.date_note end as date_note,
        coalesce(ss.source_ids, p.source_ids) as source_ids
    from picked as p
    left join legal_stage as s
        on p.instrument_id = s.instrument_id and s.stage = 'in_force' and not s.planned
    left join stage_sources as ss
        on s.instrument_id = ss.instrument_id and s.stage = ss.stage
    where p.effective_text is not null or s.date_text is not null
)

select
    e.instrument_id,
    p.jurisdiction,
    p.kind,
    p.title_en,
    p.title_vi,
    e.event,
    e.date_text,
    e.date_precision,
    e.date_start,
    e.date_inferred,
    e.date_note,
    e.date_precision in ('day', 'month') and e.date_start is not null as placed,
    case
        when e.date_precision in ('day', 'month')
            then cast(date_trunc('quarter', e.date_start) as date)
    end as quarter_start,
    coalesce(e.date_start > current_date, false) as scheduled,
    e.source_ids
from events as e
inner join picked as p on e.instrument_id = p.instrument_id
order by e.date_start nulls last, e.event, e.instrument_id
