-- Partners with a profile page: foreign partners (not bodies that belong to another partner)
-- with cooperation links or events, their own or of their bodies, and Vietnamese cities that
-- act for Vietnam in cooperation links (Ho Chi Minh City, role 'vn_actor'). With the counts
-- shown in the partner switcher and the page header; most active partners first.
with members as (
    select
        p.partner_id as profile_id,
        p.partner_id as member_id
    from partner as p
    union all
    select
        p.parent_partner_id as profile_id,
        p.partner_id as member_id
    from partner as p
    where p.parent_partner_id is not null
),

partner_links as (
    -- two equality joins rather than one join on an OR (a nested loop at scale)
    select
        p.partner_id,
        p.side,
        l.record_id,
        l.domain_id
    from partner as p
    inner join cooperation_link as l on p.partner_id = l.partner_id
    where p.side = 'foreign'
    union all
    select
        p.partner_id,
        p.side,
        l.record_id,
        l.domain_id
    from partner as p
    inner join cooperation_link as l on p.partner_id = l.vn_actor_id
    where p.kind = 'city'
),

link_counts as (
    select
        pl.partner_id,
        case when pl.side = 'foreign' then 'partner' else 'vn_actor' end as role,
        count(distinct pl.record_id) as n_link_records,
        count(distinct pl.domain_id) as n_domains
    from partner_links as pl
    group by pl.partner_id, pl.side
),

event_counts as (
    select
        m.profile_id as partner_id,
        count(distinct ep.event_id) as n_events
    from members as m
    inner join event_partner as ep on m.member_id = ep.partner_id
    group by m.profile_id
)

select
    p.partner_id,
    p.name_vi,
    p.name_en,
    p.kind,
    p.side,
    p.geo,
    p.note_vi,
    p.note_en,
    coalesce(lc.role, 'partner') as role,
    coalesce(lc.n_domains, 0) as n_domains,
    coalesce(lc.n_link_records, 0) as n_link_records,
    coalesce(ec.n_events, 0) as n_events
from partner as p
left join link_counts as lc on p.partner_id = lc.partner_id
left join event_counts as ec on p.partner_id = ec.partner_id
where
    (p.side = 'foreign' and p.parent_partner_id is null and (lc.n_domains > 0 or ec.n_events > 0))
    or (p.kind = 'city' and lc.n_domains > 0)
order by p.side = 'vietnam' asc, n_domains desc, n_events desc, p.partner_id asc
