-- What is coming: events whose date has not passed, target deadlines, entries into force and
-- planned legal stages. Planned or proposed events whose date has passed with no outcome
-- recorded stay listed with timing 'past_unconfirmed' (anniversaries excepted: they happen
-- on their date). Items with no known year are left out.
create view v_upcoming_milestones as
with items as (
    select
        'event' as milestone_type,
        e.event_id as item_id,
        e.title_en,
        e.title_vi,
        e.status,
        e.date_text,
        e.date_precision,
        e.date_start,
        coalesce(e.end_date_end, e.date_end) as date_end
    from event as e
    where
        e.date_start is not null
        and (
            coalesce(e.end_date_end, e.date_end) >= current_date
            or (e.status in ('planned', 'proposed') and e.event_type != 'anniversary')
        )
    union all
    select
        'target_deadline' as milestone_type,
        t.target_id as item_id,
        t.title_en,
        t.title_vi,
        'deadline' as status,
        t.deadline_text as date_text,
        t.deadline_precision as date_precision,
        t.deadline_start as date_start,
        t.deadline_end as date_end
    from target as t
    where t.deadline_end >= current_date
    union all
    select
        'entry_into_force' as milestone_type,
        i.instrument_id as item_id,
        i.title_en,
        i.title_vi,
        'in_force' as status,
        i.effective_text as date_text,
        i.effective_precision as date_precision,
        i.effective_start as date_start,
        i.effective_end as date_end
    from legal_instrument as i
    where i.effective_end >= current_date
    union all
    select
        'planned_stage' as milestone_type,
        s.instrument_id as item_id,
        i.title_en,
        i.title_vi,
        s.stage as status,
        s.date_text,
        s.date_precision,
        s.date_start,
        s.date_end
    from legal_stage as s
    inner join legal_instrument as i on s.instrument_id = i.instrument_id
    where s.planned and s.date_end >= current_date
),

partners as (
    select
        ep.event_id,
        string_agg(ep.partner_id, ', ' order by ep.partner_id) as partner_ids
    from event_partner as ep
    where ep.role = 'partner'
    group by ep.event_id
)

select
    i.milestone_type,
    i.item_id,
    i.title_en,
    i.title_vi,
    i.status,
    i.date_text,
    i.date_precision,
    i.date_start,
    i.date_end,
    case
        when i.date_start > current_date then 'upcoming'
        when i.date_end >= current_date then 'current'
        else 'past_unconfirmed'
    end as timing,
    date_diff('day', current_date, i.date_start) as days_until_start,
    p.partner_ids
from items as i
left join partners as p
    on i.milestone_type = 'event' and i.item_id = p.event_id;
