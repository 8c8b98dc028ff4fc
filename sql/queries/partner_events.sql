-- Events and agreements of one partner ($partner), its own or of bodies that belong to it,
-- with dates at their real precision. on_axis tells whether the date can be placed on a time
-- axis (a known year); span_start and span_end are the period the date (or the event, when it
-- has an end date) covers. planned marks events the sources report as planned or proposed.
with filters as (
    select cast($partner as varchar) as partner_id
),

members as (
    select p.partner_id
    from partner as p
    cross join filters as f
    where p.partner_id = f.partner_id or p.parent_partner_id = f.partner_id
),

own_events as (
    select distinct ep.event_id
    from event_partner as ep
    inner join members as m on ep.partner_id = m.partner_id
),

others as (
    select
        ep.event_id,
        string_agg(distinct p.name_vi, '; ' order by p.name_vi) as participants_vi,
        string_agg(distinct p.name_en, '; ' order by p.name_en) as participants_en
    from event_partner as ep
    inner join own_events as oe on ep.event_id = oe.event_id
    inner join partner as p on ep.partner_id = p.partner_id
    where ep.partner_id not in (select m.partner_id from members as m)
    group by ep.event_id
),

domains as (
    select
        ed.event_id,
        string_agg(d.label_vi, '; ' order by d.label_vi) as domains_vi,
        string_agg(d.label_en, '; ' order by d.label_en) as domains_en
    from event_domain as ed
    inner join own_events as oe on ed.event_id = oe.event_id
    inner join domain as d on ed.domain_id = d.domain_id
    group by ed.event_id
),

src as (
    select
        fs.fact_id as event_id,
        count(*) as n_sources,
        string_agg(fs.source_id, ', ' order by fs.source_id) as source_ids
    from fact_source as fs
    inner join own_events as oe on fs.fact_id = oe.event_id
    where fs.fact_type = 'event'
    group by fs.fact_id
)

select
    e.event_id,
    e.event_type,
    e.status,
    e.status in ('planned', 'proposed') as planned,
    e.date_text,
    e.date_precision,
    e.date_inferred,
    e.date_note,
    e.end_date_text,
    e.end_date_precision,
    e.date_start is not null as on_axis,
    e.date_start as span_start,
    coalesce(e.end_date_end, e.date_end) as span_end,
    e.title_vi,
    e.title_en,
    e.summary_vi,
    e.summary_en,
    e.location_vi,
    e.location_en,
    o.participants_vi,
    o.participants_en,
    d.domains_vi,
    d.domains_en,
    s.n_sources,
    s.source_ids
from event as e
inner join own_events as oe on e.event_id = oe.event_id
left join others as o on e.event_id = o.event_id
left join domains as d on e.event_id = d.event_id
left join src as s on e.event_id = s.event_id
order by e.date_start asc nulls last, e.date_precision asc, e.date_text asc, e.event_id asc
