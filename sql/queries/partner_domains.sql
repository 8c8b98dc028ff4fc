-- The domains one partner ($partner) cooperates on with Vietnam: the most advanced status
-- reached, who is on the other side (the Vietnamese actors for a foreign partner, the foreign
-- partners for a Vietnamese city) with the status reached with each, the first dated record
-- and the sources. Groups with the most domains first; within a group, the most advanced first.
with filters as (
    select cast($partner as varchar) as partner_id
),

links as (
    select
        l.*,
        case
            when l.partner_id = f.partner_id then l.vn_actor_id else l.partner_id
        end as counterpart_id
    from cooperation_link as l
    cross join filters as f
    where l.partner_id = f.partner_id or l.vn_actor_id = f.partner_id
),

per_counterpart as (
    select
        l.domain_id,
        l.counterpart_id,
        max(l.status_rank) as status_rank
    from links as l
    group by l.domain_id, l.counterpart_id
),

counterparts as (
    select
        pc.domain_id,
        list(
            {
                'id': pc.counterpart_id,
                'name_vi': c.name_vi,
                'name_en': c.name_en,
                'status': ['proposed', 'agreed', 'ongoing', 'completed'][pc.status_rank]
            }
            order by pc.status_rank desc, pc.counterpart_id asc
        ) as counterparts,
        string_agg(c.name_vi, '; ' order by pc.status_rank desc, pc.counterpart_id asc)
            as counterparts_vi,
        string_agg(c.name_en, '; ' order by pc.status_rank desc, pc.counterpart_id asc)
            as counterparts_en,
        string_agg(pc.counterpart_id, ', ' order by pc.counterpart_id) as counterpart_ids
    from per_counterpart as pc
    inner join partner as c on pc.counterpart_id = c.partner_id
    group by pc.domain_id
),

agg as (
    select
        l.domain_id,
        max(l.status_rank) as status_rank,
        count(distinct l.record_id) as n_records,
        string_agg(distinct l.record_id, ', ' order by l.record_id) as record_ids,
        arg_min(l.date_text, l.date_start) as first_date_text,
        arg_min(l.date_precision, l.date_start) as first_date_precision,
        arg_min(l.date_inferred, l.date_start) as first_date_inferred
    from links as l
    group by l.domain_id
),

src as (
    select
        l.domain_id,
        count(distinct fs.source_id) as n_sources,
        string_agg(distinct fs.source_id, ', ' order by fs.source_id) as source_ids
    from links as l
    inner join fact_source as fs
        on fs.fact_type = 'link' and l.record_id = fs.fact_id
    group by l.domain_id
),

group_order as (
    select
        d.group_id,
        row_number() over (
            order by count(*) desc, max(a.status_rank) desc, d.group_id asc
        ) as group_rank
    from agg as a
    inner join domain as d on a.domain_id = d.domain_id
    group by d.group_id
)

select
    a.domain_id,
    d.label_vi as domain_label_vi,
    d.label_en as domain_label_en,
    d.group_id,
    g.label_vi as group_label_vi,
    g.label_en as group_label_en,
    gord.group_rank,
    a.status_rank,
    ['proposed', 'agreed', 'ongoing', 'completed'][a.status_rank] as status,
    a.n_records,
    a.record_ids,
    a.first_date_text,
    a.first_date_precision,
    a.first_date_inferred,
    c.counterpart_ids,
    c.counterparts_vi,
    c.counterparts_en,
    c.counterparts,
    s.n_sources,
    s.source_ids
from agg as a
inner join domain as d on a.domain_id = d.domain_id
inner join domain_group as g on d.group_id = g.group_id
inner join group_order as gord on d.group_id = gord.group_id
inner join counterparts as c on a.domain_id = c.domain_id
left join src as s on a.domain_id = s.domain_id
order by gord.group_rank asc, a.status_rank desc, d.label_en asc
