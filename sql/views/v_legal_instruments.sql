-- Each named legal instrument with the stage it has reached today, its adoption date and vote,
-- its date in force, and how many sources back it. A stage counts as reached when it is not
-- merely planned and its date (if known) has come; an adopted instrument whose date in force
-- has come is in_force.
create view v_legal_instruments as
with reached as (
    select
        s.instrument_id,
        max(s.stage_rank) as stage_rank
    from legal_stage as s
    where not s.planned and (s.date_start is null or s.date_start <= current_date)
    group by s.instrument_id
),

adopted as (
    select s.*
    from legal_stage as s
    where s.stage = 'adopted'
),

cited as (
    select
        fs.fact_id as instrument_id,
        count(distinct fs.source_id) as n_sources,
        string_agg(distinct fs.source_id, ', ' order by fs.source_id) as source_ids
    from fact_source as fs
    where fs.fact_type = 'legal_instrument'
    group by fs.fact_id
),

staged as (
    select
        i.*,
        case
            when r.stage_rank = 4 and i.effective_start <= current_date then 5
            else coalesce(r.stage_rank, 0)
        end as stage_rank
    from legal_instrument as i
    left join reached as r on i.instrument_id = r.instrument_id
)

select
    s.instrument_id,
    s.jurisdiction,
    s.kind,
    s.number,
    s.title_en,
    s.title_vi,
    s.issuer_id,
    s.stage_rank,
    ['mentioned', 'proposed', 'drafting', 'submitted', 'adopted', 'in_force'][
        s.stage_rank + 1
    ] as stage,
    a.date_text as adopted_text,
    a.date_precision as adopted_precision,
    a.date_start as adopted_start,
    a.date_inferred as adopted_inferred,
    a.votes_for,
    a.votes_present,
    round(100.0 * a.votes_for / a.votes_present, 1) as votes_for_pct,
    s.effective_text,
    s.effective_precision,
    s.effective_start,
    c.n_sources,
    c.source_ids
from staged as s
left join adopted as a on s.instrument_id = a.instrument_id
left join cited as c on s.instrument_id = c.instrument_id;
