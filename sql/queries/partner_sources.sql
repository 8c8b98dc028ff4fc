-- The sources behind one partner's profile ($partner) and how many of its facts each supports:
-- cooperation link records (the partner's, or a Vietnamese city's as actor), events (its own
-- or of its bodies) and the legal instruments the profile shows (partner_instruments: its
-- jurisdiction's, and Vietnamese ones cited by the same sources). Most-cited first.
with filters as (
    select cast($partner as varchar) as partner_id
),

members as (
    select p.partner_id
    from partner as p
    cross join filters as f
    where p.partner_id = f.partner_id or p.parent_partner_id = f.partner_id
),

link_facts as (
    select distinct
        fs.source_id,
        l.record_id as fact_id
    from cooperation_link as l
    cross join filters as f
    inner join fact_source as fs
        on fs.fact_type = 'link' and l.record_id = fs.fact_id
    where l.partner_id = f.partner_id or l.vn_actor_id = f.partner_id
),

event_facts as (
    select distinct
        fs.source_id,
        ep.event_id as fact_id
    from event_partner as ep
    inner join members as m on ep.partner_id = m.partner_id
    inner join fact_source as fs
        on fs.fact_type = 'event' and ep.event_id = fs.fact_id
),

partner_sources as (
    select lf.source_id from link_facts as lf
    union
    select ef.source_id from event_facts as ef
),

instrument_sources as (
    select distinct
        split_part(fs.fact_id, ':', 1) as instrument_id,
        fs.source_id
    from fact_source as fs
    where fs.fact_type in ('legal_instrument', 'legal_stage')
),

shown_instruments as (
    select i.instrument_id
    from legal_instrument as i
    inner join partner as p on i.jurisdiction = p.geo or i.issuer_id = p.partner_id
    cross join filters as f
    where p.partner_id = f.partner_id
    union
    select i.instrument_id
    from legal_instrument as i
    inner join instrument_sources as s on i.instrument_id = s.instrument_id
    inner join partner_sources as ps on s.source_id = ps.source_id
    where i.jurisdiction = 'VN'
),

instrument_facts as (
    select
        s.source_id,
        s.instrument_id as fact_id
    from instrument_sources as s
    inner join shown_instruments as si on s.instrument_id = si.instrument_id
),

counts as (
    select
        c.source_id,
        count(*) filter (where c.fact_type = 'link') as n_links,
        count(*) filter (where c.fact_type = 'event') as n_events,
        count(*) filter (where c.fact_type = 'instrument') as n_instruments,
        count(*) as n_facts
    from (
        select
            lf.source_id,
            'link' as fact_type
        from link_facts as lf
        union all
        select
            ef.source_id,
            'event' as fact_type
        from event_facts as ef
        union all
        select
            inf.source_id,
            'instrument' as fact_type
        from instrument_facts as inf
    ) as c
    group by c.source_id
)

select
    s.source_id,
    s.publisher,
    s.url,
    s.url_note,
    s.published_text,
    s.published_precision,
    s.published_inferred,
    s.description_vi,
    s.description_en,
    c.n_links,
    c.n_events,
    c.n_instruments,
    c.n_facts
from counts as c
inner join source as s on c.source_id = s.source_id
order by c.n_facts desc, s.published_start asc nulls last, s.source_id asc
