-- The most recent dated fact in the warehouse (observation, reached legal stage, held event or
-- source), with its precision: what "data as of" means on every page.
with dated as (
    select
        o.period_text as latest_text,
        o.period_precision as latest_precision,
        o.period_end as latest_end
    from observation as o
    union all
    select
        s.date_text,
        s.date_precision,
        s.date_end
    from legal_stage as s
    where not s.planned and s.date_end <= current_date
    union all
    select
        e.date_text,
        e.date_precision,
        e.date_end
    from event as e
    where e.status not in ('planned', 'proposed') and e.date_end <= current_date
    union all
    select
        src.published_text,
        src.published_precision,
        src.published_end
    from source as src
    where src.published_end <= current_date
)

select
    d.latest_text,
    d.latest_precision,
    d.latest_end
from dated as d
where d.latest_end is not null
order by d.latest_end desc, d.latest_text desc
limit 1
