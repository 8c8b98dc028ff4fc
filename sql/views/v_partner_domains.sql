-- Domains each partner cooperates on with Vietnam: the most advanced status reached, when it
-- was first recorded, who acts on the Vietnamese side, and the sources behind it. A city that
-- acts for Vietnam (Ho Chi Minh City) also appears, with role 'vn_actor', for the domains it
-- seeks, its counterparts being the foreign partners.
create view v_partner_domains as
with roles as (
    select
        l.partner_id,
        'partner' as role,
        l.domain_id,
        l.status_rank,
        l.date_start,
        l.record_id,
        l.vn_actor_id as counterpart_id
    from cooperation_link as l
    union all
    select
        l.vn_actor_id as partner_id,
        'vn_actor' as role,
        l.domain_id,
        l.status_rank,
        l.date_start,
        l.record_id,
        l.partner_id as counterpart_id
    from cooperation_link as l
    inner join partner as a on l.vn_actor_id = a.partner_id
    where a.kind = 'city'
),

cited as (
    select
        r.partner_id,
        r.role,
        r.domain_id,
        fs.source_id
    from roles as r
    inner join fact_source as fs
        on fs.fact_type = 'link' and r.record_id = fs.fact_id
),

agg as (
    select
        r.partner_id,
        r.role,
        r.domain_id,
        max(r.status_rank) as status_rank,
        count(distinct r.record_id) as n_records,
        min(r.date_start) as first_date,
        string_agg(distinct r.counterpart_id, ', ' order by r.counterpart_id) as counterpart_ids
    from roles as r
    group by r.partner_id, r.role, r.domain_id
),

src as (
    select
        c.partner_id,
        c.role,
        c.domain_id,
        count(distinct c.source_id) as n_sources,
        string_agg(distinct c.source_id, ', ' order by c.source_id) as source_ids
    from cited as c
    group by c.partner_id, c.role, c.domain_id
)

select
    a.partner_id,
    p.name_en as partner_name_en,
    p.name_vi as partner_name_vi,
    p.kind as partner_kind,
    a.role,
    a.domain_id,
    d.label_en as domain_label_en,
    d.label_vi as domain_label_vi,
    d.group_id,
    a.status_rank,
    ['proposed', 'agreed', 'ongoing', 'completed'][a.status_rank] as status,
    a.n_records,
    a.first_date,
    a.counterpart_ids,
    s.n_sources,
    s.source_ids
from agg as a
inner join partner as p on a.partner_id = p.partner_id
inner join domain as d on a.domain_id = d.domain_id
inner join src as s
    on
        a.partner_id = s.partner_id
        and a.role = s.role
        and a.domain_id = s.domain_id;
