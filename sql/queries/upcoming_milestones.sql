-- Milestones to show: upcoming and current ones by date, then planned ones whose date passed
-- with no outcome recorded.
select
    m.milestone_type,
    m.item_id,
    m.title_en,
    m.title_vi,
    m.status,
    m.date_text,
    m.date_precision,
    m.date_start,
    m.timing,
    m.days_until_start,
    m.partner_ids,
    (
        select string_agg(fs.source_id, ', ' order by fs.source_id)
        from fact_source as fs
        where
            fs.fact_id = m.item_id
            and fs.fact_type = case m.milestone_type
                when 'event' then 'event'
                when 'target_deadline' then 'target'
                else 'legal_instrument'
            end
    ) as source_ids
from v_upcoming_milestones as m
order by m.timing = 'past_unconfirmed', m.date_start, m.item_id
